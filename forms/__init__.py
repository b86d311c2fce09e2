"""WTForms form classes for the fixed forms, shared validators, and the survey page form builder."""
