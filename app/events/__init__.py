"""Events: registration with capacity per mode and a waiting list, check-in, calendar files, reminders."""
