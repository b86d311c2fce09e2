"""Survey aggregates computed by the database: GROUP BY over answers of submitted responses.

Nothing here loads responses as objects; every function returns small dictionaries of counts, so a
report over 100,000 responses costs a handful of queries. Raw rows stream from `raw_rows`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, case, distinct, func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Answer, Invitation, Response, ResponseStatus, SurveyVersion

STREAM_BATCH = 5000


@dataclass(frozen=True)
class ResponseFilter:
    """Which submitted responses a report reads; None means no restriction."""

    municipality: str | None = None
    sector: str | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.municipality or self.sector or self.submitted_from or self.submitted_to)


@dataclass
class OptionStat:
    count: int = 0
    rank_sum: float = 0.0
    first_places: int = 0


@dataclass
class NumberSummary:
    n: int
    mean: float
    median: float
    q1: float
    q3: float
    minimum: float
    maximum: float


def _conditions(survey_id: int, flt: ResponseFilter) -> list:
    conditions = [Response.survey_id == survey_id, Response.status == ResponseStatus.SUBMITTED]
    if flt.municipality:
        conditions.append(Response.municipality_code == flt.municipality)
    if flt.sector:
        conditions.append(Response.sector == flt.sector)
    if flt.submitted_from:
        conditions.append(Response.submitted_at >= datetime.combine(flt.submitted_from, time.min, timezone.utc))
    if flt.submitted_to:
        end = datetime.combine(flt.submitted_to + timedelta(days=1), time.min, timezone.utc)
        conditions.append(Response.submitted_at < end)
    return conditions


def _answers(survey_id: int, flt: ResponseFilter, *columns):
    return (
        select(*columns)
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .where(Answer.survey_id == survey_id, *_conditions(survey_id, flt))
    )


def respondent_count(survey_id: int, flt: ResponseFilter) -> int:
    """Submitted responses that match the filter."""
    return db.session.scalar(select(func.count(Response.id)).where(*_conditions(survey_id, flt))) or 0


def question_respondents(survey_id: int, flt: ResponseFilter) -> dict[str, int]:
    """Per question: how many responses answered it (the base of its percentages)."""
    query = _answers(survey_id, flt, Answer.question_key, func.count(distinct(Answer.response_id))).group_by(
        Answer.question_key
    )
    return {key: count for key, count in db.session.execute(query)}


def option_counts(survey_id: int, flt: ResponseFilter, keys: Iterable[str]) -> dict[tuple[str, str | None, str | None], OptionStat]:
    """Per (question, matrix row, option): rows chosen, sum of value_number and rank-1 count.

    A multiple-choice answer stores one row per chosen option, so each option counts once per
    respondent that chose it; combinations are never counted.
    """
    keys = list(keys)
    if not keys:
        return {}
    query = _answers(
        survey_id, flt,
        Answer.question_key, Answer.row, Answer.option,
        func.count(Answer.id),
        func.coalesce(func.sum(Answer.value_number), 0.0),
        func.sum(case((Answer.value_number == 1, 1), else_=0)),
    ).where(Answer.question_key.in_(keys)).group_by(Answer.question_key, Answer.row, Answer.option)
    return {
        (key, row, option): OptionStat(count, float(rank_sum or 0), int(first or 0))
        for key, row, option, count, rank_sum, first in db.session.execute(query)
    }


def number_distributions(survey_id: int, flt: ResponseFilter, keys: Iterable[str]) -> dict[str, list[tuple[float, int]]]:
    """Per number question: each distinct value with its count, ascending."""
    keys = list(keys)
    if not keys:
        return {}
    query = (
        _answers(survey_id, flt, Answer.question_key, Answer.value_number, func.count(Answer.id))
        .where(Answer.question_key.in_(keys), Answer.value_number.is_not(None))
        .group_by(Answer.question_key, Answer.value_number)
        .order_by(Answer.question_key, Answer.value_number)
    )
    out: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for key, value, count in db.session.execute(query):
        out[key].append((float(value), count))
    return dict(out)


def year_counts(survey_id: int, flt: ResponseFilter, keys: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
    """Per date question: answers per year (the stored value is yyyy-mm-dd)."""
    keys = list(keys)
    if not keys:
        return {}
    year = func.substr(Answer.value_text, 1, 4)
    query = (
        _answers(survey_id, flt, Answer.question_key, year, func.count(Answer.id))
        .where(Answer.question_key.in_(keys), Answer.value_text.is_not(None))
        .group_by(Answer.question_key, year)
        .order_by(Answer.question_key, year)
    )
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for key, value, count in db.session.execute(query):
        out[key].append((value, count))
    return dict(out)


def texts(survey_id: int, flt: ResponseFilter, keys: Iterable[str], limit: int,
          option: str | None = None) -> dict[str, tuple[int, list[str]]]:
    """Per question: the number of texts and the first `limit` of them (in response order).

    With `option="other"`, the "Other, please specify" texts of choice questions.
    """
    keys = list(keys)
    if not keys:
        return {}
    conditions = [Answer.question_key.in_(keys), Answer.value_text.is_not(None), Answer.value_text != ""]
    if option is not None:
        conditions.append(Answer.option == option)
    position = func.row_number().over(partition_by=Answer.question_key, order_by=Answer.response_id).label("position")
    inner = _answers(survey_id, flt, Answer.question_key, Answer.value_text, position).where(*conditions).subquery()
    totals = dict(db.session.execute(
        _answers(survey_id, flt, Answer.question_key, func.count(Answer.id)).where(*conditions).group_by(Answer.question_key)
    ).all())
    out: dict[str, tuple[int, list[str]]] = {key: (total, []) for key, total in totals.items()}
    query = select(inner.c.question_key, inner.c.value_text).where(inner.c.position <= limit).order_by(
        inner.c.question_key, inner.c.position
    )
    for key, value in db.session.execute(query):
        out[key][1].append(value)
    return out


def crosstab(survey_id: int, flt: ResponseFilter, first: str, second: str) -> dict[tuple[str, str], int]:
    """Respondents per (option of `first`, option of `second`): a self-join on the response."""
    a = aliased(Answer)
    b = aliased(Answer)
    query = (
        select(a.option, b.option, func.count(distinct(a.response_id)))
        .select_from(a)
        .join(b, and_(b.response_id == a.response_id, b.question_key == second))
        .join(Response, Response.id == a.response_id)
        .where(a.survey_id == survey_id, a.question_key == first, *_conditions(survey_id, flt))
        .group_by(a.option, b.option)
    )
    return {(x, y): count for x, y, count in db.session.execute(query)}


def response_rates(survey_id: int, column: str) -> list[tuple[str | None, int, int]]:
    """(group, invited, responded) per municipality or sector snapshot of the invitations."""
    group = getattr(Invitation, column)
    query = (
        select(group, func.count(Invitation.id), func.count(Response.id))
        .select_from(Invitation)
        .outerjoin(Response, and_(Response.invitation_id == Invitation.id, Response.status == ResponseStatus.SUBMITTED))
        .where(Invitation.survey_id == survey_id)
        .group_by(group)
        .order_by(group)
    )
    return [(g, invited, responded) for g, invited, responded in db.session.execute(query)]


def data_signature(survey_id: int) -> str:
    """What changes whenever the survey's submitted answers or its versions change."""
    count, last_update, last_id = db.session.execute(
        select(func.count(Response.id), func.max(Response.updated_at), func.max(Response.id)).where(
            Response.survey_id == survey_id, Response.status == ResponseStatus.SUBMITTED
        )
    ).one()
    versions = list(db.session.scalars(select(SurveyVersion.id).where(SurveyVersion.survey_id == survey_id).order_by(SurveyVersion.id)))
    stamp = last_update.isoformat() if isinstance(last_update, datetime) else str(last_update)
    return f"{count}|{stamp}|{last_id}|{','.join(map(str, versions))}"


