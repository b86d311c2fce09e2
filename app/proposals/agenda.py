"""Meetings: creating one, building and ordering its agenda from accepted proposals and the council's
own items, publishing the agenda, recording decisions and publishing the minutes, which closes each
proposal on it with its decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit.log import record
from app.errors import DomainError
from app.extensions import db
from app.models import AgendaItem, Council, Meeting, Proposal, ProposalStatus, User
from app.models.base import utcnow
from app.proposals.triage import move_proposal


class AgendaError(DomainError):
    """A change to a meeting or its agenda that cannot be made."""


@dataclass(frozen=True)
class MeetingValues:
    title: str
    starts_at: datetime  # UTC
    place: str
    is_remote: bool


def create_meeting(council: Council, values: MeetingValues, actor: User | int | None) -> Meeting:
    """Add a meeting; its agenda is built next."""
    if not values.is_remote and not values.place.strip():
        raise AgendaError(_l("Write where the meeting is held, or tick that it is remote."), "place")
    meeting = Meeting(council_id=council.id, title=values.title.strip(), starts_at=values.starts_at,
                      place=values.place.strip(), is_remote=values.is_remote)
    db.session.add(meeting)
    db.session.flush()
    record("meeting.create", council=council, target=meeting, actor=actor)
    return meeting


def _check_agenda_open(meeting: Meeting) -> None:
    if meeting.agenda_published_at is not None:
        raise AgendaError(_l("The agenda is already published: it can no longer be changed."))


def _next_position(meeting: Meeting) -> int:
    return max((item.position for item in meeting.items), default=0) + 1


def agenda_candidates(council: Council) -> list[Proposal]:
    """Accepted proposals (in preparation) that can go on an agenda, oldest first."""
    return list(db.session.scalars(select(Proposal).where(
        Proposal.council_id == council.id, Proposal.status == ProposalStatus.IN_PREPARATION)
        .order_by(Proposal.received_at, Proposal.id)))


def add_proposal_item(meeting: Meeting, proposal_id: int, actor: User | int | None) -> AgendaItem:
    """Put an accepted proposal on the agenda; it moves to "on the agenda" and the proposer is told."""
    _check_agenda_open(meeting)
    proposal = db.session.scalar(select(Proposal).where(Proposal.id == proposal_id,
                                                        Proposal.council_id == meeting.council_id))
    if proposal is None or proposal.status is not ProposalStatus.IN_PREPARATION:
        raise AgendaError(_l("Choose a proposal that is in preparation."), "proposal")
    item = AgendaItem(meeting_id=meeting.id, position=_next_position(meeting), title=proposal.title,
                      text=proposal.description, proposal_id=proposal.id)
    db.session.add(item)
    meeting.items.append(item)
    move_proposal(proposal, ProposalStatus.ON_AGENDA, actor=actor, note=str(_l("On the agenda of %(meeting)s",
                                                                              meeting=meeting.title)))
    return item


def add_own_item(meeting: Meeting, title: str, text: str, actor: User | int | None) -> AgendaItem:
    """Put the council's own matter on the agenda."""
    _check_agenda_open(meeting)
    if not title.strip():
        raise AgendaError(_l("Write the item's title."), "title")
    item = AgendaItem(meeting_id=meeting.id, position=_next_position(meeting), title=title.strip(), text=text.strip())
    db.session.add(item)
    meeting.items.append(item)
    db.session.flush()
    record("meeting.item", council=meeting.council_id, target=meeting, actor=actor)
    return item


def move_item(meeting: Meeting, item_id: int, step: int) -> None:
    """Move an item one place up (step -1) or down (+1); positions are renumbered 1..n."""
    _check_agenda_open(meeting)
    items = list(meeting.items)
    index = next((i for i, item in enumerate(items) if item.id == item_id), None)
    if index is None:
        raise AgendaError(_l("The item is not on this agenda."))
    other = index + (1 if step > 0 else -1)
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items, start=1):
        item.position = position
    db.session.flush()


def remove_item(meeting: Meeting, item_id: int, actor: User | int | None) -> None:
    """Take an item off the agenda; its proposal goes back to "in preparation"."""
    _check_agenda_open(meeting)
    item = next((item for item in meeting.items if item.id == item_id), None)
    if item is None:
        raise AgendaError(_l("The item is not on this agenda."))
    if item.proposal is not None and item.proposal.status is ProposalStatus.ON_AGENDA:
        move_proposal(item.proposal, ProposalStatus.IN_PREPARATION, actor=actor,
                      note=str(_l("Taken off the agenda of %(meeting)s", meeting=meeting.title)))
    meeting.items.remove(item)
    db.session.delete(item)
    for position, left in enumerate(meeting.items, start=1):
        left.position = position
    db.session.flush()


def publish_agenda(meeting: Meeting, actor: User | int | None, now: datetime | None = None) -> None:
    if not meeting.items:
        raise AgendaError(_l("Add at least one item before publishing the agenda."))
    _check_agenda_open(meeting)
    meeting.publish_agenda(now or utcnow())
    record("meeting.agenda_publish", council=meeting.council_id, target=meeting, actor=actor,
           count=len(meeting.items))
    db.session.flush()


def record_decisions(meeting: Meeting, decisions: dict[int, str], actor: User | int | None) -> None:
    """Write the decision of each item (by item id) before the minutes are published."""
    if meeting.agenda_published_at is None:
        raise AgendaError(_l("Publish the agenda before recording decisions."))
    if meeting.minutes_published_at is not None:
        raise AgendaError(_l("The minutes are already published: the decisions can no longer be changed."))
    for item in meeting.items:
        if item.id in decisions:
            item.decision = decisions[item.id].strip()
    record("meeting.decisions", council=meeting.council_id, target=meeting, actor=actor)
    db.session.flush()


def publish_minutes(meeting: Meeting, actor: User | int | None, now: datetime | None = None) -> int:
    """Publish the minutes: every item needs its decision, and each proposal on the agenda is handled
    with its item's decision (the proposer is told). Returns the number of proposals closed."""
    now = now or utcnow()
    if meeting.agenda_published_at is None:
        raise AgendaError(_l("Publish the agenda before the minutes."))
    if meeting.minutes_published_at is not None:
        raise AgendaError(_l("The minutes are already published."))
    missing = [item.title for item in meeting.items if not item.decision.strip()]
    if missing:
        raise AgendaError(_l("Record the decision of every item first. Missing: %(items)s",
                             items=", ".join(missing)))
    closed = 0
    for item in meeting.items:
        if item.proposal is not None and item.proposal.status is ProposalStatus.ON_AGENDA:
            move_proposal(item.proposal, ProposalStatus.HANDLED, actor=actor, decision=item.decision, now=now)
            closed += 1
    meeting.publish_minutes(now)
    record("meeting.minutes_publish", council=meeting.council_id, target=meeting, actor=actor, count=closed)
    db.session.flush()
    return closed


def public_meetings(council: Council) -> list[Meeting]:
    """The council's meetings with a published agenda, newest first."""
    return list(db.session.scalars(select(Meeting).where(
        Meeting.council_id == council.id, Meeting.agenda_published_at.is_not(None))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())))
