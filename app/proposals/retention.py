"""Removing proposers' contact details PROPOSAL_RETENTION_MONTHS after their proposal closed, keeping the
public text, status and history; and the purge of files attached to forms that were never sent."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.audit.log import record
from app.extensions import db
from app.models import Proposal
from app.models.proposals import CLOSED_STATUSES
from app.proposals.submission import purge_pending_files

DAYS_PER_MONTH = 30.44


def retention_cutoff(now: datetime, months: int) -> datetime:
    return now - timedelta(days=months * DAYS_PER_MONTH)


def remove_expired_contact_details(now: datetime, months: int) -> int:
    """Forget who proposed each proposal closed more than `months` ago; returns how many proposals."""
    expired = list(db.session.scalars(select(Proposal).where(
        Proposal.status.in_(list(CLOSED_STATUSES)),
        Proposal.handled_at < retention_cutoff(now, months), Proposal.contact_removed_at.is_(None))))
    by_council: dict[int, int] = {}
    for proposal in expired:
        proposal.remove_contact_details(now)
        by_council[proposal.council_id] = by_council.get(proposal.council_id, 0) + 1
    for council_id, count in by_council.items():
        record("proposal.contacts_removed", council=council_id, target=f"council:{council_id}", count=count)
    db.session.flush()
    return len(expired)


def sweep_proposals(now: datetime, months: int) -> tuple[int, int]:
    """The periodic sweep: expired contact details and abandoned pending files; returns both counts."""
    return remove_expired_contact_details(now, months), purge_pending_files(now)

