"""The annual summary of a council: a section per channel (surveys so far) with headline charts."""

from __future__ import annotations

from datetime import date, datetime, timezone

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import Council, Invitation, Report, Response, ResponseStatus, Survey
from app.reports.building import aggregation as agg
from app.reports.building import formatting as fmt
from app.reports.building.document import Chart, ReportDocument, Section, Table
from app.reports.kinds.base import Progress, ReportKind, register_kind


def surveys_of_year(council_id: int, year: int) -> list[Survey]:
    """Surveys of the council that were open, or created, during the year."""
    start = datetime(year, 1, 1, tzinfo=timezone.utc)
    end = datetime(year + 1, 1, 1, tzinfo=timezone.utc)
    opened_in_year = (Survey.opens_at < end) & or_(Survey.closes_at.is_(None), Survey.closes_at >= start)
    created_in_year = (Survey.created_at >= start) & (Survey.created_at < end)
    return list(db.session.scalars(
        select(Survey).where(Survey.council_id == council_id, or_(opened_in_year, created_in_year)).order_by(Survey.id)
    ))


def _survey_rows(survey_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """Per survey: (submitted responses, invitations, submitted responses through an invitation)."""
    if not survey_ids:
        return {}
    submitted = dict(db.session.execute(
        select(Response.survey_id, func.count(Response.id))
        .where(Response.survey_id.in_(survey_ids), Response.status == ResponseStatus.SUBMITTED)
        .group_by(Response.survey_id)
    ).all())
    invited = dict(db.session.execute(
        select(Invitation.survey_id, func.count(Invitation.id)).where(Invitation.survey_id.in_(survey_ids))
        .group_by(Invitation.survey_id)
    ).all())
    answered = dict(db.session.execute(
        select(Response.survey_id, func.count(Response.id))
        .where(Response.survey_id.in_(survey_ids), Response.status == ResponseStatus.SUBMITTED,
               Response.invitation_id.is_not(None))
        .group_by(Response.survey_id)
    ).all())
    return {sid: (submitted.get(sid, 0), invited.get(sid, 0), answered.get(sid, 0)) for sid in survey_ids}


@register_kind
class AnnualSummary(ReportKind):
    name = "annual_summary"
    formats = ("pdf", "xlsx", "zip")

    def label(self) -> str:
        return _("Annual summary")

    def data_signature(self, council_id: int, survey_id: int | None, parameters: dict) -> str:
        surveys = surveys_of_year(council_id, int(parameters["year"]))
        return ";".join(f"{s.id}:{s.title}:{agg.data_signature(s.id)}" for s in surveys) or "none"

    def build_document(self, report: Report, progress: Progress) -> ReportDocument:
        parameters = report.parameters
        language = parameters.get("language", "fi")
        year = int(parameters["year"])
        council: Council = report.council
        progress(0.1, _("Counting answers"))
        surveys = surveys_of_year(council.id, year)
        counts = _survey_rows([s.id for s in surveys])
        title = _("Annual summary %(year)s", year=year)
        document = ReportDocument(
            title=title, subtitle=council.name(language), council_name=council.name(language), language=language,
            generated_on=date.today(), filename_stem=f"{council.slug}-{year}-{report.id}",
        )
        total = sum(c[0] for c in counts.values())
        document.cover_lines = [
            council.name(language),
            _("Report date: %(date)s", date=fmt.day(date.today(), language)),
            _("Surveys: %(n)s", n=fmt.count(len(surveys), language)),
            _("Responses: %(n)s", n=fmt.count(total, language)),
        ]
        channel = Section(key="surveys", title=_("Surveys"), heading_level=1,
                          n_text=_("%(count)s surveys, %(n)s responses", count=fmt.count(len(surveys), language),
                                   n=fmt.count(total, language)))
        document.sections.append(channel)
        if not surveys:
            channel.notes.append(_("The council had no surveys in %(year)s.", year=year))
            return document
        rows, raw, labels, values, rate_labels, rates = [], [], [], [], [], []
        for survey in surveys:
            submitted, invited, answered = counts[survey.id]
            rate = 100 * answered / invited if invited else None
            rows.append([survey.title, fmt.day(survey.opens_at, language), fmt.day(survey.closes_at, language),
                         fmt.count(submitted, language), fmt.count(invited, language),
                         fmt.percent(rate, language) if rate is not None else "–"])
            raw.append([survey.title, survey.opens_at, survey.closes_at, submitted, invited,
                        round(rate, 1) if rate is not None else None])
            labels.append(survey.title)
            values.append(submitted)
            if rate is not None:
                rate_labels.append(survey.title)
                rates.append(rate)
        channel.tables.append(Table([_("Survey"), _("Opened"), _("Closed"), _("Responses"), _("Invited"), _("Response rate")],
                                    rows, raw, [False, False, False, True, True, True]))
        top = max(values) or 1
        responses = Section(key="survey_responses", title=_("Responses per survey"),
                            n_text=_("N = %(n)s", n=fmt.count(total, language)))
        responses.chart = Chart(
            "bars", responses.title, labels, [[100 * v / top for v in values]], x_label=_("Share of the largest survey"),
            n_label=_("N = %(n)s", n=fmt.count(total, language)),
            alt_text=_("Chart of %(title)s. %(values)s.", title=responses.title,
                       values="; ".join(f"{label}: {fmt.count(v, language)}" for label, v in zip(labels, values))))
        responses.tables.append(Table([_("Survey"), _("Responses")],
                                      [[label, fmt.count(v, language)] for label, v in zip(labels, values)],
                                      [[label, v] for label, v in zip(labels, values)], [False, True]))
        document.sections.append(responses)
        if rates:
            rate_section = Section(key="survey_rates", title=_("Response rate of invited associations"))
            rate_section.chart = Chart(
                "bars", rate_section.title, rate_labels, [rates], x_label=_("Response rate"),
                alt_text=_("Chart of %(title)s. %(values)s.", title=rate_section.title,
                           values="; ".join(f"{label}: {fmt.percent(v, language)}" for label, v in zip(rate_labels, rates))))
            document.sections.append(rate_section)
        progress(1.0, _("Laying out the questions"))
        return document
