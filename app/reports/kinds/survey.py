"""The survey report: response rates, one section per question, an optional crosstab."""

from __future__ import annotations

from datetime import date

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from surveys import missing_locales, text

from app.extensions import db
from app.models import Council, Report, Survey
from app.local_time import HELSINKI
from app.reference.municipalities import municipality_name
from app.reports.building import aggregation as agg
from app.reports.building import formatting as fmt
from app.reports.building.document import Chart, RawData, ReportDocument, Section, Share, Table
from app.associations.labels import sector_label
from app.reports.building.questions import (CHOICE_TYPES, COUNTED_TYPES, CROSSTAB_TYPES, TEXT_TYPES, Aggregates,
                                            Presentation,
                                            n_text, option_labels, question_section)
from app.reports.building.raw import version_raw_data
from app.reports.kinds.base import Progress, ReportKind, ReportRequestError, ReportSubject, register_kind
from app.surveys.definitions import definition_for

LANGUAGE_NAMES = {"fi": _l("Finnish"), "sv": _l("Swedish"), "en": _l("English")}


def response_filter(parameters: dict) -> agg.ResponseFilter:
    def day(value):
        return date.fromisoformat(value) if value else None

    return agg.ResponseFilter(
        municipality=parameters.get("municipality") or None,
        sector=parameters.get("sector") or None,
        submitted_from=day(parameters.get("submitted_from")),
        submitted_to=day(parameters.get("submitted_to")),
    )


def collect_aggregates(survey_id: int, definition, flt: agg.ResponseFilter, include_texts: bool,
                       text_limit: int) -> Aggregates:
    """Every count the survey's sections need: two passes over the answer rows, then short queries."""
    questions = [q for q in definition.questions() if q.has_answer]
    with_other = [q.key for q in questions if q.type_name in CHOICE_TYPES and getattr(q, "other", False)]
    free = [q.key for q in questions if q.type_name in TEXT_TYPES]
    # Both passes over the answer rows at once, on two connections (see question_respondents_beside).
    respondents = agg.question_respondents_beside(survey_id, flt, [q.key for q in questions])
    try:
        tally = agg.tally_answers(
            survey_id, flt,
            counted=[q.key for q in questions if q.type_name in COUNTED_TYPES],
            numbers=[q.key for q in questions if q.type_name == "number"],
            dates=[q.key for q in questions if q.type_name == "date"],
            free=free if include_texts else [],
            with_other=with_other if include_texts else [],
        )
    finally:
        counts = respondents()  # waits for the other connection's statement, also when the tally failed
    return Aggregates(
        n=agg.respondent_count(survey_id, flt),
        respondents=counts,
        options=tally.options,
        numbers=tally.numbers,
        years=tally.years,
        texts=agg.first_texts(survey_id, flt, tally.text_totals, text_limit),
        others=agg.first_texts(survey_id, flt, tally.other_totals, text_limit, option="other"),
    )


def personal_keys(definition) -> set[str]:
    """The keys of the questions whose answers are personal data (contact details)."""
    return {q.key for q in definition.questions() if q.has_answer and q.is_personal}


def question_sections(definition, aggregates: Aggregates, view: Presentation,
                      include_personal: bool = False) -> list[Section]:
    """A section per answered question, numbered as in the survey, then one section that lists the
    questions nobody answered. Personal questions (contact details) are left out unless
    `include_personal`, which a publication version never is."""
    sections, unanswered = _question_sections(definition, aggregates, view, include_personal)
    return sections + _unanswered_section(unanswered)


def _unanswered_section(labels: list[str]) -> list[Section]:
    """The one section that lists the questions nobody answered, if any."""
    if not labels:
        return []
    return [Section(key="unanswered", title=_("Questions nobody answered"), notes=["; ".join(labels)])]


def _question_sections(definition, aggregates: Aggregates, view: Presentation,
                       include_personal: bool) -> tuple[list[Section], list[str]]:
    """The sections of the answered questions, and the numbered labels of those nobody answered."""
    sections, unanswered = [], []
    number = 0
    include_personal = include_personal and not view.is_publication
    for question in definition.questions():
        if not question.has_answer:
            continue
        number += 1
        if question.is_personal and not include_personal:
            continue
        if not aggregates.respondents.get(question.key):
            unanswered.append(f"{number}. {text(question.label, view.language)}")
            continue
        section = question_section(question, aggregates, view, number)
        if section is not None:
            sections.append(section)
    return sections, unanswered


