"""Calendar files: one event's .ics and a council's feed, in Helsinki time with its VTIMEZONE."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from app.events.public_events import PublicEvent
from app.local_time import HELSINKI
from app.models import Event, EventStatus
from app.public_urls import public_base_url, public_url

PRODUCT_ID = "-//Yhteisääni//Events//FI"


def event_uid(event: Event | PublicEvent) -> str:
    host = public_base_url().split("://", 1)[-1]
    return f"event-{event.id}@{host}"


class _EventFacts(NamedTuple):
    """Everything one event writes into a calendar file: the key of the cache of finished files."""

    uid: str
    stamp: datetime
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    place: str
    url: str
    status: str


def _facts(event: Event | PublicEvent, language: str, remote_link: str = "") -> _EventFacts:
    description = event.description(language)
    if remote_link:
        description = (description + "\n\n" + remote_link).strip()
    return _EventFacts(
        uid=event_uid(event), stamp=event.created_at, starts_at=event.starts_at.astimezone(HELSINKI),
        ends_at=event.ends_at.astimezone(HELSINKI), summary=event.title(language), description=description,
        place=event.place or "",
        url=event_page_url(event),
        status="CANCELLED" if event.status is EventStatus.CANCELLED else "CONFIRMED")


def event_page_url(event: Event | PublicEvent) -> str:
    """The event page's public address (the e-mails and the .ics give it), built once per worker for each event."""
    return _page_url(public_base_url(), event.council.slug, event.slug)


@lru_cache(maxsize=1024)
def _page_url(base: str, council_slug: str, event_slug: str) -> str:
    # Keyed by the base address too: every app of this code has the same routes, not always the same base.
    return public_url("events.event_page", council_slug=council_slug, event_slug=event_slug)


def _component(facts: _EventFacts) -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", facts.uid)
    item.add("dtstamp", facts.stamp)
    item.add("dtstart", facts.starts_at)
    item.add("dtend", facts.ends_at)
    item.add("summary", facts.summary)
    if facts.description:
        item.add("description", facts.description)
    if facts.place:
        item.add("location", facts.place)
    item.add("url", facts.url)
    item.add("status", facts.status)
    return item


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def event_ics(event: Event | PublicEvent, language: str, remote_link: str = "") -> bytes:
    """One event as an .ics file; `remote_link` goes into the description (only for remote participants)."""
    return _event_ics(_facts(event, language, remote_link))


# Every confirmation and reminder e-mail carries the event's file, and building it costs a few
# milliseconds of CPU (icalendar writes Helsinki's VTIMEZONE with every transition since 1921) inside
# the registration's transaction, which holds the event's row lock. The file depends only on its
# facts, so it is built once per worker for each version of them: a changed event is a new key.
@lru_cache(maxsize=64)
def _event_ics(facts: _EventFacts) -> bytes:
    calendar = _calendar(facts.summary)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_component(facts))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def council_feed(name: str, events: list[Event], language: str) -> bytes:
    """A council's published events as a calendar feed."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_component(_facts(event, language)))
    calendar.add_missing_timezones()
    return calendar.to_ical()
