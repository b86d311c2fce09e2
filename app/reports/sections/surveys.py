"""The surveys section of the annual summary: the year's surveys of the council and its local councils."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import Council, Invitation, Response, ResponseStatus, Survey
from app.reports.building import aggregation as agg
from app.reports.building import formatting as fmt
from app.reports.building.document import Chart, Section, Table
from app.reports.sections.base import AnnualSection, register_section


@dataclass
class SurveyRow:
    survey: Survey
    submitted: int
    invited: int
    answered: int  # submitted through an invitation

    @property
    def rate(self) -> float | None:
        return 100 * self.answered / self.invited if self.invited else None


@dataclass
class SurveysOfYear:
    rows: list[SurveyRow]

    @property
    def total(self) -> int:
        return sum(row.submitted for row in self.rows)


def surveys_of_year(council_ids: list[int], year: int) -> list[Survey]:
    """Surveys of the councils that were open, or created, during the year."""
    start = datetime(year, 1, 1, tzinfo=timezone.utc)
    end = datetime(year + 1, 1, 1, tzinfo=timezone.utc)
    opened_in_year = (Survey.opens_at < end) & or_(Survey.closes_at.is_(None), Survey.closes_at >= start)
    created_in_year = (Survey.created_at >= start) & (Survey.created_at < end)
    return list(db.session.scalars(
        select(Survey).where(Survey.council_id.in_(council_ids), or_(opened_in_year, created_in_year))
        .order_by(Survey.id)
    ))


def _counts(survey_ids: list[int]) -> dict[int, tuple[int, int, int]]:
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


@register_section
class SurveysSection(AnnualSection):
    name = "surveys"
    order = 10

    def signature(self, councils: list[Council], year: int) -> str:
        surveys = surveys_of_year([c.id for c in councils], year)
        return ";".join(f"{s.id}:{s.title}:{agg.data_signature(s.id)}" for s in surveys) or "none"

    def collect(self, councils: list[Council], year: int) -> SurveysOfYear | None:
        surveys = surveys_of_year([c.id for c in councils], year)
        if not surveys:
            return None
        counts = _counts([s.id for s in surveys])
        return SurveysOfYear([SurveyRow(s, *counts[s.id]) for s in surveys])

    def cover_lines(self, data: SurveysOfYear, language: str) -> list[str]:
        return [_("Surveys: %(n)s", n=fmt.count(len(data.rows), language)),
                _("Responses: %(n)s", n=fmt.count(data.total, language))]

    def lay_out(self, data: SurveysOfYear, councils: list[Council], language: str) -> list[Section]:
        several = len(councils) > 1
        names = {c.id: c.name(language) for c in councils}
        channel = Section(key="surveys", title=_("Surveys"), heading_level=1,
                          n_text=_("%(count)s surveys, %(n)s responses", count=fmt.count(len(data.rows), language),
                                   n=fmt.count(data.total, language)))
        rows, raw = [], []
        for row in data.rows:
            survey, rate = row.survey, row.rate
            council = [names[survey.council_id]] if several else []
            rows.append([survey.title, *council, fmt.day(survey.opens_at, language), fmt.day(survey.closes_at, language),
                         fmt.count(row.submitted, language), fmt.count(row.invited, language),
                         fmt.percent(rate, language) if rate is not None else "–"])
            raw.append([survey.title, *council, survey.opens_at, survey.closes_at, row.submitted, row.invited,
                        round(rate, 1) if rate is not None else None])
        header = [_("Survey"), *([_("Council")] if several else []), _("Opened"), _("Closed"), _("Responses"),
                  _("Invited"), _("Response rate")]
        channel.tables.append(Table(header, rows, raw, [False] * (4 if several else 3) + [True, True, True]))
        sections = [channel]
        if several:
            sections.append(self._per_council(data, councils, language))
        sections.append(self._responses(data, language))
        rated = [row for row in data.rows if row.rate is not None]
        if rated:
            title = _("Response rate of invited associations")
            labels, rates = [row.survey.title for row in rated], [row.rate for row in rated]
            rate_section = Section(key="survey_rates", title=title)
            rate_section.chart = Chart(
                "bars", title, labels, [rates], x_label=_("Response rate"),
                alt_text=_("Chart of %(title)s. %(values)s.", title=title,
                           values="; ".join(f"{label}: {fmt.percent(v, language)}" for label, v in zip(labels, rates))))
            sections.append(rate_section)
        return sections

    def _per_council(self, data: SurveysOfYear, councils: list[Council], language: str) -> Section:
        """The regional council and each local council below it: surveys and responses of the year."""
        section = Section(key="survey_councils", title=_("Surveys per council"),
                          n_text=_("N = %(n)s", n=fmt.count(data.total, language)))
        rows, raw = [], []
        for council in councils:
            own = [row for row in data.rows if row.survey.council_id == council.id]
            submitted = sum(row.submitted for row in own)
            rows.append([council.name(language), fmt.count(len(own), language), fmt.count(submitted, language)])
            raw.append([council.name(language), len(own), submitted])
        section.tables.append(Table([_("Council"), _("Surveys"), _("Responses")], rows, raw, [False, True, True]))
        return section

    def _responses(self, data: SurveysOfYear, language: str) -> Section:
        labels = [row.survey.title for row in data.rows]
        values = [row.submitted for row in data.rows]
        top = max(values) or 1
        n_label = _("N = %(n)s", n=fmt.count(data.total, language))
        section = Section(key="survey_responses", title=_("Responses per survey"), n_text=n_label)
        section.chart = Chart(
            "bars", section.title, labels, [[100 * v / top for v in values]], x_label=_("Share of the largest survey"),
            n_label=n_label,
            alt_text=_("Chart of %(title)s. %(values)s.", title=section.title,
                       values="; ".join(f"{label}: {fmt.count(v, language)}" for label, v in zip(labels, values))))
        section.tables.append(Table([_("Survey"), _("Responses")],
                                    [[label, fmt.count(v, language)] for label, v in zip(labels, values)],
                                    [[label, v] for label, v in zip(labels, values)], [False, True]))
        return section
