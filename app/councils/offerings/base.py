"""What each channel offers on a council's page and on the front page, registered by name like report kinds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from app.models import Council

OFFERINGS: dict[str, "Offering"] = {}


class DuplicateOffering(Exception):
    pass


class Offering:
    """One channel's part of the public council pages (open surveys, upcoming events, the award round…).

    `collect` gets every council shown on the page at once and answers with a fixed number of queries
    whatever their number (the front page shows all councils: no query per council). A council with
    nothing to show is left out of the answer, and the pages then say nothing of this channel for it.
    """

    name: ClassVar[str] = ""
    order: ClassVar[int] = 100  # position on the council page, smallest first
    #: partial for the council page; rendered with `council` and `offer` (this council's collected value)
    template: ClassVar[str] = ""

    def collect(self, councils: list[Council], now: datetime) -> dict[int, Any]:
        """What the channel offers now, per council id; councils without anything are left out."""
        raise NotImplementedError

    def summary(self, offer: Any) -> str:
        """One short line for the council's card on the front page, in the current language
        ("2 open surveys")."""
        raise NotImplementedError


@dataclass(frozen=True)
class Offer:
    """A channel's collected value for one council, ready for a template."""

    offering: Offering
    value: Any

    @property
    def template(self) -> str:
        return self.offering.template

    @property
    def summary(self) -> str:
        return self.offering.summary(self.value)


def register_offering(cls: type[Offering]) -> type[Offering]:
    """Class decorator: register one instance of the offering under its name; a name used twice fails."""
    if cls.name in OFFERINGS:
        raise DuplicateOffering(cls.name)
    OFFERINGS[cls.name] = cls()
    return cls


def offerings() -> list[Offering]:
    """The registered offerings in their order."""
    return sorted(OFFERINGS.values(), key=lambda offering: (offering.order, offering.name))


def council_offers(councils: list[Council], now: datetime) -> dict[int, list[Offer]]:
    """Every council's offers, in the offerings' order; a council without any maps to an empty list."""
    offers: dict[int, list[Offer]] = {council.id: [] for council in councils}
    for offering in offerings():
        for council_id, value in offering.collect(councils, now).items():
            offers[council_id].append(Offer(offering, value))
    return offers
