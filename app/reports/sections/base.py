"""The sections of the annual summary: one per channel, registered by name like the report kinds."""

from __future__ import annotations

from typing import Any, ClassVar

from app.models import Council
from app.reports.building.document import Section

ANNUAL_SECTIONS: dict[str, "AnnualSection"] = {}


class DuplicateAnnualSection(Exception):
    pass


class AnnualSection:
    """One channel's part of a council's annual summary.

    `councils` is the council the summary is for followed by its local councils (for a regional
    council), so that every figure can be broken down per council. A channel without data in the
    year returns None from `collect`, and the summary leaves its section out.
    """

    name: ClassVar[str] = ""
    order: ClassVar[int] = 100  # position in the summary, smallest first

    def signature(self, councils: list[Council], year: int) -> str:
        """A short string that changes whenever the data of this section changes."""
        raise NotImplementedError

    def collect(self, councils: list[Council], year: int) -> Any | None:
        """The section's figures for the year, or None when the channel had nothing in it."""
        raise NotImplementedError

    def cover_lines(self, data: Any, language: str) -> list[str]:
        """Headline figures for the summary's cover."""
        return []

    def lay_out(self, data: Any, councils: list[Council], language: str) -> list[Section]:
        """The section (heading level 1) and its subsections, in the current language."""
        raise NotImplementedError


def register_section(cls: type[AnnualSection]) -> type[AnnualSection]:
    """Class decorator: register one instance of the section under its name; a name used twice fails."""
    if cls.name in ANNUAL_SECTIONS:
        raise DuplicateAnnualSection(cls.name)
    ANNUAL_SECTIONS[cls.name] = cls()
    return cls


def annual_sections() -> list[AnnualSection]:
    """The registered sections in their order."""
    return sorted(ANNUAL_SECTIONS.values(), key=lambda section: (section.order, section.name))
