"""Council meetings and their agenda items, with the published agenda and minutes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.councils import Council
from app.models.proposals import Proposal


class MeetingStateError(Exception):
    """A change the meeting's state does not allow (minutes before the agenda, an agenda published twice)."""


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    is_remote: Mapped[bool] = mapped_column(default=False)
    agenda_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    council: Mapped[Council] = relationship()
    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="(AgendaItem.position, AgendaItem.id)")

    @property
    def is_public(self) -> bool:
        return self.agenda_published_at is not None

    def publish_agenda(self, now: datetime) -> None:
        if self.agenda_published_at is not None:
            raise MeetingStateError("agenda already published")
        self.agenda_published_at = now

    def publish_minutes(self, now: datetime) -> None:
        if self.agenda_published_at is None or self.minutes_published_at is not None:
            raise MeetingStateError("minutes need a published agenda and are published once")
        self.minutes_published_at = now


class AgendaItem(db.Model):
    """One matter on a meeting's agenda: a proposal or the council's own item, with its decision."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"), index=True)
    decision: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    proposal: Mapped[Proposal | None] = relationship()
