"""RQ entry points for reports: build one report, and the periodic sweep of stuck and expired ones."""

from __future__ import annotations

import logging
import time

from flask_babel import force_locale
from rq import get_current_job
from surveys import N_

from app.extensions import db
from app.jobs.context import job_context
from app.models import Report, ReportArtefact, ReportStatus
from app.models.base import utcnow

log = logging.getLogger(__name__)
# Stored as English msgids; pages translate them when they show them.
UNEXPECTED_REASON = N_("The report could not be built because of an unexpected error.")
PROGRESS_INTERVAL = 1.0


class BuildSuperseded(Exception):
    """Another job took this build over (ours was declared stuck): stop without touching the row."""


def build_report(report_id: int) -> None:
    """Build every requested file of the report and store them in the database.

    Idempotent: a finished or failed report is left alone; a retry by RQ after the worker died
    takes over the same build. Raises the build's error after recording it, so that RQ retries.
    """
    with job_context():
        _build(report_id)


def _claim(report: Report, job_id: str | None) -> None:
    """Lock the report row and make sure this job still owns the build."""
    db.session.refresh(report, with_for_update=True)
    if report.status is not ReportStatus.BUILDING or report.job_id != job_id:
        raise BuildSuperseded


def _build(report_id: int) -> None:
    from app.reports.building.assemble import build_files

    job = get_current_job()
    job_id = job.id if job is not None else None
    report = db.session.get(Report, report_id, with_for_update=True)
    if report is None or report.status not in (ReportStatus.QUEUED, ReportStatus.BUILDING):
        db.session.rollback()
        return
    if report.status is ReportStatus.BUILDING and report.job_id not in (None, job_id):
        # Another job builds it and its heartbeat is the stuck sweep's business.
        db.session.rollback()
        return
    report.start(utcnow())
    report.job_id = job_id
    report.step = ""
    db.session.commit()

    last = {"at": 0.0, "percent": -1}

    def progress(percent: int, step: str) -> None:
        now = time.monotonic()
        if percent == last["percent"] and now - last["at"] < PROGRESS_INTERVAL * 5:
            return
        if now - last["at"] < PROGRESS_INTERVAL and percent < 100:
            return
        last.update(at=now, percent=percent)
        _claim(report, job_id)
        report.beat(utcnow(), percent, step)
        db.session.commit()

    language = report.parameters.get("language", "fi")
    try:
        with force_locale(language):
            built = build_files(report, progress)
        _claim(report, job_id)
        for artefact in list(report.artefacts):
            db.session.delete(artefact)
        db.session.flush()
        for item in built:
            db.session.add(ReportArtefact(report_id=report.id, format=item.format, filename=item.filename,
                                          content_type=item.content_type, data=item.data, size=len(item.data)))
        report.finish(utcnow())
        db.session.commit()
    except BuildSuperseded:
        db.session.rollback()
        log.info("Build of report %s was taken over by another job; this one stops", report_id)
    except Exception as error:
        db.session.rollback()
        log.exception("Building report %s failed", report_id)
        report = db.session.get(Report, report_id)
        if report is not None and report.status is ReportStatus.BUILDING:
            if job is not None and job.retries_left:
                report.step = UNEXPECTED_REASON
            else:
                # The first line is the msgid that pages translate; the second the technical detail.
                report.fail(utcnow(), f"{UNEXPECTED_REASON}\n{type(error).__name__}: {error}"[:1000])
            db.session.commit()
        raise


def sweep_reports() -> dict[str, int]:
    """The periodic check: requeue or fail stuck builds, delete reports past retention."""
    from app.reports.maintenance import expire_reports, sweep_stuck_reports
    from app.reports.requests import enqueue_build

    with job_context():
        now = utcnow()
        requeued, failed = sweep_stuck_reports(now)
        expired = expire_reports(now)
        db.session.commit()
        for report_id in requeued:
            enqueue_build(report_id)
        return {"requeued": len(requeued), "failed": len(failed), "expired": expired}
