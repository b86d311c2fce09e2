"""A published event as its registration reads it: plain values of the event, its council and the council's area,
kept per worker while nothing they were read from has changed (`app/kept_lookups.py`).

Sending the registration form read the event and its council through the ORM (50 columns, two identity-map
entries), a statement and some 900 Python calls of every registration, although the form's rules, the stored row
and the confirmation e-mail need only plain values. They are kept as the open award rounds are
(`app/awards/open_rounds.py`): under the counters of `events`, `councils` and `council_municipalities`
(`app/table_generations.py`), read in one round trip to Redis *before* the statement, and only in the minute they
were read in. A registration's own write to the event row (its arrival position, `SHOWN_ON_NO_PAGE`) moves no
counter; the staff's edits of the event, its council or its area do, and the next registration reads the event
again. What decides a registration (status, registration window, capacities) is read again under the event's row
lock by `register_for_event`; the kept values serve the form and the e-mail's texts. Without Redis the event is
read on every request. Only a public event is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from app.councils.areas import AREA_CODES, CouncilValues, area_codes
from app.extensions import db
from app.models import Council, CouncilMunicipality, Event
from app.models.events import AttendanceMode, EventFacts, EventStatus, RegistrationStatus
from app.periods import Phase, phase_at
from app.kept_lookups import KeptLookup

#: events kept per worker, the least recently used dropped first
EVENTS_MAX = 512


@dataclass(frozen=True)
class PublicEvent(EventFacts):
    """A public event read as plain values: what the registration form, its rules, the stored registration,
    the confirmation e-mail and its .ics use of `Event` and its council."""

    id: int
    council_id: int
    slug: str
    status: EventStatus
    title_fi: str
    title_sv: str
    title_en: str
    description_fi: str
    description_sv: str
    description_en: str
    starts_at: datetime
    ends_at: datetime
    opens_at: datetime | None
    closes_at: datetime | None
    place: str
    remote_link: str
    capacity_onsite: int | None
    capacity_remote: int | None
    asks_organisation: bool
    asks_municipality: bool
    asks_needs: bool
    extra_questions: str
    created_at: datetime
    council: CouncilValues

    def phase(self, now: datetime) -> Phase:
        return phase_at(self.opens_at, self.closes_at, now)


_events, _councils = Event.__table__, Council.__table__
_EVENT_COLUMNS = tuple(_events.c[field] for field in PublicEvent.__dataclass_fields__ if field != "council")
_COUNCIL_COLUMNS = tuple(_councils.c[field] for field in CouncilValues.__dataclass_fields__ if field != "area")
_EVENT_WIDTH = len(_EVENT_COLUMNS)
# Built once, on the tables' columns (no ORM objects).
_SELECT = (select(*_EVENT_COLUMNS, *_COUNCIL_COLUMNS, AREA_CODES)
           .join_from(_events, _councils, _events.c.council_id == _councils.c.id))
_BY_SLUGS = _SELECT.where(_councils.c.slug == bindparam("council_slug"), _events.c.slug == bindparam("event_slug"),
                          _events.c.status != EventStatus.DRAFT)
_BY_ID = _SELECT.where(_events.c.id == bindparam("event_id"))
_KEPT: KeptLookup[PublicEvent] = KeptLookup(
    "kept_public_events", (Event.__tablename__, Council.__tablename__, CouncilMunicipality.__tablename__), EVENTS_MAX)


def public_event(council_slug: str, event_slug: str, now: datetime) -> PublicEvent | None:
    """The public (not draft) event with these slugs, with its council and area, or None: kept per worker while
    the tables it is read from are unchanged and within the minute it was read in; else read in one statement."""
    return _KEPT.get((council_slug, event_slug), now, lambda: _read(
        _BY_SLUGS, {"council_slug": council_slug, "event_slug": event_slug}))


def event_values(event_id: int) -> PublicEvent | None:
    """The event with this id (in any status) as plain values, read now (not kept)."""
    return _read(_BY_ID, {"event_id": event_id})


def _read(statement, parameters: dict) -> PublicEvent | None:
    row = db.session.execute(statement, parameters).first()
    if row is None:
        return None
    council = CouncilValues(*row[_EVENT_WIDTH:-1], area_codes(row[-1]))
    return PublicEvent(*row[:_EVENT_WIDTH], council)


@dataclass(frozen=True)
class NewRegistration:
    """A registration just inserted, as plain values: what its confirmation e-mail (`app/events/notices.py`) reads
    of `Registration` (an ORM object made for it cost more than the INSERT)."""

    name: str
    email: str
    language: str
    mode: AttendanceMode
    status: RegistrationStatus | None  # None while the registration's statement has not decided it
    event: PublicEvent