def summary_section(sections: list[Section]) -> Section:
    """The summary page: per question section one line with its headline result, which the section
    worked out from what it shows (so a publication version's summary hides what its tables hide)."""
    lines = [f"{section.title} – {section.headline or section.n_text}" for section in sections]
    return Section(key="summary", title=_("Summary"), texts=lines, heading_level=1)


def key_figures(responses: int, invited: int, responded: int, answered: int, left_out: int,
                language: str) -> Table:
    """The cover's table of key figures: responses, invited associations, response rate, questions."""
    rows = [[_("Responses"), fmt.count(responses, language)]]
    if invited:
        rows += [[_("Invited associations"), fmt.count(invited, language)],
                 [_("Response rate"), f"{fmt.share(responded, invited, language)} "
                                      f"({fmt.count(responded, language)} / {fmt.count(invited, language)})"]]
    rows += [[_("Questions answered"), fmt.count(answered, language)],
             [_("Questions left out (nobody answered)"), fmt.count(left_out, language)]]
    return Table([_("Key figure"), _("Value")], rows, [list(row) for row in rows], [False, True],
                 caption=_("Key figures"))


def _period_lines(survey: Survey, language: str) -> list[str]:
    if survey.opens_at is None:
        return []
    start = fmt.day(survey.opens_at.astimezone(HELSINKI), language)
    end = fmt.day(survey.closes_at.astimezone(HELSINKI), language) if survey.closes_at else "…"
    return [_("Survey period: %(start)s – %(end)s", start=start, end=end)]


def _invitation_totals(survey_id: int) -> tuple[int, int]:
    """(invited, responded) associations of the survey."""
    rates = agg.response_rates(survey_id, "sector")
    return sum(row[1] for row in rates), sum(row[2] for row in rates)


def _filter_lines(flt: agg.ResponseFilter, language: str) -> list[str]:
    lines = []
    if flt.municipality:
        lines.append(_("Municipality: %(name)s", name=municipality_name(flt.municipality, language)))
    if flt.sector:
        lines.append(_("Sector: %(name)s", name=sector_label(flt.sector)))
    if flt.submitted_from or flt.submitted_to:
        lines.append(_("Submitted: %(start)s – %(end)s", start=fmt.day(flt.submitted_from, language),
                       end=fmt.day(flt.submitted_to, language)))
    return lines


def _rate_section(survey_id: int, column: str, title: str, view: Presentation) -> Section | None:
    rates = agg.response_rates(survey_id, column)
    if not rates:
        return None
    language = view.language
    name = (lambda code: municipality_name(code, language) if code else "–") if column == "municipality_code" else sector_label
    invited = [r[1] for r in rates]
    responded = [r[2] for r in rates]
    # The responded counts add up to the total in the heading. A hidden one lies between 1 and the
    # invited count beside it (with one invited association, it is that one), so the invited count
    # of a hidden row is hidden too, and the invited counts add up to their total in turn.
    hide = view.suppress_group(responded)
    hide_invited = view.suppress(dict(enumerate(invited)), [range(len(invited))],
                                 hidden=[index for index, hidden in enumerate(hide) if hidden])
    rows, raw, labels, values = [], [], [], []
    for index, (group, invited_here, responded_here) in enumerate(rates):
        share = 100 * responded_here / invited_here if invited_here else 0.0
        rate_hidden = hide[index] or index in hide_invited
        rows.append([name(group), view.count(invited_here, index in hide_invited), view.count(responded_here, hide[index]),
                     "–" if rate_hidden else fmt.percent(share, language)])
        raw.append([name(group), view.raw_count(invited_here, index in hide_invited),
                    view.raw_count(responded_here, hide[index]), None if rate_hidden else Share(share / 100)])
        if not rate_hidden:
            labels.append(name(group))
            values.append(share)
    invited_total = sum(r[1] for r in rates)
    responded_total = sum(r[2] for r in rates)
    section = Section(key=f"rate_{column}", title=title,
                      n_text=_("%(responded)s of %(invited)s invited associations responded",
                               responded=fmt.count(responded_total, language), invited=fmt.count(invited_total, language)))
    section.tables.append(Table([title.split(":")[0], _("Invited"), _("Responded"), _("Response rate")], rows, raw,
                                [False, True, True, True]))
    if any(hide):
        section.notes.append(view.suppression_note())
    if labels and view.charts:
        section.chart = Chart("bars", title, labels, [values], x_label=_("Response rate"),
                              n_label=n_text(invited_total, language),
                              alt_text=_("Chart of %(title)s. %(values)s.", title=title, values="; ".join(
                                  f"{label}: {fmt.percent(v, language)}" for label, v in zip(labels, values))))
    return section


