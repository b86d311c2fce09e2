"""Spreadsheet and CSV files: the cell rule every writer follows and the checks every reader makes."""
