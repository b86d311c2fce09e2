"""The web side of surveys: publishing, invitations, answering and the live view."""