def _by_name(question, code, language: str) -> str:
    # Only a municipality question takes its values from the answers; they are listed by name.
    return municipality_name(code, language) if question.type_name == "municipality" and code else ""


def crosstab_section(survey_id: int, definition, flt: agg.ResponseFilter, first: str, second: str,
                     view: Presentation) -> Section | None:
    """Respondents by the options of two choice questions, with row shares drawn as stacked bars."""
    try:
        qa, qb = definition.question(first), definition.question(second)
    except KeyError:
        return None
    if qa.type_name not in CROSSTAB_TYPES or qb.type_name not in CROSSTAB_TYPES:
        return None
    language = view.language
    counts = agg.crosstab(survey_id, flt, first, second)
    a_options = option_labels(qa, language, found=sorted({a for a, _b in counts}, key=lambda code: _by_name(qa, code, language)))
    b_options = option_labels(qb, language, found=sorted({b for _a, b in counts}, key=lambda code: _by_name(qb, code, language)))
    title = _("Crosstab: %(first)s × %(second)s", first=text(qa.label, language), second=text(qb.label, language))
    total = sum(counts.values())
    section = Section(key=f"crosstab_{first}_{second}", title=title, n_text=n_text(total, language))
    lines = [[counts.get((a_value, b_value), 0) for b_value, _b in b_options] for a_value, _a in a_options]
    cells = {(i, j): count for i, line in enumerate(lines) for j, count in enumerate(line)}
    cells.update({(i, None): sum(line) for i, line in enumerate(lines)})
    # Suppression groups: each row adds up to its total (cell (i, None)); each column to the
    # respondents of that option among those who answered both (close to the second question's own
    # count), and the row totals to N.
    hidden = view.suppress(cells, [[(i, j) for j in range(len(b_options))] + [(i, None)] for i in range(len(lines))]
                           + [[(i, j) for i in range(len(lines))] for j in range(len(b_options))]
                           + [[(i, None) for i in range(len(lines))]])
    rows, raw, labels, shares = [], [], [], []
    for i, ((_a_value, a_label), line) in enumerate(zip(a_options, lines)):
        row_total = sum(line)
        keys = [(i, j) for j in range(len(line))] + [(i, None)]
        rows.append([a_label, *[view.count(cells[key], key in hidden) for key in keys]])
        raw.append([a_label, *[view.raw_count(cells[key], key in hidden) for key in keys]])
        visible = [0 if (i, j) in hidden else c for j, c in enumerate(line)]
        if row_total and any(visible) and (i, None) not in hidden:
            labels.append(a_label)
            shares.append([100 * c / row_total for c in visible])
    section.tables.append(Table([text(qa.label, language), *[label for _v, label in b_options], _("Total")], rows, raw,
                                [False] + [True] * (len(b_options) + 1)))
    section.notes.append(_("Rows: %(first)s. Columns: %(second)s. A respondent who chose several options is counted in each.",
                           first=text(qa.label, language), second=text(qb.label, language)))
    if hidden:
        section.notes.append(view.suppression_note())
        section.notes.append(_("Hidden counts are drawn as zero in the chart."))
    if labels and view.charts:
        section.chart = Chart("stacked", title, labels, shares, categories=[label for _v, label in b_options],
                              x_label=_("Share of the row"), n_label=n_text(total, language),
                              alt_text=_("Chart of %(title)s (%(n)s). Each bar shows how one row divides between the columns.",
                                         title=title, n=n_text(total, language)))
    return section


def survey_subject(survey_id: int) -> str:
    """The subject of a survey's reports, as stored on their rows."""
    return f"survey:{survey_id}"


def _survey(parameters: dict) -> Survey | None:
    try:
        return db.session.get(Survey, int(parameters.get("survey_id") or 0))
    except (TypeError, ValueError):
        return None


