"""A council's area (its municipality codes) read as one column of the statement that loads what belongs to the
council, instead of loading the council's municipality rows beside it."""

from sqlalchemy import func, select

from app.models import Council, CouncilMunicipality

#: the area of the statement's Council as one string of municipality codes ("167,260,309")
AREA_CODES = (select(func.aggregate_strings(CouncilMunicipality.code, ","))
              .where(CouncilMunicipality.council_id == Council.id).scalar_subquery())


def area_codes(codes: str | None) -> tuple[str, ...]:
    """The municipality codes of an AREA_CODES column, in order (as `Council.municipality_codes`)."""
    return tuple(sorted(codes.split(","))) if codes else ()
