"""The privacy notice: the council's own details as its staff wrote them, and per channel the purpose,
legal basis, data, recipients and retention that the providers and the settings give."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.log import record
from app.extensions import db
from app.models import Council, PrivacyNotice, User
from app.personal_data import PrivacyEntry, providers


@dataclass(frozen=True)
class Channel:
    label: str
    entry: PrivacyEntry
    searchable: bool = False  # a personal-data request finds and erases it by e-mail address


@dataclass(frozen=True)
class NoticeFields:
    """What staff write into their council's notice."""

    controller: str
    contact_person: str
    contact_email: str
    contact_phone: str
    extra_fi: str
    extra_sv: str
    extra_en: str


def channels(config) -> list[Channel]:
    """Every channel's part of the notice in the current language: the providers', then the staff log
    and the reports, which hold personal data without being searchable by address."""
    found = [Channel(str(provider.label), provider.privacy_entry(config), True) for provider in providers()]
    found.append(Channel(_("Log of staff actions"), PrivacyEntry(
        purpose=_("To show who did what in the staff pages, for security and to answer for the council's work."),
        legal_basis=_("The council's legitimate interest in running its work securely (GDPR article 6(1)(f))."),
        data=_("Which staff member did what and when; never the personal data they handled."),
        retention=_("Entries are deleted after %(days)s days.", days=config["AUDIT_RETENTION_DAYS"]))))
    found.append(Channel(_("Reports"), PrivacyEntry(
        purpose=_("To report the results of surveys to the council and, without personal data, to the public."),
        legal_basis=_("The council's legitimate interest in reporting what it heard (GDPR article 6(1)(f))."),
        data=_("Figures and answers; contact details only in a full report that staff ask for."),
        retention=_("Report files are deleted %(days)s days after they were made.",
                    days=config["REPORT_RETENTION_DAYS"]))))
    return found


def notice_of(council: Council) -> PrivacyNotice | None:
    return db.session.get(PrivacyNotice, council.id)


def save_privacy_notice(council: Council, fields: NoticeFields, user: User) -> PrivacyNotice:
    """Store the council's part of its privacy notice (flushes, never commits) and record the change."""
    notice = notice_of(council)
    if notice is None:
        notice = PrivacyNotice(council_id=council.id)
        db.session.add(notice)
    for name, value in vars(fields).items():
        setattr(notice, name, value.strip())
    notice.updated_by_id = user.id
    db.session.flush()
    record("privacy.notice_update", council=council, target=f"council:{council.id}", actor=user)
    return notice


def councils_with_notices() -> list[Council]:
    """Every council, regional ones first, for the general notice's list."""
    return list(db.session.scalars(select(Council).order_by(Council.parent_id.is_not(None), Council.name_fi)))
