"""The front page's municipality finder: a typed Finnish or Swedish name to the councils of that area."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.models import Council, CouncilKind, CouncilMunicipality
from app.reference.municipalities import Municipality, all_municipalities

QUERY_MAX_LENGTH = 60


@dataclass(frozen=True)
class FinderAnswer:
    """What the finder found for a typed text: one municipality and its councils, or the candidates."""

    query: str
    municipality: Municipality | None = None
    candidates: list[Municipality] = field(default_factory=list)
    local_councils: list[Council] = field(default_factory=list)
    regional_councils: list[Council] = field(default_factory=list)

    @property
    def has_councils(self) -> bool:
        return bool(self.local_councils or self.regional_councils)


def match_municipalities(text: str) -> list[Municipality]:
    """Municipalities whose Finnish or Swedish name is the text (case-insensitive); failing that, those whose
    name starts with it; failing that, those whose name contains it. A code matches its municipality."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return []
    municipalities = all_municipalities()
    if wanted.isdigit():
        found = municipalities.get(wanted.zfill(3))
        return [found] if found else []
    names = [(item, (item.name_fi.casefold(), item.name_sv.casefold())) for item in municipalities.values()]
    for matches in (lambda name: name == wanted, lambda name: name.startswith(wanted), lambda name: wanted in name):
        found = [item for item, both in names if any(matches(name) for name in both)]
        if found:
            return found
    return []


def councils_covering(code: str) -> tuple[list[Council], list[Council]]:
    """The local and the regional councils whose area has this municipality, by name."""
    councils = list(db.session.scalars(
        select(Council).join(CouncilMunicipality).where(CouncilMunicipality.code == code).order_by(Council.name_fi)))
    local = [council for council in councils if council.kind is CouncilKind.LOCAL]
    regional = [council for council in councils if council.kind is CouncilKind.REGIONAL]
    # A local council's area lies inside its regional council's: show that council even if its list lacks the code.
    for council in local:
        root = council.region_root
        if root not in regional:
            regional.append(root)
    return local, regional


def find_councils(text: str, locale: str) -> FinderAnswer:
    """The finder's answer for a typed municipality name: its councils when exactly one municipality matches,
    else the candidates (none when nothing matches)."""
    query = text.strip()[:QUERY_MAX_LENGTH]
    found = match_municipalities(query)
    if len(found) != 1:
        return FinderAnswer(query, candidates=sorted(found, key=lambda item: item.name(locale)))
    local, regional = councils_covering(found[0].code)
    return FinderAnswer(query, municipality=found[0], local_councils=local, regional_councils=regional)


def municipality_names() -> list[str]:
    """Every Finnish and Swedish municipality name, for the finder's suggestions."""
    names = set()
    for item in all_municipalities().values():
        names.update({item.name_fi, item.name_sv} if item.name_sv else {item.name_fi})
    return sorted(names, key=lambda name: name.casefold())
