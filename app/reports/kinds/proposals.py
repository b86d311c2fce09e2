"""The proposals report: per year the proposals received, handled and not taken up, the statuses of the
year's proposals and the median days from receipt to handling."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext as _

from app.models import Council, ProposalStatus, Report
from app.proposals.figures import figures_signature, proposal_figures
from app.proposals.triage import status_label
from app.reports.building import formatting as fmt
from app.reports.building.document import ReportDocument, Section, Table
from app.reports.kinds.base import Progress, ReportKind, ReportSubject, register_kind


def figures_table(figures, language: str) -> Table:
    """One row per year: received, handled, not taken up, median days to handle."""
    rows, raw = [], []
    for year in figures.values():
        median = year.median_days
        rows.append([str(year.year), fmt.count(year.received, language), fmt.count(year.handled, language),
                     fmt.count(year.not_taken_up, language), fmt.number(median, language) if median is not None else "–"])
        raw.append([year.year, year.received, year.handled, year.not_taken_up,
                    round(median, 1) if median is not None else None])
    return Table([_("Year"), _("Received"), _("Handled"), _("Not taken up"), _("Median days to handle")], rows, raw,
                 [False, True, True, True, True])


def status_table(figures, language: str) -> Table:
    """The statuses of each year's proposals now."""
    statuses = list(ProposalStatus)
    rows = [[str(year.year), *(fmt.count(year.by_status.get(status, 0), language) for status in statuses)]
            for year in figures.values()]
    raw = [[year.year, *(year.by_status.get(status, 0) for status in statuses)] for year in figures.values()]
    return Table([_("Year received"), *(status_label(status) for status in statuses)], rows, raw,
                 [False] + [True] * len(statuses))


@register_kind
class ProposalsReport(ReportKind):
    """Parameters: language, formats; optionally year (else every year)."""

    name = "proposals"
    formats = ("pdf", "xlsx")

    def label(self) -> str:
        return _("Proposals report")

    def data_signature(self, council: Council, parameters: dict) -> str:
        return figures_signature([council.id])

    def describe(self, report: Report) -> ReportSubject:
        return ReportSubject(None, _("Proposals"), url_for("proposals_staff.index", council_slug=report.council.slug))

    def build_document(self, report: Report, progress: Progress) -> ReportDocument:
        parameters = report.parameters
        language = parameters.get("language", "fi")
        council: Council = report.council
        years = {int(parameters["year"])} if parameters.get("year") else None
        progress(0.2, _("Counting proposals"))
        figures = proposal_figures([council.id], years)
        document = ReportDocument(title=_("Proposals"), subtitle=council.name(language),
                                  council_name=council.name(language), language=language, generated_on=date.today(),
                                  filename_stem=f"{council.slug}-proposals-{report.id}")
        total = sum(year.received for year in figures.values())
        document.cover_lines = [_("Proposals received: %(n)s", n=fmt.count(total, language))]
        overview = Section(key="proposals_years", title=_("Proposals per year"))
        overview.tables.append(figures_table(figures, language))
        overview.notes.append(_("Handled and not taken up count the proposals closed during the year; the median "
                                "counts the days from receipt to handling."))
        statuses = Section(key="proposals_statuses", title=_("Status of the proposals received each year"))
        statuses.tables.append(status_table(figures, language))
        document.sections = [overview, statuses]
        return document
