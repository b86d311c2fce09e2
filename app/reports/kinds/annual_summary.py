"""The annual summary of a council: the registered channel sections (app/reports/sections/) for one year,
covering a regional council's local councils too."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext as _

from app.models import Council, Report
from app.reports.building import formatting as fmt
from app.reports.building.document import ReportDocument
from app.reports.kinds.base import Progress, ReportKind, ReportSubject, register_kind
from app.reports.sections import annual_sections


def summary_councils(council: Council) -> list[Council]:
    """The council followed by the local councils below it (none for a local council)."""
    return [council, *council.children]


@register_kind
class AnnualSummary(ReportKind):
    """Parameters: year, language, formats."""

    name = "annual_summary"
    formats = ("pdf", "xlsx", "zip")

    def label(self) -> str:
        return _("Annual summary")

    def data_signature(self, council: Council, parameters: dict) -> str:
        councils, year = summary_councils(council), int(parameters["year"])
        return "|".join(f"{section.name}={section.signature(councils, year)}" for section in annual_sections())

    def describe(self, report: Report) -> ReportSubject:
        return ReportSubject(None, _("Annual summary"),
                             url_for("reports_staff.annual_summary", council_slug=report.council.slug))

    def build_document(self, report: Report, progress: Progress) -> ReportDocument:
        parameters = report.parameters
        language = parameters.get("language", "fi")
        year = int(parameters["year"])
        council: Council = report.council
        councils = summary_councils(council)
        document = ReportDocument(
            title=_("Annual summary %(year)s", year=year), subtitle=council.name(language),
            council_name=council.name(language), language=language, generated_on=date.today(),
            filename_stem=f"{council.slug}-{year}-{report.id}",
        )
        document.cover_lines = [council.name(language), _("Report date: %(date)s", date=fmt.day(date.today(), language))]
        if len(councils) > 1:
            document.notes.append(_("The summary also covers the local councils below the council (%(n)s).",
                                    n=fmt.count(len(councils) - 1, language)))
        sections = annual_sections()
        for number, section in enumerate(sections, start=1):
            progress(number / (len(sections) + 1), _("Counting answers"))
            data = section.collect(councils, year)
            if data is None:
                continue
            document.cover_lines += section.cover_lines(data, language)
            document.sections += section.lay_out(data, councils, language)
        if not document.sections:
            document.notes.append(_("The council had no activity to report in %(year)s.", year=year))
        progress(1.0, _("Laying out the questions"))
        return document
