"""A person's data-subject request handled by a council's admin: what every provider holds about an
address in the councils the admin reaches, and erasing it all in one transaction."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from app.audit.log import record
from app.extensions import db
from app.models import Council, User
from app.personal_data.base import HeldRecord, PersonalDataProvider, normalised_email, providers
from app.staff.access import ADMIN_ONLY, council_ids_for


@dataclass(frozen=True)
class ProviderHoldings:
    provider: PersonalDataProvider
    records: list[HeldRecord]


def reached_council_ids(user: User, council: Council) -> set[int]:
    """The councils whose data the admin's request covers: the council of the page and those below it that
    the admin reaches (never a council above or beside it, even when the admin is a member there too)."""
    reached = council_ids_for(user, ADMIN_ONLY)
    below = {council.id}
    frontier = [council]
    while frontier:
        children = [child for node in frontier for child in node.children]
        below |= {child.id for child in children}
        frontier = children
    return below & reached


def council_names(council_ids: set[int], language: str) -> dict[int, str]:
    """Council id -> name in the language, for the councils a request covers."""
    return {c.id: c.name(language) for c in db.session.scalars(select(Council).where(Council.id.in_(council_ids)))}


def held_data(email: str, council_ids: set[int]) -> list[ProviderHoldings]:
    """What each provider holds about the address, in provider order (providers holding nothing included)."""
    return [ProviderHoldings(provider, provider.find(email, council_ids)) for provider in providers()]


def erase_personal_data(email: str, council_ids: set[int]) -> dict[str, int]:
    """Erase or anonymise what every provider holds; provider name -> records changed. Flushes, never
    commits; a provider's `DomainError` (the last admin of a council) leaves the caller to roll back."""
    return {provider.name: provider.erase(email, council_ids) for provider in providers()}


def address_fingerprint(email: str) -> str:
    """A keyed hash of the address for the audit log: repeated requests about one person can be told apart
    from others' without the log holding the address (nor a hash anyone could test guesses against)."""
    key = current_app.secret_key.encode("utf-8") if isinstance(current_app.secret_key, str) else current_app.secret_key
    return hmac.new(key, normalised_email(email).encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def record_request(action: str, council: Council, user: User, email: str, **details: int | str) -> None:
    """The audit row of a request ("personal_data.search", ".export", ".erase"), without the address."""
    record(f"personal_data.{action}", council=council, actor=user, subject=address_fingerprint(email), **details)
