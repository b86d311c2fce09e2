"""The registry of personal-data providers: each channel finds, exports and erases what it holds about a
person by e-mail address, for the data-subject requests of GDPR articles 15 and 17."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

PROVIDERS: dict[str, "PersonalDataProvider"] = {}


class DuplicateProvider(Exception):
    pass


@dataclass(frozen=True)
class HeldRecord:
    """One record a channel holds about the person, as shown on the request page and exported.

    `fields` are the personal data itself, label → value, in the current language; never tokens or
    password hashes. `council_id` is None for what belongs to no council (a staff account).
    """

    provider: str
    council_id: int | None
    kind: str  # translated, e.g. "Event registration"
    description: str  # what the record is about, e.g. the event's title
    created_at: datetime | None
    fields: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The record for the JSON export: plain strings, the time in ISO 8601 (UTC)."""
        return {"provider": self.provider, "council_id": self.council_id, "kind": str(self.kind),
                "description": str(self.description),
                "created_at": self.created_at.isoformat() if self.created_at else None,
                "fields": {str(label): str(value) for label, value in self.fields.items()}}


@dataclass(frozen=True)
class PrivacyEntry:
    """What the privacy notice says of one channel: purpose, legal basis, recipients and retention."""

    purpose: str
    legal_basis: str
    data: str  # what is collected
    retention: str  # taken from the actual settings
    recipients: str = ""  # who else receives the data, if anyone (default: nobody outside the council)


class PersonalDataProvider:
    """One channel's personal data. Subclasses set `name` and `label` and implement the three methods.

    `council_ids` limits every method to the councils the staff member reaches. `erase` removes or
    anonymises the records (keeping counts and what is not personal: an event keeps its number of
    participants), may flush but never commits, and returns the number of records it changed; it
    raises `app.errors.DomainError` when a rule forbids the erasure (the last admin of a council), and
    the caller then rolls back what other providers did. The request page counts what `erase` will
    change by `len(find(...))`, so `find` lists exactly the records `erase` touches.
    """

    name: ClassVar[str] = ""
    order: ClassVar[int] = 100
    label: ClassVar[str] = ""  # a lazy string: the channel's name on the request page

    def find(self, email: str, council_ids: set[int]) -> list[HeldRecord]:
        raise NotImplementedError

    def erase(self, email: str, council_ids: set[int]) -> int:
        raise NotImplementedError

    def privacy_entry(self, config) -> PrivacyEntry:
        """The channel's part of the privacy notice, in the current language, retention from `config`."""
        raise NotImplementedError


def register_provider(cls: type[PersonalDataProvider]) -> type[PersonalDataProvider]:
    """Class decorator: register one instance of the provider under its name; a name used twice fails."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    if cls.name in PROVIDERS:
        raise DuplicateProvider(cls.name)
    PROVIDERS[cls.name] = cls()
    return cls


def providers() -> list[PersonalDataProvider]:
    """The registered providers in their order."""
    return sorted(PROVIDERS.values(), key=lambda provider: (provider.order, provider.name))


def normalised_email(email: str) -> str:
    """The form in which every provider compares addresses: stripped and lowercased."""
    return email.strip().lower()
