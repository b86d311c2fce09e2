"""Triage of proposals by staff: guarded status moves, each recorded and e-mailed to the proposer, and
internal notes."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit.log import record
from app.errors import DomainError
from app.extensions import db
from app.mail.outbox import queue_email
from app.models import Council, Proposal, ProposalEvent, ProposalNote, ProposalStatus, User
from app.models.base import utcnow
from app.models.proposals import ProposalTransitionError

MAX_TEXT = 10_000


class TriageError(DomainError):
    """A status change that cannot be made as asked."""


def move_proposal(proposal: Proposal, to: ProposalStatus, *, actor: User | int | None, note: str = "",
                  decision: str = "", reason: str = "", merged_into_id: int | None = None,
                  now: datetime | None = None) -> ProposalEvent:
    """Move the proposal to `to`, record the step in its history and the audit log, and e-mail the
    proposer (in their language) while their address is kept.

    Handled needs the decision or answer, not taken up a reason, merged the proposal it joins (of the
    same council). Raises TriageError for a move the current status does not allow.
    """
    now = now or utcnow()
    decision, reason, note = decision.strip(), reason.strip(), note.strip()
    if to is ProposalStatus.HANDLED and not decision:
        raise TriageError(_l("Write the decision or answer."), "decision")
    if to is ProposalStatus.NOT_TAKEN_UP and not reason:
        raise TriageError(_l("Write why the proposal is not taken up."), "reason")
    target = None
    if to is ProposalStatus.MERGED:
        target = db.session.scalar(select(Proposal).where(Proposal.id == merged_into_id,
                                                          Proposal.council_id == proposal.council_id))
        if target is None or target.id == proposal.id:
            raise TriageError(_l("Choose another proposal of this council to merge it into."), "merged_into")
        if target.is_closed:
            raise TriageError(_l("The proposal to merge into is already closed. Choose an open one."), "merged_into")
    try:
        proposal.move(to, now)
    except ProposalTransitionError:
        raise TriageError(_l("A proposal that is %(current)s cannot be moved to %(new)s.",
                             current=status_label(proposal.status), new=status_label(to)), "status") from None
    if to is ProposalStatus.HANDLED:
        proposal.decision = decision
    if to is ProposalStatus.NOT_TAKEN_UP:
        proposal.reason = reason
    if target is not None:
        proposal.merged_into_id = target.id
    actor_id = actor if isinstance(actor, int) or actor is None else actor.id
    event = ProposalEvent(proposal_id=proposal.id, status=to, note=note or decision or reason, actor_id=actor_id,
                          is_public=True, created_at=now)
    db.session.add(event)
    record("proposal.status", council=proposal.council_id, target=proposal, actor=actor_id, status=to.value)
    _tell_proposer(proposal, event, target)
    db.session.flush()
    return event


def _tell_proposer(proposal: Proposal, event: ProposalEvent, merged_into: Proposal | None) -> None:
    if not proposal.proposer_email:
        return
    council = proposal.council
    queue_email(to=proposal.proposer_email, template="proposal_status", language=proposal.language,
                council_id=council.id, reply_to=council.contact_email,
                context={"council_name": council.name(proposal.language), "title": proposal.title,
                         "status": proposal.status.value, "note": event.note,
                         # Lazy: written in the recipient's language when the e-mail is composed.
                         "status_label": STATUS_LABELS[proposal.status],
                         "merged_into_title": merged_into.title if merged_into else ""})


def add_note(proposal: Proposal, text: str, author: User | int | None) -> ProposalNote:
    """Add an internal note (never shown to the public or the proposer)."""
    text = text.strip()
    if not text:
        raise TriageError(_l("Write the note."), "text")
    if len(text) > MAX_TEXT:
        raise TriageError(_l("Write at most %(max)s characters.", max=MAX_TEXT), "text")
    author_id = author if isinstance(author, int) or author is None else author.id
    note = ProposalNote(proposal_id=proposal.id, text=text, author_id=author_id)
    db.session.add(note)
    record("proposal.note", council=proposal.council_id, target=proposal, actor=author_id)
    db.session.flush()
    return note


def status_label(status: ProposalStatus) -> str:
    """The status in the current language."""
    return str(STATUS_LABELS[status])


STATUS_LABELS = {
    ProposalStatus.RECEIVED: _l("received"),
    ProposalStatus.IN_PREPARATION: _l("in preparation"),
    ProposalStatus.ON_AGENDA: _l("on the agenda"),
    ProposalStatus.HANDLED: _l("handled"),
    ProposalStatus.NOT_TAKEN_UP: _l("not taken up"),
    ProposalStatus.MERGED: _l("merged into another proposal"),
}


def open_proposals(council: Council, *, exclude_id: int | None = None) -> list[Proposal]:
    """The council's proposals that are not closed, newest first (merge targets, agenda candidates)."""
    query = select(Proposal).where(Proposal.council_id == council.id,
                                   Proposal.status.in_([ProposalStatus.RECEIVED, ProposalStatus.IN_PREPARATION,
                                                        ProposalStatus.ON_AGENDA]))
    if exclude_id is not None:
        query = query.where(Proposal.id != exclude_id)
    return list(db.session.scalars(query.order_by(Proposal.received_at.desc(), Proposal.id.desc())))
