"""Retention of personal data in the outbox and the audit log: rows past their time are deleted."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete

from app.extensions import db
from app.models import AuditLog, OutboxMessage, OutboxStatus


def purge_outbox_messages(now: datetime) -> int:
    """Delete messages sent more than OUTBOX_RETENTION_DAYS ago, and failed ones written that long ago.

    Pending and sending messages are never deleted: they have not been delivered yet.
    """
    cutoff = now - timedelta(days=current_app.config["OUTBOX_RETENTION_DAYS"])
    sent = db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < cutoff)
    )
    failed = db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED, OutboxMessage.created_at < cutoff)
    )
    return sent.rowcount + failed.rowcount


def purge_audit_log(now: datetime) -> int:
    """Delete audit log rows older than AUDIT_RETENTION_DAYS."""
    cutoff = now - timedelta(days=current_app.config["AUDIT_RETENTION_DAYS"])
    return db.session.execute(delete(AuditLog).where(AuditLog.created_at < cutoff)).rowcount
