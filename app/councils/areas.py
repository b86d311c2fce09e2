"""A council's area (its municipality codes) read as one column of the statement that loads what belongs to the
council, instead of loading the council's municipality rows beside it; and a council with its area as plain values."""

from dataclasses import dataclass

from sqlalchemy import func, select

from app.models import Council, CouncilMunicipality

#: the area of the statement's Council as one string of municipality codes ("167,260,309")
AREA_CODES = (select(func.aggregate_strings(CouncilMunicipality.code, ","))
              .where(CouncilMunicipality.council_id == Council.id).scalar_subquery())


def area_codes(codes: str | None) -> tuple[str, ...]:
    """The municipality codes of an AREA_CODES column, in order (as `Council.municipality_codes`)."""
    return tuple(sorted(codes.split(","))) if codes else ()


@dataclass(frozen=True)
class CouncilValues:
    """A council as a public POST's kept look-up reads it (the event a registration is for, the round a nomination
    is for): what its form, stored row and e-mail show of `Council`, and its area (municipality codes)."""

    id: int
    slug: str
    name_fi: str
    name_sv: str | None
    name_en: str | None
    contact_email: str
    area: tuple[str, ...]

    def name(self, locale: str) -> str:
        """The council's name in the locale, falling back to Finnish (as `Council.name`)."""
        return getattr(self, f"name_{locale}", None) or self.name_fi
