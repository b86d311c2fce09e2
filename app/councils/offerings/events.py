"""Upcoming events on the council pages: the council's published events that have not ended."""

from __future__ import annotations

from datetime import datetime

from flask_babel import ngettext
from sqlalchemy import select

from app.councils.offerings.base import Offering, register_offering
from app.extensions import db
from app.models import Council, Event, EventStatus



@register_offering
class UpcomingEvents(Offering):
    name = "events"
    order = 20
    template = "events/_council_section.html"

    def collect(self, councils: list[Council], now: datetime) -> dict[int, list[Event]]:
        events = db.session.scalars(select(Event).where(
            Event.council_id.in_([council.id for council in councils]), Event.status == EventStatus.PUBLISHED,
            Event.ends_at > now).order_by(Event.starts_at, Event.id))
        listed: dict[int, list[Event]] = {}
        for event in events:
            listed.setdefault(event.council_id, []).append(event)
        return listed

    def summary(self, offer: list[Event]) -> str:
        return ngettext("%(num)d upcoming event", "%(num)d upcoming events", len(offer))
