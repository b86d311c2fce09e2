"""The accessibility statement's moving parts: the supervisory authority's contact text that admins
edit, and the feedback a visitor sends, mailed to the council's contact with a receipt to the sender."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from limits import parse
from redis.exceptions import RedisError
from sqlalchemy import select

from app.audit.log import record
from app.auth.passwords import hash_token
from app.errors import DomainError
from app.extensions import db, limiter
from app.mail.outbox import queue_email
from app.models import Council, PlatformText, User

#: the PlatformText row of the supervisory authority's contact
AUTHORITY_KEY = "accessibility_authority"
#: when the service was last assessed, and how (the statement says both, as the law asks)
ASSESSED_ON = date(2026, 12, 6)


def default_authority_text() -> str:
    """The built-in contact of the supervisory authority, in the current language: Traficom has
    supervised digital accessibility since 1 January 2025 (HE 71/2024)."""
    return _("The Finnish Transport and Communications Agency Traficom supervises digital accessibility. If you "
             "are not satisfied with our answer, or get no answer within two weeks, you can report it to "
             "Traficom: www.saavutettavuusvaatimukset.fi, saavutettavuus@traficom.fi, switchboard "
             "+358 29 534 5000.")


def authority_text(locale: str) -> str:
    """The authority's contact as admins wrote it in this language, else the built-in text."""
    stored = db.session.get(PlatformText, AUTHORITY_KEY)
    return (stored.text(locale) if stored else "") or default_authority_text()


def stored_authority_texts() -> dict[str, str]:
    stored = db.session.get(PlatformText, AUTHORITY_KEY)
    return {language: stored.text(language) if stored else "" for language in ("fi", "sv", "en")}


def save_authority_text(texts: dict[str, str], council: Council, user: User) -> None:
    """Store the authority's contact text (per language; an empty one means the built-in text), a
    platform-wide setting; the audit row goes to the council whose admin changed it."""
    stored = db.session.get(PlatformText, AUTHORITY_KEY)
    if stored is None:
        stored = PlatformText(key=AUTHORITY_KEY)
        db.session.add(stored)
    for language in ("fi", "sv", "en"):
        setattr(stored, f"text_{language}", (texts.get(language) or "").strip())
    stored.updated_by_id = user.id
    db.session.flush()
    record("accessibility.authority_update", council=council, target="platform:accessibility", actor=user)


@dataclass(frozen=True)
class Feedback:
    council_id: int | None  # None: the service in general, to the platform's contact
    name: str
    email: str
    page: str
    message: str
    language: str


def feedback_councils() -> list[Council]:
    return list(db.session.scalars(select(Council).order_by(Council.name_fi)))


def send_accessibility_feedback(feedback: Feedback) -> Council | None:
    """Queue the feedback to the council's contact address (the platform's, PLATFORM_CONTACT_EMAIL, when
    no council was chosen), answers going to the sender, and a receipt to the sender in their language.
    Flushes, never commits. Returns the council. Raises DomainError (field "email") when the address has
    had RATELIMIT_MAIL_PER_RECIPIENT receipts already, so that nobody's mailbox can be flooded."""
    if not _within_recipient_limit(feedback.email):
        raise DomainError(_("Too many messages have been sent to this e-mail address in a short time. Nothing "
                            "was sent: try again in an hour. What you typed is still here."), field="email")
    council = db.session.get(Council, feedback.council_id) if feedback.council_id else None
    recipient = council.contact_email if council else current_app.config["PLATFORM_CONTACT_EMAIL"]
    council_name = council.name("fi") if council else "Yhteisääni"
    context = {"name": feedback.name, "email": feedback.email, "page": feedback.page, "message": feedback.message,
               "sender_language": feedback.language, "reply_to": feedback.email}
    queue_email(to=recipient, template="accessibility_feedback", language="fi",
                context={**context, "council_name": council_name},
                council_id=council.id if council else None, reply_to=feedback.email)
    receipt_council = council.name(feedback.language) if council else "Yhteisääni"
    queue_email(to=feedback.email, template="accessibility_feedback_receipt", language=feedback.language,
                context={**context, "council_name": receipt_council, "reply_to": recipient},
                council_id=council.id if council else None, reply_to=recipient)
    return council


def _within_recipient_limit(email: str) -> bool:
    if not limiter.enabled or not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    try:
        # The key holds the address's hash only.
        return limiter.limiter.hit(parse(current_app.config["RATELIMIT_MAIL_PER_RECIPIENT"]),
                                   "mail-recipient", "accessibility-feedback", hash_token(email.strip().lower()))
    except RedisError:
        current_app.logger.warning("Receipts per recipient not counted: Redis unreachable")
        return True
