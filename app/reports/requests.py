"""Requesting a report: reuse a stored one for unchanged data, join a running build, or queue a new one."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.background import PendingJob
from app.extensions import db
from app.models import Council, Report, ReportStatus, User
from app.models.base import utcnow
from app.reports.builds import build_after_commit
from app.reports.kinds import kind_for
from app.reports.kinds.base import ReportRequestError

__all__ = ["ReportRequestError", "report_fingerprint", "request_report", "retry_report"]


def report_fingerprint(council_id: int, kind: str, parameters: dict, signature: str) -> str:
    """sha256 of what the report shows: whose, which kind, its parameters and its data's signature."""
    payload = json.dumps([council_id, kind, parameters, signature], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _stored(council_id: int, fingerprint: str, now: datetime) -> Report | None:
    oldest = now - timedelta(days=current_app.config["REPORT_RETENTION_DAYS"])
    return db.session.scalar(
        select(Report)
        .where(Report.council_id == council_id, Report.fingerprint == fingerprint,
               Report.status == ReportStatus.DONE, Report.finished_at >= oldest)
        .order_by(Report.finished_at.desc())
        .limit(1)
    )


def _active(fingerprint: str) -> Report | None:
    return db.session.scalar(select(Report).where(Report.active_fingerprint == fingerprint))


def request_report(council: Council, kind: str, parameters: dict, requested_by: User | None,
                   now: datetime | None = None) -> tuple[Report, PendingJob | None]:
    """The report for these parameters and the data as it is now, and its build job when a new one
    is enqueued (after the caller's commit; `PendingJob.waits_for_redis` tells when Redis could not
    take it, and the sweep of waiting reports starts it later).

    Unchanged data: the stored report is returned (no build). The same report already queued or
    building: that one is returned; the database's unique `active_fingerprint` decides a race.
    The kind reads what it needs from `parameters` (a survey report its "survey_id"). Raises
    ReportRequestError when the kind refuses the parameters (a survey of another council) or a
    format is unknown.
    """
    now = now or utcnow()
    report_kind = kind_for(kind)
    report_kind.check(council, parameters)
    unknown = [f for f in parameters.get("formats", []) if f not in report_kind.formats]
    if unknown or not parameters.get("formats"):
        raise ReportRequestError(_l("Choose at least one of the offered formats."), "formats")
    if parameters.get("publication") and "csv" in parameters["formats"]:
        raise ReportRequestError(_l("Raw data (CSV) cannot be part of a publication version."), "formats")
    parameters = json.loads(json.dumps(parameters, sort_keys=True, default=str))
    fingerprint = report_fingerprint(council.id, kind, parameters, report_kind.data_signature(council, parameters))
    existing = _stored(council.id, fingerprint, now) or _active(fingerprint)
    if existing is not None:
        return existing, None
    report = Report(council_id=council.id, subject=report_kind.subject(parameters), kind=kind,
                    parameters_json=json.dumps(parameters, sort_keys=True), fingerprint=fingerprint,
                    active_fingerprint=fingerprint, status=ReportStatus.QUEUED, created_at=now,
                    requested_by_id=requested_by.id if requested_by else None)
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        # Another request for the same report committed first: join its build.
        existing = _active(fingerprint)
        if existing is None:
            raise
        return existing, None
    return report, build_after_commit(report)


def retry_report(report: Report, now: datetime | None = None) -> tuple[Report, PendingJob | None]:
    """Queue a failed report again with today's data; the report to show and its build job, if a new
    one is enqueued after the caller's commit."""
    if report.status is not ReportStatus.FAILED:
        raise ReportRequestError(_l("Only a failed report can be tried again."))
    kind = kind_for(report.kind)
    parameters = report.parameters
    fingerprint = report_fingerprint(report.council_id, report.kind, parameters,
                                     kind.data_signature(report.council, parameters))
    existing = _stored(report.council_id, fingerprint, now or utcnow()) or _active(fingerprint)
    if existing is not None:
        return existing, None
    try:
        with db.session.begin_nested():
            report.fingerprint = fingerprint
            report.requeue()
            report.attempts = 0
            report.heartbeat_at = now or utcnow()
    except IntegrityError:
        db.session.refresh(report)
        existing = _active(fingerprint)
        if existing is None:
            raise
        return existing, None
    return report, build_after_commit(report)
