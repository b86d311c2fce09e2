"""Upcoming events on the council pages: the council's published events that have not ended."""

from __future__ import annotations

from datetime import datetime

from flask_babel import ngettext
from sqlalchemy import bindparam, select

from app.councils.offerings.base import Offering, register_offering
from app.extensions import db
from app.models import Council, Event, EventStatus
from app.models.base import UTCDateTime



_UPCOMING = (select(Event).where(Event.council_id.in_(bindparam("ids", expanding=True)),
                                 Event.status == EventStatus.PUBLISHED,
                                 Event.ends_at > bindparam("now", type_=UTCDateTime))
             .order_by(Event.starts_at, Event.id))


@register_offering
class UpcomingEvents(Offering):
    name = "events"
    order = 20
    template = "events/_council_section.html"

    def collect(self, councils: list[Council], now: datetime) -> dict[int, list[Event]]:
        events = db.session.scalars(_UPCOMING, {"ids": [council.id for council in councils], "now": now})
        listed: dict[int, list[Event]] = {}
        for event in events:
            listed.setdefault(event.council_id, []).append(event)
        return listed

    def summary(self, offer: list[Event]) -> str:
        return ngettext("%(num)d upcoming event", "%(num)d upcoming events", len(offer))
