"""Building a report: its job enqueued after the commit, and the build itself (claim, progress, files, failure)."""

from __future__ import annotations

import logging
import secrets
import time

from flask import current_app
from flask_babel import force_locale
from rq import Retry
from surveys import N_

from app.background import PendingJob, enqueue_after_commit
from app.extensions import db
from app.models import Report, ReportArtefact, ReportStatus
from app.models.base import utcnow
from app.reports.building import assemble

log = logging.getLogger(__name__)

BUILD_JOB = "app.jobs.reports.build_report"
REPORTS_QUEUE = "reports"
# Stored as English msgids; pages translate them when they show them.
UNEXPECTED_REASON = N_("The report could not be built because of an unexpected error.")
PROGRESS_INTERVAL = 1.0


class BuildSuperseded(Exception):
    """Another job took this build over (ours was declared stuck): stop without touching the row."""


def build_after_commit(report: Report) -> PendingJob:
    """Enqueue the report's build once the caller commits. RQ retries a crashed build.

    Each enqueue gets a job id of its own, kept on the row while the report waits: the sweep of
    waiting reports (app/reports/maintenance.py) enqueues again a queued report whose job Redis
    does not hold, e.g. because Redis was unreachable at the commit.
    """
    config = current_app.config
    retries = config["REPORT_JOB_RETRIES"]
    report.job_id = f"report-{report.id}-{secrets.token_hex(6)}"
    return enqueue_after_commit(
        BUILD_JOB, report.id, queue_name=REPORTS_QUEUE, job_id=report.job_id,
        retry=Retry(max=retries, interval=[10, 60, 300][:retries]) if retries else None,
        timeout=config["REPORT_JOB_TIMEOUT"], description=f"build report {report.id}",
    )


def run_build(report_id: int, job_id: str | None = None, retries_left: bool = False) -> None:
    """Build every requested file of the report and store them in the database; commits as it goes.

    Idempotent: a finished or failed report is left alone; a retry by RQ after the worker died
    (the same `job_id`) takes over the same build. Raises the build's error after recording it,
    so that RQ retries; with `retries_left` the report stays building for that retry.
    """
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
    try:
        with force_locale(report.parameters.get("language", "fi")):
            built = assemble.build_files(report, _progress_reporter(report, job_id))
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
        _record_failure(report_id, error, retries_left)
        raise


def _claim(report: Report, job_id: str | None) -> None:
    """Lock the report row and make sure this job still owns the build."""
    db.session.refresh(report, with_for_update=True)
    if report.status is not ReportStatus.BUILDING or report.job_id != job_id:
        raise BuildSuperseded


def _progress_reporter(report: Report, job_id: str | None):
    """progress(percent, step): stores a beat at most every PROGRESS_INTERVAL seconds, and stops a
    build that another job took over."""
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

    return progress


def _record_failure(report_id: int, error: Exception, retries_left: bool) -> None:
    report = db.session.get(Report, report_id)
    if report is None or report.status is not ReportStatus.BUILDING:
        return
    if retries_left:
        report.step = UNEXPECTED_REASON
    else:
        # The first line is the msgid that pages translate; the second the technical detail.
        report.fail(utcnow(), f"{UNEXPECTED_REASON}\n{type(error).__name__}: {error}"[:1000])
    db.session.commit()
