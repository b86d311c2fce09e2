"""The e-mails of events, queued in the caller's transaction and written in each person's language."""

from __future__ import annotations

from app.date_text import period_text
from app.events.calendar import event_ics, event_page_url
from app.events.public_events import NewRegistration
from app.mail.outbox import Attachment, queue_email
from app.models import AttendanceMode, Registration, RegistrationStatus

TEMPLATE = "event_notice"
# The kinds of notice, each a branch of templates/mail/event_notice.*
REGISTERED, WAITING, PROMOTED, EVENT_CANCELLED, REMINDER, MESSAGE, FEEDBACK = (
    "registered", "waiting", "promoted", "event_cancelled", "reminder", "message", "feedback")


def personal_link(registration: Registration | NewRegistration, token: str) -> str:
    """The public address of the registration's personal page (`events.my_registration`): the event page's address,
    kept per worker, and the token (URL-safe as made), rather than the URL map's build in every registration."""
    return event_page_url(registration.event) + "registration/" + token


def _remote_link(registration: Registration | NewRegistration) -> str:
    if registration.mode is AttendanceMode.REMOTE and registration.status is RegistrationStatus.CONFIRMED:
        return registration.event.remote_link
    return ""


def _queue(registration: Registration | NewRegistration, kind: str, *, link: str = "", attach_calendar: bool = False,
           **extra) -> None:
    if not registration.email:
        return
    event, language = registration.event, registration.language
    council = event.council
    context = {
        "kind": kind, "name": registration.name, "event_title": event.title(language),
        "council_name": council.name(language), "when": period_text(event.starts_at, event.ends_at, language, weekday=True), "place": event.place, "mode": registration.mode.value,
        "status": registration.status.value, "remote_link": _remote_link(registration), "link": link,
        "event_url": event_page_url(event),
        "reply_to": council.contact_email, **extra}
    attachment = None
    if attach_calendar:
        attachment = Attachment(f"{event.slug}.ics", "text/calendar",
                                event_ics(event, language, _remote_link(registration)))
    # Composed by the send job: rendering the bodies was a fifth of a registration's CPU.
    queue_email(to=registration.email, template=TEMPLATE, language=language, context=context,
                council_id=council.id, attachment=attachment, reply_to=council.contact_email, compose_in_job=True)


def queue_registration_notice(registration: Registration | NewRegistration, token: str) -> None:
    """The confirmation (or waiting-list) e-mail with the personal link, and the .ics when confirmed."""
    confirmed = registration.status is RegistrationStatus.CONFIRMED
    _queue(registration, REGISTERED if confirmed else WAITING, link=personal_link(registration, token),
           attach_calendar=confirmed)


def queue_promotion_notice(registration: Registration) -> None:
    _queue(registration, PROMOTED, attach_calendar=True)


def queue_cancellation_notice(registration: Registration) -> None:
    _queue(registration, EVENT_CANCELLED)


def queue_reminder(registration: Registration) -> None:
    _queue(registration, REMINDER, attach_calendar=True)


def queue_staff_message(registration: Registration, subject: str, body: str) -> None:
    _queue(registration, MESSAGE, subject=subject, body=body)


def queue_feedback_request(registration: Registration, survey_link: str) -> None:
    _queue(registration, FEEDBACK, link=survey_link)
