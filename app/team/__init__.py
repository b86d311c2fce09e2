"""A council's team: its members and their roles, invitations by e-mail, and each person's own account."""
