"""RQ entry points for surveys: the scheduled reminders."""

from __future__ import annotations

import logging

from app.extensions import db
from app.jobs.context import job_context
from app.surveys.invitation_mail import send_scheduled_reminders

log = logging.getLogger(__name__)


def send_due_reminders() -> int:
    """Send the reminders whose scheduled day before closing has come; returns how many e-mails."""
    with job_context():
        queued = send_scheduled_reminders()
        db.session.commit()
        if queued:
            log.info("Scheduled reminders: %s e-mails queued", queued)
        return queued
