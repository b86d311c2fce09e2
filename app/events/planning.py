"""Planning events: create, edit and copy one, publish, unpublish or cancel it, message its participants."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from surveys import DefinitionError, load_questions_text

from app.audit.log import record
from app.errors import DomainError
from app.i18n import definition_problem_text
from app.events import notices
from app.extensions import db
from app.models import AttendanceMode, Council, Event, EventStatus, Registration, RegistrationStatus, User
from app.models.base import utcnow

EDITABLE_FIELDS = ("title_fi", "title_sv", "title_en", "description_fi", "description_sv", "description_en",
                   "starts_at", "ends_at", "place", "venue_accessibility", "remote_link", "capacity_onsite",
                   "capacity_remote", "opens_at", "closes_at", "asks_organisation", "asks_municipality",
                   "asks_needs", "extra_questions", "reminder_days", "feedback_survey_id", "feedback_hours")


def slug_for(title: str) -> str:
    """An address part from a title: "Järjestöfoorumi 2027" → "jarjestofoorumi-2027"."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:70] or "event"


def _unique_slug(council: Council, wanted: str) -> str:
    taken = set(db.session.scalars(select(Event.slug).where(Event.council_id == council.id)))
    slug, number = wanted, 2
    while slug in taken:
        slug = f"{wanted}-{number}"
        number += 1
    return slug


def check_extra_questions(source: str) -> None:
    """Raise a DomainError on `extra_questions` listing the survey engine's problems in the request's language."""
    if not source.strip():
        return
    try:
        load_questions_text(source, filename="extra-questions.yaml")
    except DefinitionError as error:
        raise DomainError(_l("The extra questions have problems: %(problems)s",
                             problems="; ".join(definition_problem_text(problem) for problem in error.errors)),
                          "extra_questions") from None


def _check(values: dict) -> None:
    if values["ends_at"] <= values["starts_at"]:
        raise DomainError(_l("The event must end after it starts."), "ends_at")
    if values.get("closes_at") and values.get("opens_at") and values["closes_at"] <= values["opens_at"]:
        raise DomainError(_l("Registration must close after it opens."), "closes_at")
    if values.get("closes_at") and values["closes_at"] > values["ends_at"]:
        raise DomainError(_l("Registration must close by the end of the event."), "closes_at")
    if values.get("capacity_onsite") == 0 and values.get("capacity_remote") == 0:
        raise DomainError(_l("Offer at least one way to take part: on-site or remote."), "capacity_onsite")
    offers_remote = values.get("capacity_remote") != 0
    if offers_remote and not (values.get("remote_link") or "").strip():
        raise DomainError(_l("Give the link for remote participation, or set the remote capacity to 0."),
                          "remote_link")
    check_extra_questions(values.get("extra_questions") or "")


def create_event(council: Council, values: dict, user: User | None = None) -> Event:
    """A new draft event of the council. Raises DomainError for inconsistent times or extra questions."""
    _check(values)
    event = Event(council=council, slug=_unique_slug(council, slug_for(values["title_fi"])),
                  status=EventStatus.DRAFT, created_by_id=user.id if user else None)
    for name in EDITABLE_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    db.session.add(event)
    db.session.flush()
    record("event.create", council=council, target=event, actor=user)
    return event


def update_event(event: Event, values: dict, user: User | None = None) -> None:
    """Change an event's details (capacities go through `registration.change_capacity`)."""
    _check(values)
    for name in EDITABLE_FIELDS:
        if name in values and name not in ("capacity_onsite", "capacity_remote"):
            setattr(event, name, values[name])
    db.session.flush()
    record("event.update", council=event.council_id, target=event, actor=user)


def copy_event(event: Event, starts_at: datetime, user: User | None = None, now: datetime | None = None) -> Event:
    """A draft copy of the event for the next one of its kind, starting at `starts_at`.

    As pretix's and Indico's clone do, the texts, place, modes, capacities, questions and settings are kept and
    the new date is asked for: the end and the registration window move by the same amount. Registrations,
    reminders and feedback sent are not copied. Raises DomainError on `starts_at` for a start in the past.
    """
    if starts_at <= (now or utcnow()):
        raise DomainError(_l("The copy must start in the future."), "starts_at")
    shift = starts_at - event.starts_at
    copy = Event(council_id=event.council_id, status=EventStatus.DRAFT, created_by_id=user.id if user else None,
                 slug=_unique_slug(event.council, slug_for(event.title_fi)))
    for name in EDITABLE_FIELDS:
        setattr(copy, name, getattr(event, name))
    for name in ("starts_at", "ends_at", "opens_at", "closes_at"):
        moment = getattr(event, name)
        setattr(copy, name, None if moment is None else moment + shift)
    db.session.add(copy)
    db.session.flush()
    record("event.copy", council=event.council_id, target=copy, actor=user, source_id=event.id)
    return copy


