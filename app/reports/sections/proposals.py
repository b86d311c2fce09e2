"""The proposals section of the annual summary: received, handled, not taken up and the median days to
handle in the year, per council for a regional council's summary."""

from __future__ import annotations

from flask_babel import gettext as _

from app.models import Council
from app.proposals.figures import YearFigures, figures_signature, proposal_figures
from app.reports.building import formatting as fmt
from app.reports.building.document import Section, Table
from app.reports.sections.base import AnnualSection, register_section


@register_section
class ProposalsSection(AnnualSection):
    name = "proposals"
    order = 50

    def signature(self, councils: list[Council], year: int) -> str:
        return figures_signature([council.id for council in councils])

    def collect(self, councils: list[Council], year: int) -> dict[int, YearFigures] | None:
        per_council = {council.id: proposal_figures([council.id], {year}).get(year) for council in councils}
        per_council = {council_id: figures for council_id, figures in per_council.items() if figures is not None}
        return per_council or None

    def cover_lines(self, data: dict[int, YearFigures], language: str) -> list[str]:
        received = sum(figures.received for figures in data.values())
        return [_("Proposals received: %(n)s", n=fmt.count(received, language))]

    def lay_out(self, data: dict[int, YearFigures], councils: list[Council], language: str) -> list[Section]:
        section = Section(key="proposals", title=_("Proposals"), heading_level=1)
        rows, raw = [], []
        for council in councils:
            figures = data.get(council.id)
            if figures is None:
                continue
            median = figures.median_days
            rows.append([council.name(language), fmt.count(figures.received, language),
                         fmt.count(figures.handled, language), fmt.count(figures.not_taken_up, language),
                         fmt.number(median, language) if median is not None else "–"])
            raw.append([council.name(language), figures.received, figures.handled, figures.not_taken_up,
                        round(median, 1) if median is not None else None])
        section.tables.append(Table([_("Council"), _("Received"), _("Handled"), _("Not taken up"),
                                     _("Median days to handle")], rows, raw, [False, True, True, True, True]))
        return [section]
