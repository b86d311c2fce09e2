"""The e-mails of events, queued in the caller's transaction and written in each person's language."""

from __future__ import annotations

from dataclasses import replace

from app.date_text import period_text
from app.events.calendar import event_ics, event_page_url
from app.events.public_events import NewRegistration
from app.mail.outbox import Attachment, choice_parameters, message_values, queue_message
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


def _queue(registration: Registration | NewRegistration, kind: str, **options) -> None:
    if registration.email:
        queue_message(_message(registration, kind, **options))


def _message(registration: Registration | NewRegistration, kind: str, *, link: str = "", attach_calendar: bool = False,
             **extra) -> dict:
    """The outbox row of a notice (`outbox.message_values`), composed by the send job in the person's language."""
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
    return message_values(to=registration.email, template=TEMPLATE, language=language, context=context,
                          council_id=council.id, attachment=attachment, reply_to=council.contact_email,
                          compose_in_job=True)


def queue_registration_notice(registration: Registration | NewRegistration, token: str) -> None:
    """The confirmation (or waiting-list) e-mail with the personal link, and the .ics when confirmed."""
    _queue(registration, **_registration_notice(registration, token))


def registration_notice_choice(registration: NewRegistration, token: str) -> dict:
    """The parameters of `outbox.insert_choosing` for a new registration's e-mail, written by the statement that
    decides its status: the confirmation where it is confirmed, else the waiting-list e-mail."""
    confirmed = replace(registration, status=RegistrationStatus.CONFIRMED)
    waiting = replace(registration, status=RegistrationStatus.WAITING)
    return choice_parameters(_message(confirmed, **_registration_notice(confirmed, token)),
                             _message(waiting, **_registration_notice(waiting, token)))


def _registration_notice(registration: Registration | NewRegistration, token: str) -> dict:
    confirmed = registration.status is RegistrationStatus.CONFIRMED
    return {"kind": REGISTERED if confirmed else WAITING, "link": personal_link(registration, token),
            "attach_calendar": confirmed}


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