def publish_event(event: Event, user: User | None = None) -> None:
    if event.status is not EventStatus.DRAFT:
        raise DomainError(_l("Only a draft event can be published."))
    event.publish()
    record("event.publish", council=event.council_id, target=event, actor=user)


class EventHasRegistrations(DomainError):
    """Taking down an event people have registered for would break their personal links without a word."""

    def __init__(self):
        super().__init__(_l("People have registered for this event, so it cannot be taken down: their personal "
                            "links would stop working. Cancel the event instead; everyone registered is then "
                            "e-mailed."))


def unpublish_event(event: Event, user: User | None = None) -> None:
    """Take a published event back to a draft, off every public page and feed.

    Raises EventHasRegistrations while anyone is registered or waiting: they are told by cancelling instead.
    """
    if event.status is not EventStatus.PUBLISHED:
        raise DomainError(_l("Only a published event can be taken down."))
    if live_registrations(event):
        raise EventHasRegistrations()
    event.unpublish()
    record("event.unpublish", council=event.council_id, target=event, actor=user)


def live_registrations(event: Event) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status != RegistrationStatus.CANCELLED)
        .order_by(Registration.position)))


def cancellation_recipients(event: Event) -> list[Registration]:
    """Who is e-mailed when the event is cancelled: everyone registered or waiting who gave an address."""
    return [registration for registration in live_registrations(event) if registration.email]


def cancel_event(event: Event, user: User | None = None) -> int:
    """Cancel a published event and e-mail everyone registered (waiting too) in their language; returns how many.

    A draft is not public, so it is not cancelled (it would appear as cancelled on the public pages), and an
    event that has ended is not either (its participants would be told so after they attended).
    """
    if event.status is not EventStatus.PUBLISHED:
        raise DomainError(_l("Only a published event can be cancelled."))
    if event.has_ended():
        raise DomainError(_l("An event that has already ended cannot be cancelled."))
    event.cancel()
    people = cancellation_recipients(event)
    for registration in people:
        notices.queue_cancellation_notice(registration)
    record("event.cancel", council=event.council_id, target=event, actor=user, notified=len(people))
    return len(people)


def message_recipients(event: Event, modes: list[AttendanceMode], statuses: list[RegistrationStatus],
                       ) -> list[Registration]:
    """The live registrations with an address in the chosen modes and statuses."""
    return [registration for registration in live_registrations(event)
            if registration.email and registration.mode in modes and registration.status in statuses]


def message_participants(event: Event, modes: list[AttendanceMode], statuses: list[RegistrationStatus],
                         subject: str, body: str, user: User | None = None) -> int:
    """E-mail the chosen participants through the outbox; returns how many were written to."""
    recipients = message_recipients(event, modes, statuses)
    for registration in recipients:
        notices.queue_staff_message(registration, subject.strip(), body.strip())
    record("event.message", council=event.council_id, target=event, actor=user, recipients=len(recipients))
    return len(recipients)


def upcoming_events(council_ids: list[int], now: datetime | None = None) -> list[Event]:
    """Published and cancelled events that have not ended, soonest first."""
    now = now or utcnow()
    return list(db.session.scalars(select(Event).where(
        Event.council_id.in_(council_ids), Event.status != EventStatus.DRAFT, Event.ends_at > now)
        .order_by(Event.starts_at, Event.id)))


def past_events(council_ids: list[int], now: datetime | None = None, limit: int = 50) -> list[Event]:
    now = now or utcnow()
    return list(db.session.scalars(select(Event).where(
        Event.council_id.in_(council_ids), Event.status == EventStatus.PUBLISHED, Event.ends_at <= now)
        .order_by(Event.starts_at.desc()).limit(limit)))
