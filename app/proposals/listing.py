"""Finding proposals: the public list (publishable only), the staff list with its filters, the years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, or_, select

from app.extensions import db
from app.local_time import local_day_start
from app.models import Council, Proposal, ProposalStatus


@dataclass(frozen=True)
class ProposalSearch:
    words: str = ""
    status: ProposalStatus | None = None
    year: int | None = None


def _pattern(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _query(council: Council, search: ProposalSearch, *, public: bool, staff_fields: bool = False):
    query = select(Proposal).where(Proposal.council_id == council.id)
    if public:
        query = query.where(Proposal.is_publishable.is_(True))
    for word in search.words.split()[:8]:
        columns = [Proposal.title, Proposal.description, Proposal.decision]
        if staff_fields:
            columns += [Proposal.proposer_name, Proposal.proposer_organisation, Proposal.proposer_email]
        query = query.where(or_(*(column.ilike(_pattern(word), escape="\\") for column in columns)))
    if search.status is not None:
        query = query.where(Proposal.status == search.status)
    if search.year is not None:
        query = query.where(Proposal.received_at >= local_day_start(date(search.year, 1, 1)),
                            Proposal.received_at < local_day_start(date(search.year + 1, 1, 1)))
    return query


def search_proposals(council: Council, search: ProposalSearch, *, public: bool, limit: int | None = None,
                     offset: int = 0) -> tuple[list[Proposal], int]:
    """One page of proposals, newest first, and the total; `public` keeps only the publishable ones
    and searches no contact details."""
    query = _query(council, search, public=public, staff_fields=not public)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = query.order_by(Proposal.received_at.desc(), Proposal.id.desc()).offset(offset)
    if limit is not None:
        page = page.limit(limit)
    return list(db.session.scalars(page)), total


def proposal_years(council: Council, *, public: bool) -> list[int]:
    """The years in which the council received proposals, newest first (UTC years: a filter, not a figure)."""
    query = select(extract("year", Proposal.received_at)).where(Proposal.council_id == council.id).distinct()
    if public:
        query = query.where(Proposal.is_publishable.is_(True))
    return sorted({int(year) for year in db.session.scalars(query) if year is not None}, reverse=True)


def public_proposal(council: Council, proposal_id: int) -> Proposal | None:
    """A publishable proposal of the council, or None."""
    return db.session.scalar(select(Proposal).where(Proposal.id == proposal_id, Proposal.council_id == council.id,
                                                    Proposal.is_publishable.is_(True)))
