"""Events of a council and the registrations for them: capacity per mode, the waiting list, check-in."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.councils import Council
from app.models.periods import PeriodMixin
from app.models.surveys import Survey


class EventStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class AttendanceMode(enum.Enum):
    ONSITE = "onsite"
    REMOTE = "remote"


class RegistrationStatus(enum.Enum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class InvalidEventTransition(Exception):
    """A status change the event's state does not allow (a programming error, not a user's)."""


class EventFacts:
    """What an event's own columns tell, shared by the model and the plain values a registration reads
    (`app/events/public_events.py::PublicEvent`): the texts in a language, the capacity and modes, whether it
    is public or over."""

    def title(self, language: str) -> str:
        return getattr(self, f"title_{language}", "") or self.title_fi

    def description(self, language: str) -> str:
        return getattr(self, f"description_{language}", "") or self.description_fi

    def capacity(self, mode: AttendanceMode) -> int | None:
        return self.capacity_onsite if mode is AttendanceMode.ONSITE else self.capacity_remote

    def offers(self, mode: AttendanceMode) -> bool:
        capacity = self.capacity(mode)
        return capacity is None or capacity > 0

    @property
    def modes(self) -> list[AttendanceMode]:
        return [mode for mode in AttendanceMode if self.offers(mode)]

    @property
    def is_public(self) -> bool:
        return self.status is not EventStatus.DRAFT

    def has_ended(self, now: datetime | None = None) -> bool:
        """Whether the event is over: nobody is promoted to it or told that it is cancelled any more."""
        return self.ends_at <= (now or utcnow())


class Event(EventFacts, PeriodMixin, db.Model):
    """An event of a council; its registration window is the period (``opens_at`` / ``closes_at``).

    Capacities are per mode: NULL is unlimited, 0 means the mode is not offered.
    """

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("council_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    status: Mapped[EventStatus] = mapped_column(enum_column(EventStatus), default=EventStatus.DRAFT)
    title_fi: Mapped[str] = mapped_column(String(300))
    title_sv: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    description_fi: Mapped[str] = mapped_column(Text, default="")
    description_sv: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    venue_accessibility: Mapped[str] = mapped_column(Text, default="")
    remote_link: Mapped[str] = mapped_column(String(500), default="")
    capacity_onsite: Mapped[int | None] = mapped_column()
    capacity_remote: Mapped[int | None] = mapped_column()
    asks_organisation: Mapped[bool] = mapped_column(default=True)
    asks_municipality: Mapped[bool] = mapped_column(default=True)
    asks_needs: Mapped[bool] = mapped_column(default=True)
    # A survey question fragment (YAML or JSON), checked by the survey engine when saved.
    extra_questions: Mapped[str] = mapped_column(Text, default="")
    reminder_days: Mapped[int] = mapped_column(default=2)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feedback_survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"))
    feedback_hours: Mapped[int] = mapped_column(default=2)
    feedback_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    personal_data_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The arrival number handed to the next registration, taken under the event's row lock.
    next_position: Mapped[int] = mapped_column(default=1)
    # The confirmed registrations per mode, walk-ins included, as the database's triggers on event_registrations
    # keep them (migration c4d8e2a61f07): a registration decides on them under the row lock. Written by no code.
    confirmed_onsite: Mapped[int] = mapped_column(default=0, server_default="0")
    confirmed_remote: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    council: Mapped[Council] = relationship()
    feedback_survey: Mapped[Survey | None] = relationship()
    registrations: Mapped[list["Registration"]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                                               order_by="Registration.position")

    def publish(self) -> None:
        if self.status is not EventStatus.DRAFT:
            raise InvalidEventTransition(self.status)
        self.status = EventStatus.PUBLISHED

    def unpublish(self) -> None:
        if self.status is not EventStatus.PUBLISHED:
            raise InvalidEventTransition(self.status)
        self.status = EventStatus.DRAFT

    def cancel(self) -> None:
        if self.status is EventStatus.CANCELLED:
            raise InvalidEventTransition(self.status)
        self.status = EventStatus.CANCELLED


class Registration(db.Model):
    """One person's registration; personal columns are emptied by retention, the counts stay."""

    __tablename__ = "event_registrations"
    __table_args__ = (
        # One live registration per address and event; cancelled ones and emptied ones do not count.
        Index("uq_event_registrations_live_email", "event_id", "email_normalised", unique=True,
              postgresql_where=text("status <> 'cancelled' AND email_normalised IS NOT NULL"),
              sqlite_where=text("status <> 'cancelled' AND email_normalised IS NOT NULL")),
        Index("ix_event_registrations_event_status", "event_id", "mode", "status", "position"),
        # The confirmed places of an event's mode, counted under its row lock (`app/events/registration.py`; a new
        # registration on SQLite, `registering.py`), by statements that name the status as this literal: an index of
        # the confirmed alone, whatever the table's statistics say of the event (an event filling up since the last
        # ANALYZE read its waiting ones too).
        Index("ix_event_registrations_confirmed", "event_id", "mode",
              postgresql_where=text("status = 'confirmed'"), sqlite_where=text("status = 'confirmed'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Looked up by the four-column index above, which starts with it.
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus))
    mode: Mapped[AttendanceMode] = mapped_column(enum_column(AttendanceMode))
    # Arrival order within the event: the waiting list of a mode is its WAITING rows by position.
    position: Mapped[int] = mapped_column()
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    email_normalised: Mapped[str | None] = mapped_column(String(254), index=True)
    organisation: Mapped[str | None] = mapped_column(String(300))
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id", ondelete="SET NULL"))
    municipality_code: Mapped[str | None] = mapped_column(String(3))
    needs: Mapped[str | None] = mapped_column(Text)
    answers: Mapped[dict | None] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(2), default="fi")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    is_attended: Mapped[bool] = mapped_column(default=False)
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_walk_in: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feedback_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship(back_populates="registrations")
