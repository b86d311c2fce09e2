"""Surveys: frozen definition versions, invitations, responses and one row per answer."""

import enum
from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, defer, mapped_column, object_session, relationship

from app.extensions import db
from app.models.associations import Association
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.councils import Council
from app.models.periods import PeriodMixin


class AccessMode(enum.Enum):
    INVITATIONS = "invitations"
    OPEN = "open"
    BOTH = "both"


class ResponseStatus(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Survey(PeriodMixin, db.Model):
    """A survey of a council; it takes answers while its period is open (``phase(now)``)."""

    __tablename__ = "surveys"
    __table_args__ = (UniqueConstraint("council_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    # The newest version's title, kept here for lists; the version holds the full texts.
    title: Mapped[str] = mapped_column(String(300))
    access_mode: Mapped[AccessMode] = mapped_column(enum_column(AccessMode), default=AccessMode.INVITATIONS)
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    allows_editing_after_submit: Mapped[bool] = mapped_column(default=True)
    is_results_public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The staff's own invitation and reminder messages: {"invitation": {"fi": ..., "sv": ..., "en": ...},
    # "reminder": {...}}; a missing text means the default one.
    mail_texts: Mapped[dict | None] = mapped_column(JSON)
    # Scheduled reminders, as days before closing ("7,2"), and when the last scheduled one went out.
    reminder_days: Mapped[str | None] = mapped_column(String(40))
    scheduled_reminder_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    council: Mapped[Council] = relationship()
    versions: Mapped[list["SurveyVersion"]] = relationship(
        back_populates="survey", order_by="SurveyVersion.number", cascade="all, delete-orphan"
    )

    @property
    def current_version(self) -> "SurveyVersion | None":
        """The newest version; its definition JSON is loaded only when read (definitions are cached)."""
        session = object_session(self)
        # A loaded collection may hold a version not flushed yet; only an unloaded one is worth skipping,
        # since it would bring every version's 20+ KB definition along.
        if "versions" in self.__dict__ or session is None or self.id is None:
            return self.versions[-1] if self.versions else None
        return session.scalar(select(SurveyVersion).where(SurveyVersion.survey_id == self.id)
                              .order_by(SurveyVersion.number.desc()).limit(1)
                              .options(defer(SurveyVersion.definition_json)))

    @property
    def reminder_day_list(self) -> list[int]:
        """The scheduled reminders as days before closing, largest first."""
        return sorted({int(part) for part in (self.reminder_days or "").split(",") if part.strip().isdigit()},
                      reverse=True)


class SurveyVersion(db.Model):
    """A frozen survey definition; a changed file makes a new version, answers keep theirs."""

    __tablename__ = "survey_versions"
    __table_args__ = (UniqueConstraint("survey_id", "number"), UniqueConstraint("survey_id", "content_hash"))

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    definition_json: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    survey: Mapped[Survey] = relationship(back_populates="versions")


class Invitation(db.Model):
    """A personal link for one association; only the token's hash is stored."""

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("survey_id", "association_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2), default="fi")
    # Snapshot of the association's municipality and sector, for response rates.
    municipality_code: Mapped[str | None] = mapped_column(String(3))
    sector: Mapped[str | None] = mapped_column(String(30))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_nonce: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_count: Mapped[int] = mapped_column(default=0)

    survey: Mapped[Survey] = relationship()
    association: Mapped[Association | None] = relationship()
    response: Mapped["Response | None"] = relationship(back_populates="invitation", uselist=False)


class Response(db.Model):
    __tablename__ = "survey_responses"
    __table_args__ = (Index("ix_survey_responses_survey_status", "survey_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"), index=True)
    # Unique: one response per invitation, enforced by the database.
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_invitations.id", ondelete="SET NULL"), unique=True
    )
    # For open-link responses: the hash of the token in the respondent's cookie or resume link.
    resume_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[ResponseStatus] = mapped_column(enum_column(ResponseStatus), default=ResponseStatus.DRAFT)
    language: Mapped[str] = mapped_column(String(2), default="fi")
    current_page: Mapped[str | None] = mapped_column(String(80))
    municipality_code: Mapped[str | None] = mapped_column(String(3), index=True)
    sector: Mapped[str | None] = mapped_column(String(30), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # What "save and continue later" kept although it was not valid yet (a text over the limit,
    # "noin 45"): JSON field name -> typed values, shown back with its error until corrected.
    typed_input: Mapped[str | None] = mapped_column(Text)
    # Optimistic locking: two tabs saving the same response never overwrite each other silently.
    revision: Mapped[int] = mapped_column(default=1)

    survey: Mapped[Survey] = relationship()
    version: Mapped[SurveyVersion] = relationship()
    invitation: Mapped[Invitation | None] = relationship(back_populates="response")
    answers: Mapped[list["Answer"]] = relationship(back_populates="response", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": revision}


class Answer(db.Model):
    """One stored answer row: a value, a chosen option, a matrix row or a rank."""

    __tablename__ = "survey_answers"
    __table_args__ = (
        # The raw data reads a response's answers in id order: the index gives them so, without a sort.
        Index("ix_survey_answers_response", "response_id", "id"),
        Index("ix_survey_answers_question_option", "question_key", "option"),
        # Reports read a question's texts in response order and stop after the first few hundred.
        Index("ix_survey_answers_survey_question_response", "survey_id", "question_key", "response_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"))
    # Denormalised so that aggregation filters by survey without a join.
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(80))
    option: Mapped[str | None] = mapped_column(String(80))
    row: Mapped[str | None] = mapped_column(String(80))
    value_text: Mapped[str | None] = mapped_column(Text)
    value_number: Mapped[float | None] = mapped_column(Float)

    response: Mapped[Response] = relationship(back_populates="answers")
