"""Agenda proposals: what anyone proposes to a council, its history, internal notes and attached files."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.extensions import db
from app.models.associations import Association
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.councils import Council


class ProposalStatus(enum.Enum):
    RECEIVED = "received"
    IN_PREPARATION = "in_preparation"
    ON_AGENDA = "on_agenda"
    HANDLED = "handled"
    NOT_TAKEN_UP = "not_taken_up"
    MERGED = "merged"


#: the moves staff (or a meeting's minutes) may make from each status
ALLOWED_MOVES: dict[ProposalStatus, frozenset[ProposalStatus]] = {
    ProposalStatus.RECEIVED: frozenset({ProposalStatus.IN_PREPARATION, ProposalStatus.NOT_TAKEN_UP,
                                        ProposalStatus.MERGED}),
    ProposalStatus.IN_PREPARATION: frozenset({ProposalStatus.ON_AGENDA, ProposalStatus.HANDLED,
                                              ProposalStatus.NOT_TAKEN_UP, ProposalStatus.MERGED}),
    ProposalStatus.ON_AGENDA: frozenset({ProposalStatus.IN_PREPARATION, ProposalStatus.HANDLED}),
    ProposalStatus.HANDLED: frozenset(),
    ProposalStatus.NOT_TAKEN_UP: frozenset(),
    ProposalStatus.MERGED: frozenset(),
}
CLOSED_STATUSES = frozenset({ProposalStatus.HANDLED, ProposalStatus.NOT_TAKEN_UP, ProposalStatus.MERGED})


class ProposalTransitionError(Exception):
    """A status change that the proposal's current status does not allow."""


class Proposal(db.Model):
    """One proposal: its public text, the proposer's contact details (removed after retention) and status."""

    __tablename__ = "proposals"
    __table_args__ = (Index("ix_proposals_council_status", "council_id", "status"),
                      Index("ix_proposals_council_received", "council_id", "received_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    # Contact details: emptied by the retention job PROPOSAL_RETENTION_MONTHS after the proposal closes.
    proposer_name: Mapped[str | None] = mapped_column(String(200))
    proposer_organisation: Mapped[str] = mapped_column(String(200), default="")
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id", ondelete="SET NULL"))
    proposer_email: Mapped[str | None] = mapped_column(String(254), index=True)
    language: Mapped[str] = mapped_column(String(2), default="fi")
    is_publishable: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ProposalStatus] = mapped_column(enum_column(ProposalStatus), default=ProposalStatus.RECEIVED)
    decision: Mapped[str] = mapped_column(Text, default="")  # the decision or answer, once handled
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was not taken up
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"))
    # sha256 of the proposer's tracking token; the token itself is only in their e-mail.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    council: Mapped[Council] = relationship()
    association: Mapped[Association | None] = relationship()
    merged_into: Mapped["Proposal | None"] = relationship(remote_side=[id])
    events: Mapped[list["ProposalEvent"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="(ProposalEvent.created_at, ProposalEvent.id)")
    notes: Mapped[list["ProposalNote"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalNote.id")
    attachments: Mapped[list["ProposalAttachment"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalAttachment.id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def public_events(self) -> list["ProposalEvent"]:
        return [event for event in self.events if event.is_public]

    def can_move(self, to: ProposalStatus) -> bool:
        return to in ALLOWED_MOVES[self.status]

    def move(self, to: ProposalStatus, now: datetime) -> None:
        """Change the status; ProposalTransitionError for a move the current status does not allow."""
        if not self.can_move(to):
            raise ProposalTransitionError(f"cannot move a {self.status.value} proposal to {to.value}")
        self.status = to
        if to in CLOSED_STATUSES:
            self.handled_at = now

    def remove_contact_details(self, now: datetime) -> None:
        """Forget who proposed it (name, address, association, tracking link); the text and history stay."""
        self.proposer_name = None
        self.proposer_email = None
        self.proposer_organisation = ""
        self.association_id = None
        self.token_hash = None
        self.contact_removed_at = now


class ProposalEvent(db.Model):
    """One step of a proposal's history: its status after the step, a note, who and when."""

    __tablename__ = "proposal_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    status: Mapped[ProposalStatus] = mapped_column(enum_column(ProposalStatus))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_public: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="events")
    actor = relationship("User")


class ProposalNote(db.Model):
    """A note staff keep about a proposal; never shown to the public or the proposer."""

    __tablename__ = "proposal_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="notes")
    author = relationship("User")


class ProposalAttachment(db.Model):
    """A file attached to a proposal, checked from its content and stored in the database.

    Between the form and the check-your-answers page a file has no proposal yet: it is pending, found
    by `upload_key` (kept in the proposer's session) and removed by the purge after a day.
    """

    __tablename__ = "proposal_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    upload_key: Mapped[str | None] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))  # detected from the content, never from the name
    size: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64))
    # Deferred: listing a proposal's files must not read megabytes.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal | None] = relationship(back_populates="attachments")