@register_kind
class SurveyReport(ReportKind):
    """Parameters: survey_id, language, formats, publication, municipality, sector, submitted_from/to, crosstab."""

    name = "survey"
    formats = ("pdf", "xlsx", "csv", "zip")

    def label(self) -> str:
        return _("Survey report")

    def check(self, council: Council, parameters: dict) -> None:
        survey = _survey(parameters)
        if survey is None or survey.council_id != council.id:
            raise ReportRequestError(_l("This survey belongs to another council."))

    def subject(self, parameters: dict) -> str | None:
        return survey_subject(int(parameters["survey_id"]))

    def data_signature(self, council: Council, parameters: dict) -> str:
        return agg.data_signature(int(parameters["survey_id"]))

    def describe(self, report: Report) -> ReportSubject:
        survey = _survey(report.parameters)
        title = survey.title if survey is not None else None
        return ReportSubject(title, f"{_('Reports')}: {title}" if title else _("Reports"), url_for(
            "reports_staff.survey_reports", council_slug=report.council.slug,
            survey_id=report.parameters.get("survey_id")))

    def build_document(self, report: Report, progress: Progress) -> ReportDocument:
        parameters = report.parameters
        language = parameters.get("language", "fi")
        survey: Survey = _survey(parameters)
        definition = definition_for(survey.current_version)
        flt = response_filter(parameters)
        publication = bool(parameters.get("publication"))
        include_contact = bool(parameters.get("include_contact")) and not publication
        view = Presentation(language, current_app.config["REPORT_MIN_CELL"] if publication else None)
        title = text(definition.title, language)

        progress(0.1, _("Counting answers"))
        aggregates = collect_aggregates(survey.id, definition, flt, not publication,
                                        current_app.config["REPORT_MAX_FREE_TEXTS"])
        document = ReportDocument(
            title=title,
            subtitle=_("Publication version of the results") if publication else _("Results"),
            council_name=report.council.name(language),
            language=language,
            generated_on=date.today(),
            filename_stem=f"{survey.slug}-{report.id}",
            contents_heading=_("Contents"),
        )
        invited, responded = _invitation_totals(survey.id)
        document.cover_lines = [
            report.council.name(language),
            title,
            *_period_lines(survey, language),
            _("Report date: %(date)s", date=fmt.day(date.today(), language)),
            *_filter_lines(flt, language),
        ]
        if language in missing_locales(definition):
            document.notes.append(_("Some texts of this survey do not exist in %(language)s; they are shown in Finnish.",
                                    language=str(LANGUAGE_NAMES.get(language, language))))
        if publication:
            document.notes.append(_("Publication version: counts under %(n)s are hidden, and free-text answers are left out.",
                                    n=view.min_cell))
        if aggregates.n == 0:
            document.notes.append(_("No submitted responses match this report's filters.") if not flt.is_empty
                                  else _("The survey has no submitted responses yet."))

        progress(0.5, _("Laying out the questions"))
        for column, heading in (("municipality_code", _("Municipality: response rate")),
                                ("sector", _("Sector: response rate"))):
            section = _rate_section(survey.id, column, heading, view)
            if section is not None:
                document.sections.append(section)
        answered, unanswered = [], []
        if aggregates.n:
            answered, unanswered = _question_sections(definition, aggregates, view, include_contact)
            document.sections += answered + _unanswered_section(unanswered)
            document.summary = summary_section(answered)
            pair = parameters.get("crosstab") or []
            if len(pair) == 2:
                section = crosstab_section(survey.id, definition, flt, pair[0], pair[1], view)
                if section is not None:
                    document.sections.append(section)
        document.key_figures = key_figures(aggregates.n, invited, responded, len(answered), len(unanswered), language)
        progress(1.0, _("Laying out the questions"))
        return document

    def raw_data(self, report: Report) -> RawData | None:
        """One row per matching response (none in a publication version); contact details only when asked for."""
        parameters = report.parameters
        if parameters.get("publication"):
            return None
        survey: Survey = _survey(parameters)
        definition = definition_for(survey.current_version)
        flt = response_filter(parameters)
        include_contact = bool(parameters.get("include_contact"))
        return version_raw_data(survey.id, survey.current_version.id, flt, parameters.get("language", "fi"),
                                agg.respondent_count(survey.id, flt),
                                excluded=frozenset() if include_contact else frozenset(personal_keys(definition)))
