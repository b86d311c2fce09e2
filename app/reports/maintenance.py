"""Periodic care of reports: builds that stopped responding, and stored reports past retention."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select
from surveys import N_

from app.extensions import db
from app.models import Report, ReportArtefact, ReportStatus

# Stored as the English msgid; pages translate it when they show it.
STUCK_REASON = N_("The build stopped responding several times, so it was stopped. Try again; if it fails again, "
                  "tell the service's support.")


def sweep_stuck_reports(now: datetime) -> tuple[list[int], list[int]]:
    """Find builds without a heartbeat for REPORT_STUCK_MINUTES (and queued reports never picked up).

    Such a report is queued again while it has attempts left, else marked failed. Returns the ids
    to enqueue (after the caller's commit) and the ids marked failed.
    """
    config = current_app.config
    limit = now - timedelta(minutes=config["REPORT_STUCK_MINUTES"])
    stale = db.session.scalars(
        select(Report)
        .where(
            or_(
                (Report.status == ReportStatus.BUILDING) & (Report.heartbeat_at < limit),
                (Report.status == ReportStatus.QUEUED) & (func.coalesce(Report.heartbeat_at, Report.created_at) < limit),
            )
        )
        .with_for_update(skip_locked=True)
    ).all()
    requeued, failed = [], []
    for report in stale:
        if report.attempts >= config["REPORT_MAX_ATTEMPTS"]:
            report.fail(now, STUCK_REASON)
            failed.append(report.id)
        else:
            report.requeue()
            # Marks when it was queued again, so that the next sweep waits as long again.
            report.heartbeat_at = now
            requeued.append(report.id)
    db.session.flush()
    return requeued, failed


def expire_reports(now: datetime) -> int:
    """Delete finished and failed reports, with their files, older than REPORT_RETENTION_DAYS."""
    oldest = now - timedelta(days=current_app.config["REPORT_RETENTION_DAYS"])
    old = select(Report.id).where(Report.status.in_([ReportStatus.DONE, ReportStatus.FAILED]), Report.created_at < oldest)
    ids = list(db.session.scalars(old))
    if ids:
        db.session.execute(delete(ReportArtefact).where(ReportArtefact.report_id.in_(ids)))
        db.session.execute(delete(Report).where(Report.id.in_(ids)))
    return len(ids)
