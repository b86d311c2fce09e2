"""RQ entry points for events: reminders and feedback surveys, and the removal of old participant data."""

from __future__ import annotations

import logging

from flask import current_app

from app.events import followups, retention
from app.extensions import db
from app.jobs.context import job_context

log = logging.getLogger(__name__)


def send_event_followups() -> int:
    """Queue the due reminders before events and feedback surveys after them; returns the e-mails queued."""
    with job_context():
        queued = followups.send_due_reminders() + followups.send_due_feedback()
        db.session.commit()
        if queued:
            log.info("Event reminders and feedback: %s e-mails queued", queued)
        return queued


def remove_old_participant_data() -> int:
    """Remove the personal data of participants of events past the retention time; returns the rows."""
    with job_context():
        removed = retention.remove_old_participant_data(current_app.config["EVENT_RETENTION_DAYS"])
        db.session.commit()
        if removed:
            log.info("Event retention: personal data removed from %s registrations", removed)
        return removed
