"""The audit log of staff actions: writing rows (log.py) and the admins' page (staff_views.py)."""
