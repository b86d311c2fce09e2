"""RQ entry points for reports: build one report, the sweep of stuck and expired ones, and the restart
of queued reports whose job Redis lost."""

from __future__ import annotations

from rq import get_current_job

from app.extensions import db
from app.jobs.context import job_context
from app.models.base import utcnow
from app.reports import maintenance
from app.reports.builds import run_build


def build_report(report_id: int) -> None:
    """Build the report (app/reports/builds.py); RQ retries it while retries are left."""
    with job_context():
        job = get_current_job()
        run_build(report_id, job.id if job is not None else None, bool(job is not None and job.retries_left))


def sweep_reports() -> dict[str, int]:
    """The periodic check: requeue or fail stuck builds, delete reports past retention."""
    with job_context():
        now = utcnow()
        requeued, failed = maintenance.sweep_stuck_reports(now)
        expired = maintenance.expire_reports(now)
        db.session.commit()
        return {"requeued": len(requeued), "failed": len(failed), "expired": expired}


def restart_waiting_reports() -> int:
    """The periodic restart (every minute): enqueue again the queued reports that have no live job."""
    with job_context():
        restarted = maintenance.restart_waiting_reports(utcnow())
        db.session.commit()
        return len(restarted)
