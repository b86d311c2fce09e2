"""Counting proposals for reports: received, handled and not taken up per year and status, and the median
days from receipt to handling."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.date_text import in_helsinki
from app.extensions import db
from app.models import Proposal, ProposalStatus


@dataclass
class YearFigures:
    year: int
    received: int = 0
    by_status: dict[ProposalStatus, int] = field(default_factory=dict)
    handled: int = 0  # closed as handled during the year
    not_taken_up: int = 0  # closed as not taken up during the year
    days_to_handle: list[float] = field(default_factory=list)

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days_to_handle) if self.days_to_handle else None


def proposal_figures(council_ids: list[int], years: set[int] | None = None) -> dict[int, YearFigures]:
    """Figures per year (Helsinki time) for the councils; `years` keeps only those years."""
    rows = db.session.execute(select(Proposal.received_at, Proposal.handled_at, Proposal.status)
                              .where(Proposal.council_id.in_(council_ids))).all()
    figures: dict[int, YearFigures] = {}

    def year_of(year: int) -> YearFigures | None:
        if years is not None and year not in years:
            return None
        return figures.setdefault(year, YearFigures(year))

    for received_at, handled_at, status in rows:
        received = year_of(in_helsinki(received_at).year)
        if received is not None:
            received.received += 1
            received.by_status[status] = received.by_status.get(status, 0) + 1
        if handled_at is not None and status in (ProposalStatus.HANDLED, ProposalStatus.NOT_TAKEN_UP):
            closed = year_of(in_helsinki(handled_at).year)
            if closed is None:
                continue
            if status is ProposalStatus.HANDLED:
                closed.handled += 1
                closed.days_to_handle.append((handled_at - received_at).total_seconds() / 86400)
            else:
                closed.not_taken_up += 1
    return dict(sorted(figures.items()))


def figures_signature(council_ids: list[int]) -> str:
    """Changes whenever a proposal of the councils is added or changes status."""
    count, latest_received, latest_handled, statuses = db.session.execute(
        select(func.count(Proposal.id), func.max(Proposal.received_at), func.max(Proposal.handled_at),
               func.sum(Proposal.version)).where(Proposal.council_id.in_(council_ids))).one()
    return f"{count}:{latest_received}:{latest_handled}:{statuses}"
