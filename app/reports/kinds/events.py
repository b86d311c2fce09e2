"""The events report of a council for a year: every event's registered, attended, cancelled, waiting and
no-shows by mode and municipality, and its feedback survey's response rate and results."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext as _

from app.events.figures import EventFigures, data_signature, events_of_year, figures_for
from app.local_time import utc_to_local
from app.models import Council, Report
from app.reports.building import formatting as fmt
from app.reports.building.document import RawData, ReportDocument
from app.reports.kinds.annual_summary import summary_councils
from app.reports.kinds.base import Progress, ReportKind, ReportRequestError, ReportSubject, register_kind
from app.reports.kinds.event_feedback import RAW_COLUMNS as FEEDBACK_COLUMNS
from app.reports.kinds.event_feedback import FeedbackResults, feedback_results, raw_headings
from app.reports.sections.events import MEASURES, EventsOfYear, event_sections, measure_labels, mode_labels, overview

RAW_COLUMNS = ["event", "council", "date", "mode", *MEASURES, *FEEDBACK_COLUMNS]


@register_kind
class EventsReport(ReportKind):
    """Parameters: year, language, formats."""

    name = "events"
    formats = ("pdf", "xlsx", "csv", "zip")

    def label(self) -> str:
        return _("Events report")

    def check(self, council: Council, parameters: dict) -> None:
        if not str(parameters.get("year", "")).isdigit():
            raise ReportRequestError(_("Choose the year."), "year")

    def subject(self, parameters: dict) -> str | None:
        return f"events:{parameters['year']}"

    def data_signature(self, council: Council, parameters: dict) -> str:
        return data_signature(events_of_year([c.id for c in summary_councils(council)], int(parameters["year"])))

    def describe(self, report: Report) -> ReportSubject:
        return ReportSubject(_("Events %(year)s", year=report.parameters["year"]), _("Events"),
                             url_for("events_staff.index", council_slug=report.council.slug))

    def build_document(self, report: Report, progress: Progress) -> ReportDocument:
        parameters = report.parameters
        language, year = parameters.get("language", "fi"), int(parameters["year"])
        council: Council = report.council
        councils = summary_councils(council)
        document = ReportDocument(title=_("Events %(year)s", year=year), subtitle=council.name(language),
                                  council_name=council.name(language), language=language,
                                  generated_on=date.today(), filename_stem=f"{council.slug}-events-{year}-{report.id}")
        progress(0.2, _("Counting answers"))
        data = EventsOfYear(figures_for(events_of_year([c.id for c in councils], year)))
        document.cover_lines = [council.name(language), _("Report date: %(date)s", date=fmt.day(date.today(), language))]
        if not data.figures:
            document.notes.append(_("The council had no events in %(year)s.", year=year))
            return document
        document.sections.append(overview(data, councils, language))
        feedback: dict[int, FeedbackResults] = {}
        for index, item in enumerate(data.figures):
            document.sections += event_sections(item, language)
            results = feedback_results(item, language)
            if results is not None:
                feedback[item.event.id] = results
                document.sections += results.sections
            progress(0.2 + 0.8 * (index + 1) / len(data.figures), _("Laying out the questions"))
        document.raw = _raw(data.figures, feedback, councils, language)
        progress(1.0, _("Laying out the questions"))
        return document


def _raw(figures: list[EventFigures], feedback: dict[int, FeedbackResults], councils: list[Council],
         language: str) -> RawData:
    """For the CSV and the spreadsheet's raw-data sheet: one row per event and mode of participation, then
    one per figure of the event's feedback results (the mode and measure columns empty)."""
    names, modes = {c.id: c.name(language) for c in councils}, mode_labels()
    no_feedback = [None] * len(FEEDBACK_COLUMNS)
    feedback_rows = {event_id: list(results.raw_rows()) for event_id, results in feedback.items()}

    def rows():
        for item in figures:
            event = item.event
            first = [event.title(language), names.get(event.council_id, ""), utc_to_local(event.starts_at).date()]
            for mode, mode_label in modes.items():
                yield [*first, mode_label, *(item.by_mode.get((mode, measure), 0) for measure in MEASURES),
                       *no_feedback]
            for row in feedback_rows.get(event.id, []):
                yield [*first, None, *(None for _measure in MEASURES), *row]

    labels = measure_labels()
    return RawData(RAW_COLUMNS, rows, expected=len(figures) * len(modes) + sum(map(len, feedback_rows.values())),
                   headings=[_("Event"), _("Council"), _("Date"), _("Mode"), *(labels[m] for m in MEASURES),
                             *raw_headings()])
