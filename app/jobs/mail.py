"""RQ entry points for e-mail: send one outbox message, sweep the outbox, purge what retention allows."""

from __future__ import annotations

import logging
import smtplib

from flask import current_app

from app.extensions import db
from app.jobs.context import job_context
from app.mail import outbox, retention
from app.mail.sending import build_email, deliver, describe_error, is_permanent
from app.models import OutboxStatus
from app.models.base import utcnow

log = logging.getLogger(__name__)


def send_outbox_message(message_id: int) -> str:
    """Send one outbox message if it is due; returns "sent", "retry", "failed" or "skipped".

    Idempotent: a SENT message, one claimed by another job, or one waiting for its back-off is
    skipped. The claim (SENDING) is committed before the SMTP conversation and SENT right after it;
    see app/mail/outbox.py for what a crash between the two means.
    """
    with job_context():
        message = outbox.claim_message(message_id, utcnow())
        if message is None:
            db.session.rollback()
            return "skipped"
        email = build_email(message, current_app.config["MAIL_DEFAULT_SENDER"])
        db.session.commit()
        try:
            deliver(email, message_id)
        except (smtplib.SMTPException, OSError) as error:
            return _record_failure(message_id, error)
        outbox.record_sent(message_id, utcnow())
        db.session.commit()
        log.info("Outbox message %s sent", message_id)
        return "sent"


def _record_failure(message_id: int, error: Exception) -> str:
    db.session.rollback()
    error_text = describe_error(error)
    message = outbox.record_failure(message_id, error_text, utcnow(), permanent=is_permanent(error))
    failed, attempts, retry_at = message.status is OutboxStatus.FAILED, message.attempts, message.next_attempt_at
    db.session.commit()  # enqueues the retry at its time (record_failure asked for it)
    if failed:
        log.warning("Outbox message %s failed for good after %s attempt(s): %s", message_id, attempts, error_text)
        return "failed"
    log.warning("Outbox message %s: attempt %s failed, next at %s: %s", message_id, attempts, retry_at.isoformat(),
                error_text)
    return "retry"


def sweep_outbox() -> int:
    """Enqueue every due message: written while Redis was down, past its back-off, or stuck SENDING."""
    with job_context():
        due = outbox.due_messages(utcnow())
        db.session.rollback()
        return outbox.enqueue_sends(due)


def purge_outbox() -> dict[str, int]:
    """Delete sent (and failed) messages past OUTBOX_RETENTION_DAYS and audit rows past AUDIT_RETENTION_DAYS."""
    with job_context():
        now = utcnow()
        counts = {"messages": retention.purge_outbox_messages(now), "audit_log": retention.purge_audit_log(now)}
        db.session.commit()
        return counts
