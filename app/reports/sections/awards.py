"""The awards section of the annual summary: the year's award rounds of the council and its local councils."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.awards.figures import RoundFigures, round_figures, round_signature, rounds_of_year
from app.models import Council
from app.reference.municipalities import municipality_name
from app.reports.building import formatting as fmt
from app.reports.building.document import Section, Table
from app.reports.sections.base import AnnualSection, register_section


@dataclass
class AwardsOfYear:
    rounds: list[RoundFigures]

    @property
    def nominations(self) -> int:
        return sum(figures.nominations for figures in self.rounds)


@register_section
class AwardsSection(AnnualSection):
    name = "awards"
    order = 30

    def signature(self, councils: list[Council], year: int) -> str:
        rounds = rounds_of_year([council.id for council in councils], year)
        return ";".join(round_signature(award_round) for award_round in rounds) or "none"

    def collect(self, councils: list[Council], year: int) -> AwardsOfYear | None:
        rounds = rounds_of_year([council.id for council in councils], year)
        if not rounds:
            return None
        return AwardsOfYear([round_figures(award_round) for award_round in rounds])

    def cover_lines(self, data: AwardsOfYear, language: str) -> list[str]:
        return [_("Award nominations: %(n)s", n=fmt.count(data.nominations, language))]

    def lay_out(self, data: AwardsOfYear, councils: list[Council], language: str) -> list[Section]:
        several = len(councils) > 1
        names = {council.id: council.name(language) for council in councils}
        channel = Section(key="awards", title=_("Awards"), heading_level=1,
                          n_text=_("Award nominations: %(n)s", n=fmt.count(data.nominations, language)))
        header = [_("Award"), *([_("Council")] if several else []), _("Nominations"), _("Winners"),
                  _("Decided on")]
        rows, raw = [], []
        for figures in data.rounds:
            award_round = figures.award_round
            council = [names[award_round.council_id]] if several else []
            rows.append([award_round.name, *council, fmt.count(figures.nominations, language),
                         fmt.count(figures.winners, language), fmt.day(award_round.decided_on, language)])
            raw.append([award_round.name, *council, figures.nominations, figures.winners, award_round.decided_on])
        channel.tables.append(Table(header, rows, raw, [False] * (2 if several else 1) + [True, True, False]))
        municipalities: dict[str, int] = {}
        for figures in data.rounds:
            for code, count in figures.by_municipality:
                municipalities[code] = municipalities.get(code, 0) + count
        per_municipality = Section(key="award_municipalities", title=_("Award nominations per municipality"),
                                   n_text=_("N = %(n)s", n=fmt.count(data.nominations, language)))
        ordered = sorted(municipalities.items(), key=lambda item: (-item[1], item[0]))
        per_municipality.tables.append(Table(
            [_("Municipality"), _("Nominations")],
            [[municipality_name(code, language), fmt.count(n, language)] for code, n in ordered],
            [[municipality_name(code, language), n] for code, n in ordered], [False, True]))
        return [channel, per_municipality]
