"""Calendar files: one event's .ics and a council's feed, in Helsinki time with its VTIMEZONE."""

from __future__ import annotations

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from app.local_time import HELSINKI
from app.models import Event, EventStatus
from app.public_urls import public_base_url, public_url

PRODUCT_ID = "-//Yhteisääni//Events//FI"


def event_uid(event: Event) -> str:
    host = public_base_url().split("://", 1)[-1]
    return f"event-{event.id}@{host}"


def _component(event: Event, language: str, remote_link: str = "") -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", event_uid(event))
    item.add("dtstamp", event.created_at)
    item.add("dtstart", event.starts_at.astimezone(HELSINKI))
    item.add("dtend", event.ends_at.astimezone(HELSINKI))
    item.add("summary", event.title(language))
    description = event.description(language)
    if remote_link:
        description = (description + "\n\n" + remote_link).strip()
    if description:
        item.add("description", description)
    if event.place:
        item.add("location", event.place)
    url = public_url("events.event_page", council_slug=event.council.slug, event_slug=event.slug)
    item.add("url", url)
    item.add("status", "CANCELLED" if event.status is EventStatus.CANCELLED else "CONFIRMED")
    return item


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def event_ics(event: Event, language: str, remote_link: str = "") -> bytes:
    """One event as an .ics file; `remote_link` goes into the description (only for remote participants)."""
    calendar = _calendar(event.title(language))
    calendar.add("method", "PUBLISH")
    calendar.add_component(_component(event, language, remote_link))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def council_feed(name: str, events: list[Event], language: str) -> bytes:
    """A council's published events as a calendar feed."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_component(event, language))
    calendar.add_missing_timezones()
    return calendar.to_ical()
