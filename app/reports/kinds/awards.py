"""The award round report for the committee's minutes: nominations per municipality and category, and the
scoring table (PDF, XLSX)."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.awards.exporting import nominee_kind_label
from app.awards.figures import RoundFigures, round_figures, round_signature
from app.extensions import db
from app.models import AwardRound, Council, Report
from app.reference.municipalities import municipality_name
from app.reports.building import formatting as fmt
from app.reports.building.document import Chart, ReportDocument, Section, Table
from app.reports.kinds.base import Progress, ReportKind, ReportRequestError, ReportSubject, register_kind


def award_subject(round_id: int) -> str:
    return f"award:{round_id}"


def _round(parameters: dict) -> AwardRound | None:
    try:
        return db.session.get(AwardRound, int(parameters.get("round_id") or 0))
    except (TypeError, ValueError):
        return None


def _count_section(key: str, title: str, heading: str, pairs: list[tuple[str, int]], total: int,
                   language: str) -> Section:
    labels, values = [label for label, _n in pairs], [n for _label, n in pairs]
    n_label = _("N = %(n)s", n=fmt.count(total, language))
    section = Section(key=key, title=title, n_text=n_label)
    section.chart = Chart("bars", title, labels, [[100 * value / total if total else 0 for value in values]],
                          x_label=_("Share of the nominations"), n_label=n_label,
                          alt_text=_("Chart of %(title)s. %(values)s.", title=title, values="; ".join(
                              f"{label}: {fmt.count(value, language)}" for label, value in zip(labels, values))))
    section.tables.append(Table([heading, _("Nominations")],
                                [[label, fmt.count(value, language)] for label, value in zip(labels, values)],
                                [[label, value] for label, value in zip(labels, values)], [False, True]))
    return section


def figure_sections(figures: RoundFigures, language: str, heading_level: int = 2) -> list[Section]:
    """Nominations per municipality and per category."""
    municipalities = [(municipality_name(code, language), n) for code, n in figures.by_municipality]
    sections = [_count_section("award_municipalities", _("Nominations per municipality"), _("Municipality"),
                               municipalities, figures.nominations, language)]
    if any(category for category, _n in figures.by_category):
        categories = [(category or _("No category"), n) for category, n in figures.by_category]
        sections.append(_count_section("award_categories", _("Nominations per category"), _("Category"),
                                       categories, figures.nominations, language))
    for section in sections:
        section.heading_level = heading_level
    return sections


def scoring_section(figures: RoundFigures, language: str) -> Section:
    """The ranking table: mean per criterion and overall, reviewers, spread and recusals."""
    criteria = figures.award_round.criteria
    section = Section(key="award_scoring", title=_("Scoring table"),
                      notes=[_("Only submitted reviews count. The spread is the difference between the highest and "
                               "the lowest reviewer's mean.")])
    header = [_("Nominee"), _("Kind"), *(criterion.label(language) for criterion in criteria), _("Overall mean"),
              _("Reviewers"), _("Spread"), _("Recusals")]

    def shown(value):
        return fmt.number(value, language, 2) if value is not None else "–"

    rows, raw = [], []
    for row in figures.ranking:
        nomination = row.nomination
        means = [row.criterion_means.get(criterion.id) for criterion in criteria]
        name = nomination.nominee_name or _("Nomination %(number)s", number=nomination.id)
        rows.append([name, nominee_kind_label(nomination), *(shown(mean) for mean in means), shown(row.overall),
                     fmt.count(row.reviewers, language), shown(row.spread), fmt.count(row.recusals, language)])
        raw.append([name, nominee_kind_label(nomination), *(round(m, 2) if m is not None else None for m in means),
                    round(row.overall, 2) if row.overall is not None else None, row.reviewers,
                    round(row.spread, 2) if row.spread is not None else None, row.recusals])
    section.tables.append(Table(header, rows, raw, [False, False] + [True] * (len(criteria) + 4)))
    return section


@register_kind
class AwardReport(ReportKind):
    """Parameters: round_id, language, formats."""

    name = "award"
    formats = ("pdf", "xlsx")

    def label(self) -> str:
        return _("Award round report")

    def check(self, council: Council, parameters: dict) -> None:
        award_round = _round(parameters)
        if award_round is None or award_round.council_id != council.id:
            raise ReportRequestError(_l("This award round belongs to another council."))

    def subject(self, parameters: dict) -> str | None:
        return award_subject(int(parameters["round_id"]))

    def data_signature(self, council: Council, parameters: dict) -> str:
        return round_signature(_round(parameters))

    def describe(self, report: Report) -> ReportSubject:
        award_round = _round(report.parameters)
        title = f"{award_round.name} {award_round.year}" if award_round else None
        return ReportSubject(title, _("Award rounds"), url_for("awards_staff.index", council_slug=report.council.slug))

    def build_document(self, report: Report, progress: Progress) -> ReportDocument:
        parameters = report.parameters
        language = parameters.get("language", "fi")
        award_round = _round(parameters)
        progress(0.2, _("Counting answers"))
        figures = round_figures(award_round)
        document = ReportDocument(
            title=f"{award_round.name} {award_round.year}", subtitle=_("Nominations and scoring"),
            council_name=report.council.name(language), language=language, generated_on=date.today(),
            filename_stem=f"{report.council.slug}-award-{award_round.year}-{report.id}")
        document.cover_lines = [
            report.council.name(language),
            _("Nominations: %(n)s", n=fmt.count(figures.nominations, language)),
            _("Winners: %(n)s", n=fmt.count(figures.winners, language)),
            _("Report date: %(date)s", date=fmt.day(date.today(), language))]
        if figures.nominations == 0:
            document.notes.append(_("No nominations."))
        else:
            document.sections += figure_sections(figures, language)
            document.sections.append(scoring_section(figures, language))
        progress(1.0, _("Laying out the questions"))
        return document