def summarise_numbers(values: list[tuple[float, int]]) -> NumberSummary | None:
    """Mean, median and quartiles of (value, count) pairs, interpolated as numpy's default does."""
    n = sum(count for _, count in values)
    if n == 0:
        return None
    mean = sum(value * count for value, count in values) / n

    def quantile(q: float) -> float:
        position = q * (n - 1)
        low, high = math.floor(position), math.ceil(position)
        return _nth(values, low) + (_nth(values, high) - _nth(values, low)) * (position - low)

    return NumberSummary(n, mean, quantile(0.5), quantile(0.25), quantile(0.75), values[0][0], values[-1][0])


def _nth(values: list[tuple[float, int]], index: int) -> float:
    seen = 0
    for value, count in values:
        seen += count
        if index < seen:
            return value
    return values[-1][0]


def raw_rows(survey_id: int, flt: ResponseFilter, batch: int = STREAM_BATCH) -> Iterator[tuple]:
    """Every answer row of the matching responses in response order, fetched in keyset batches.

    Each batch is a short query of its own (responses by id, then their answers by an id range),
    so no cursor stays open: the build may commit its progress between batches, and memory stays
    flat however many responses there are. A response without answers yields one row of Nones.
    """
    last_id = 0
    while True:
        responses = db.session.execute(
            select(Response.id, Response.submitted_at, Response.language, Response.municipality_code, Response.sector)
            .where(*_conditions(survey_id, flt), Response.id > last_id)
            .order_by(Response.id)
            .limit(batch)
        ).all()
        if not responses:
            return
        first, last_id = responses[0][0], responses[-1][0]
        answers: dict[int, list[tuple]] = defaultdict(list)
        query = _answers(
            survey_id, flt, Answer.response_id, Answer.question_key, Answer.option, Answer.row, Answer.value_text,
            Answer.value_number,
        ).where(Answer.response_id >= first, Answer.response_id <= last_id).order_by(Answer.response_id, Answer.id)
        for response_id, *values in db.session.execute(query):
            answers[response_id].append(tuple(values))
        for response in responses:
            for values in answers.get(response[0]) or [(None, None, None, None, None)]:
                yield (*response, *values)
