"""The round a council takes nominations in, read as plain values (the round, its council and area) and kept
per worker while nothing it was read from has changed; and the council's next round.

A nomination reads nothing else before its INSERTs, so this look-up was a statement and a round trip of every
nomination. Kept as the registration's event is (`app/kept_lookups.py`): with the counters of its tables
(`app/table_generations.py`), read in one round trip to Redis *before* the statement, and only in the minute it
was read in. A round changed by the staff (its period, name, categories), its council or its area moves a counter
after that commit, and the next nomination reads the round again. The minute bounds what no counter sees (a
commit while Redis was unreachable, Redis emptied) and a newer round opening beside a still open one; periods
entered in the staff forms open and close at whole minutes, and the kept round's own period is checked at the
request's second. Without Redis the round is read on every request. Only a round found is kept: a slug without
one (or not a council's) is read each time. A GET that renders a page to keep reads the round by its statement, so
that the kept page is kept with the round's tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from app.councils.areas import AREA_CODES, CouncilValues, area_codes
from app.extensions import db
from app.kept_pages import renders_alike_for_everyone
from app.models import AwardRound, Council, CouncilMunicipality
from app.models.awards import category_list
from app.models.base import UTCDateTime
from app.periods import Phase, phase_at, phase_expression
from app.kept_lookups import KeptLookup

#: open rounds kept per worker (one per council that has one), the least recently used dropped first
ROUNDS_MAX = 256


@dataclass(frozen=True)
class OpenRound:
    """The round taking nominations, read as plain values: what the nomination form, its check page, the stored
    nomination and its confirmation e-mail use of `AwardRound` and its council."""

    id: int
    year: int
    name: str
    criteria_fi: str
    criteria_sv: str
    criteria_en: str
    nomination_opens_at: datetime | None
    nomination_closes_at: datetime | None
    category_list: tuple[str, ...]
    council: CouncilValues

    def nomination_phase(self, now: datetime) -> Phase:
        return phase_at(self.nomination_opens_at, self.nomination_closes_at, now)

    def criteria_text(self, locale: str) -> str:
        """The round's criteria in the locale, falling back to Finnish (as `AwardRound.criteria_text`)."""
        return getattr(self, f"criteria_{locale}", None) or self.criteria_fi


_rounds, _councils = AwardRound.__table__, Council.__table__
#: built once, on the tables' columns: loading the round and its council as ORM objects (35 columns, two
#: identity-map entries, the ORM's result processing) cost more than running the statement; the council's area
#: comes as one column (AREA_CODES).
_OPEN_ROUND = (select(_rounds.c.id, _rounds.c.year, _rounds.c.name, _rounds.c.criteria_fi, _rounds.c.criteria_sv,
                      _rounds.c.criteria_en, _rounds.c.nomination_opens_at, _rounds.c.nomination_closes_at,
                      _rounds.c.categories, _councils.c.id, _councils.c.slug, _councils.c.name_fi,
                      _councils.c.name_sv, _councils.c.name_en, _councils.c.contact_email, AREA_CODES)
               .join_from(_rounds, _councils, _rounds.c.council_id == _councils.c.id)
               .where(_councils.c.slug == bindparam("council_slug"),
                      phase_expression(_rounds.c.nomination_opens_at, _rounds.c.nomination_closes_at,
                                       bindparam("now", type_=UTCDateTime)) == Phase.OPEN)
               .order_by(_rounds.c.year.desc()).limit(1))
_KEPT: KeptLookup[OpenRound] = KeptLookup(
    "kept_open_rounds", (AwardRound.__tablename__, Council.__tablename__, CouncilMunicipality.__tablename__),
    ROUNDS_MAX)


def open_round_at(council_slug: str, now: datetime) -> OpenRound | None:
    """The open round of the council with this slug at `now` (the newest year's), with its council and area:
    kept per worker while the tables it is read from are unchanged and within the minute it was read in; else
    read in one statement (one row, not one per municipality of the council)."""
    if renders_alike_for_everyone():
        # A page being kept learns the tables it shows from the statements its render runs.
        return _read_open_round(council_slug, now)
    return _KEPT.get(council_slug, now, lambda: _read_open_round(council_slug, now),
                     still_good=lambda found: found.nomination_phase(now) is Phase.OPEN)


def _read_open_round(council_slug: str, now: datetime) -> OpenRound | None:
    row = db.session.execute(_OPEN_ROUND, {"council_slug": council_slug, "now": now}).first()
    if row is None:
        return None
    (round_id, year, name, criteria_fi, criteria_sv, criteria_en, opens_at, closes_at, categories,
     council_id, slug, name_fi, name_sv, name_en, contact_email, area) = row
    council = CouncilValues(council_id, slug, name_fi, name_sv, name_en, contact_email, area_codes(area))
    return OpenRound(round_id, year, name, criteria_fi, criteria_sv, criteria_en, opens_at, closes_at,
                     category_list(categories), council)


def next_round_of(council: Council, now: datetime) -> AwardRound | None:
    """The council's next round whose nominations have not opened yet but have an opening time."""
    return db.session.scalar(select(AwardRound).where(AwardRound.council_id == council.id,
                                                      AwardRound.nomination_phase_sql(now) == Phase.SCHEDULED)
                             .order_by(AwardRound.nomination_opens_at).limit(1))
