"""Reference data shipped with the app."""
