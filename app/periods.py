"""Periods that open and close (a survey's answering time; next a registration window, nomination and
review periods, proposal deadlines): the phase enum and its one rule, in Python and in SQL.

Times are stored in UTC and entered and shown in Helsinki time (``app.local_time``).
"""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, and_, case, literal, or_, type_coerce
from sqlalchemy.sql.elements import ColumnElement

from app.models.base import UTCDateTime


class Phase(enum.StrEnum):
    """Where a period stands at a moment. A str, so templates may compare it with "open"."""

    #: no opening time set: not published
    DRAFT = "draft"
    #: the opening time is still ahead
    SCHEDULED = "scheduled"
    #: from the opening time (included) until the closing time (excluded), or without end
    OPEN = "open"
    #: the closing time has passed
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The phase's name in the current language."""
        return str(PHASE_LABELS[self])

    @property
    def is_before_opening(self) -> bool:
        """Draft or scheduled: nothing can be done in the period yet."""
        return self in (Phase.DRAFT, Phase.SCHEDULED)


PHASE_LABELS = {
    Phase.DRAFT: _l("Not published"),
    Phase.SCHEDULED: _l("Scheduled"),
    Phase.OPEN: _l("Open"),
    Phase.CLOSED: _l("Closed"),
}


def phase_at(opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> Phase:
    """The phase at ``now`` of a period from ``opens_at`` (included) to ``closes_at`` (excluded).

    No opening time is a draft; no closing time keeps the period open once it has opened.
    """
    if opens_at is None:
        return Phase.DRAFT
    if now < opens_at:
        return Phase.SCHEDULED
    if closes_at is not None and now >= closes_at:
        return Phase.CLOSED
    return Phase.OPEN


_PHASE_TYPE = Enum(Phase, native_enum=False, length=10, values_callable=lambda members: [m.value for m in members])


def phase_expression(opens_at: ColumnElement, closes_at: ColumnElement, now: datetime | ColumnElement) -> ColumnElement:
    """:func:`phase_at` as a SQL expression over two timestamp columns; it reads back as a :class:`Phase`.
    `now` may be a bind parameter (`bindparam("now", type_=UTCDateTime)`) for a statement built once."""
    moment = now if isinstance(now, ColumnElement) else literal(now, UTCDateTime)
    return type_coerce(case(
        (opens_at.is_(None), Phase.DRAFT.value),
        (opens_at > moment, Phase.SCHEDULED.value),
        (and_(closes_at.is_not(None), closes_at <= moment), Phase.CLOSED.value),
        else_=Phase.OPEN.value,
    ), _PHASE_TYPE)


def is_open_expression(opens_at: ColumnElement, closes_at: ColumnElement, now: ColumnElement) -> ColumnElement:
    """`phase_expression(...) == Phase.OPEN` as a plain condition: shorter SQL, for a statement that must stay
    short (the registration's, `app/events/registering.py`)."""
    return and_(opens_at.is_not(None), opens_at <= now, or_(closes_at.is_(None), closes_at > now))
