"""The opens/closes columns of a record with a period (surveys; events, awards and proposals next)."""

from datetime import datetime

from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import UTCDateTime, utcnow
from app.periods import Phase, phase_at, phase_expression


class PeriodMixin:
    """``opens_at`` / ``closes_at`` in UTC, and ``phase(now)`` both on a row and in a query.

    ``survey.phase(now)`` is a :class:`Phase`; ``Survey.phase(now) == Phase.OPEN`` is a WHERE clause
    with the same rule (both default ``now`` to the current time).
    """

    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @hybrid_method
    def phase(self, now: datetime | None = None) -> Phase:
        return phase_at(self.opens_at, self.closes_at, now or utcnow())

    @phase.expression
    def phase(cls, now: datetime | None = None):
        return phase_expression(cls.opens_at, cls.closes_at, now or utcnow())
