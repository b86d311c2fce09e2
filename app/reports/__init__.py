"""Reports: requesting, building in the background, storing and serving survey and annual reports."""
