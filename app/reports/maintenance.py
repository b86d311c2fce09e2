"""Periodic care of reports: queued reports whose job was lost, builds that stopped responding, and
stored reports past retention."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from redis.exceptions import RedisError
from rq.job import Job, JobStatus
from sqlalchemy import delete, func, or_, select
from surveys import N_

from app.extensions import db, queue
from app.models import Report, ReportArtefact, ReportStatus
from app.reports.builds import REPORTS_QUEUE, build_after_commit

log = logging.getLogger(__name__)

# A queued report younger than this is left alone: its request may not have enqueued its job yet.
RESTART_GRACE = timedelta(seconds=20)
_LIVE = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.STARTED, JobStatus.DEFERRED}
# Stored as the English msgid; pages translate it when they show it.
STUCK_REASON = N_("The build stopped responding several times, so it was stopped. Try again; if it fails again, "
                  "tell the service's support.")


def sweep_stuck_reports(now: datetime) -> tuple[list[int], list[int]]:
    """Find builds without a heartbeat for REPORT_STUCK_MINUTES (and queued reports never picked up).

    Such a report is queued again while it has attempts left (its build enqueued after the caller's
    commit), else marked failed. Returns the ids queued again and the ids marked failed.
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
            build_after_commit(report)
            requeued.append(report.id)
    db.session.flush()
    return requeued, failed


def restart_waiting_reports(now: datetime) -> list[int]:
    """Enqueue again (after the caller's commit) every queued report whose job Redis does not hold.

    That is a report requested while Redis was unreachable, or whose job Redis lost (a restart
    without persistence). Returns their ids; an empty list when Redis cannot be asked.
    """
    waiting = list(db.session.scalars(
        select(Report)
        .where(Report.status == ReportStatus.QUEUED,
               func.coalesce(Report.heartbeat_at, Report.created_at) < now - RESTART_GRACE)
        .order_by(Report.id)
        .with_for_update(skip_locked=True)
    ))
    if not waiting:
        return []
    try:
        jobs = Job.fetch_many([report.job_id or "" for report in waiting], connection=queue(REPORTS_QUEUE).connection)
        live = {job.id for job in jobs if job is not None and job.get_status(refresh=False) in _LIVE}
    except (RedisError, OSError) as error:
        log.warning("Could not look up the jobs of %d queued report(s): %s", len(waiting), type(error).__name__)
        return []
    restarted = []
    for report in waiting:
        if report.job_id not in live:
            build_after_commit(report)
            restarted.append(report.id)
    db.session.flush()
    return restarted


def expire_reports(now: datetime) -> int:
    """Delete finished and failed reports, with their files, older than REPORT_RETENTION_DAYS."""
    oldest = now - timedelta(days=current_app.config["REPORT_RETENTION_DAYS"])
    old = select(Report.id).where(Report.status.in_([ReportStatus.DONE, ReportStatus.FAILED]), Report.created_at < oldest)
    ids = list(db.session.scalars(old))
    if ids:
        db.session.execute(delete(ReportArtefact).where(ReportArtefact.report_id.in_(ids)))
        db.session.execute(delete(Report).where(Report.id.in_(ids)))
    return len(ids)
