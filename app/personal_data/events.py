"""Event registrations as personal data: found, exported and erased by e-mail address; counts stay."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.events.retention import erase_registrations
from app.extensions import db
from app.i18n import current_language
from app.models import AttendanceMode, Event, Registration
from app.personal_data.base import (HeldRecord, PersonalDataProvider, PrivacyEntry, normalised_email,
                                    register_provider)


def _matching(email: str, council_ids: set[int]):
    return (Registration.email_normalised == normalised_email(email),
            Registration.event_id.in_(select(Event.id).where(Event.council_id.in_(council_ids))))


@register_provider
class EventRegistrations(PersonalDataProvider):
    name = "events"
    order = 40
    label = _l("Event registrations")

    def find(self, email: str, council_ids: set[int]) -> list[HeldRecord]:
        if not council_ids:
            return []
        language = current_language()
        rows = db.session.execute(select(Registration, Event).join(Event, Registration.event_id == Event.id)
                                  .where(*_matching(email, council_ids)).order_by(Registration.created_at))
        records = []
        for registration, event in rows:
            fields = {_("Name"): registration.name or "", _("E-mail address"): registration.email or "",
                      _("Organisation"): registration.organisation or "",
                      _("Mode"): _("On site") if registration.mode is AttendanceMode.ONSITE else _("Remotely"),
                      _("Needs"): registration.needs or ""}
            for key, value in (registration.answers or {}).items():
                fields[key] = ", ".join(value) if isinstance(value, list) else str(value)
            records.append(HeldRecord(provider=self.name, council_id=event.council_id, kind=_("Event registration"),
                                      description=event.title(language), created_at=registration.created_at,
                                      fields={label: value for label, value in fields.items() if value}))
        return records

    def erase(self, email: str, council_ids: set[int]) -> int:
        if not council_ids:
            return 0
        matching = _matching(email, council_ids)
        return erase_registrations(matching[0] & matching[1])

    def privacy_entry(self, config) -> PrivacyEntry:
        return PrivacyEntry(
            purpose=_("Organising events: registrations, waiting lists, reminders, check-in and feedback."),
            legal_basis=_("Consent given when registering (GDPR article 6(1)(a))."),
            data=_("Name, e-mail address, organisation, municipality, mode of participation, dietary and "
                   "accessibility needs, answers to the event's extra questions, attendance."),
            retention=_("Removed %(days)d days after the event; the numbers of participants are kept.",
                        days=config["EVENT_RETENTION_DAYS"]))
