"""Reports built in the background, their stored files (artefacts), and the texts picked for a public results page."""

import enum
import json
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.councils import Council
from app.models.surveys import Answer


class ReportStatus(enum.Enum):
    QUEUED = "queued"
    BUILDING = "building"
    DONE = "done"
    FAILED = "failed"


ACTIVE_STATUSES = (ReportStatus.QUEUED, ReportStatus.BUILDING)


class ReportTransitionError(Exception):
    """A status change that the report's current status does not allow."""


class Report(db.Model):
    """One requested report: what to build (kind + parameters), how far it is, and its result."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_council_fingerprint", "council_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    # What the report is about, as its kind names it from the parameters ("survey:12"); None for a
    # report about the whole council (the annual summary). Lets a page list one subject's reports.
    subject: Mapped[str | None] = mapped_column(String(80), index=True)
    parameters_json: Mapped[str] = mapped_column(Text, default="{}")
    # sha256 of the kind, parameters and a signature of the data the report reads.
    fingerprint: Mapped[str] = mapped_column(String(64))
    # Equal to the fingerprint while queued or building, NULL otherwise: the unique constraint lets
    # at most one build of the same report run at a time (NULLs never collide, on SQLite or PostgreSQL).
    active_fingerprint: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus), default=ReportStatus.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)
    step: Mapped[str] = mapped_column(String(200), default="")
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    # The RQ job building it: a retry of the same job may take over a build whose worker died.
    job_id: Mapped[str | None] = mapped_column(String(64))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    council: Mapped[Council] = relationship()
    artefacts: Mapped[list["ReportArtefact"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportArtefact.id"
    )

    @property
    def parameters(self) -> dict[str, Any]:
        return json.loads(self.parameters_json or "{}")

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def artefact(self, fmt: str) -> "ReportArtefact | None":
        return next((a for a in self.artefacts if a.format == fmt), None)

    def start(self, now: datetime) -> None:
        """Queued (or building again after a crash) -> building."""
        if self.status not in ACTIVE_STATUSES:
            raise ReportTransitionError(f"cannot start a {self.status.value} report")
        self.status = ReportStatus.BUILDING
        self.active_fingerprint = self.fingerprint
        self.started_at = now
        self.heartbeat_at = now
        self.progress = 0
        self.error = None
        self.attempts += 1

    def beat(self, now: datetime, progress: int, step: str) -> None:
        self.progress = max(0, min(100, progress))
        self.step = step[:200]
        self.heartbeat_at = now

    def finish(self, now: datetime) -> None:
        if self.status is not ReportStatus.BUILDING:
            raise ReportTransitionError(f"cannot finish a {self.status.value} report")
        self.status = ReportStatus.DONE
        self.active_fingerprint = None
        self.progress = 100
        self.finished_at = now
        self.heartbeat_at = now

    def fail(self, now: datetime, reason: str) -> None:
        if self.status is ReportStatus.DONE:
            raise ReportTransitionError("cannot fail a finished report")
        self.status = ReportStatus.FAILED
        self.active_fingerprint = None
        self.error = reason
        self.finished_at = now

    def requeue(self) -> None:
        """Failed or stuck -> queued again (the caller enqueues the job after the commit)."""
        if self.status is ReportStatus.DONE:
            raise ReportTransitionError("cannot requeue a finished report")
        self.status = ReportStatus.QUEUED
        self.active_fingerprint = self.fingerprint
        self.progress = 0
        self.step = ""
        self.error = None
        self.finished_at = None
        self.heartbeat_at = None


class ReportArtefact(db.Model):
    """One file of a report (pdf, xlsx, csv, zip), stored in the database so any host can serve it."""

    __tablename__ = "report_artefacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    format: Mapped[str] = mapped_column(String(10))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    # Deferred: listing a report's files must not read megabytes of content.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    size: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[Report] = relationship(back_populates="artefacts")


class PublishedText(db.Model):
    """A free-text answer that staff chose to show on the survey's public results page.

    It points at the answer row itself. Answering replaces a page's answer rows whenever a respondent
    saves it, and a deleted response takes its answers along, so a pick goes away with the text it
    was made for (ON DELETE CASCADE) and never shows a text that staff did not read.
    """

    __tablename__ = "published_texts"
    __table_args__ = (UniqueConstraint("survey_id", "answer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    # Indexed: deleting answer rows looks their picks up by answer.
    answer_id: Mapped[int] = mapped_column(ForeignKey("survey_answers.id", ondelete="CASCADE"), index=True)
    picked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    picked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    answer: Mapped[Answer] = relationship()
