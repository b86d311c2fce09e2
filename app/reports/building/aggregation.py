"""Survey aggregates computed by the database: GROUP BY over answers of submitted responses.

Nothing here loads responses as objects; every function returns small dictionaries of counts, so a
report over 100,000 responses costs two passes over its answer rows (`tally_answers` and
`question_respondents`) plus short indexed queries. Raw rows stream from `raw_responses`.
"""

from __future__ import annotations

import contextvars
import math
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby
from operator import itemgetter

from sqlalchemy import BigInteger, String, and_, case, column, distinct, func, null, select, values
from sqlalchemy.orm import aliased

from app.extensions import db
from app.local_time import local_day_start
from app.models import Answer, Invitation, Response, ResponseStatus, SurveyVersion

# The submission-period filter counts Finnish calendar days: 00:30 on 1 December in Helsinki is
# 22:30 UTC on 30 November, and belongs to 1 December.
STREAM_BATCH = 5000
_response_id = itemgetter(0)
_answer_columns = itemgetter(1, 2, 3, 4, 5)  # an answer row without its response id
# Questions per bigint mask in question_respondents (the sign bit stays clear).
MASK_BITS = 63


@dataclass(frozen=True)
class ResponseFilter:
    """Which submitted responses a report reads; None means no restriction."""

    municipality: str | None = None
    sector: str | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    #: only the responses given through the invitations sent at this moment: one event's feedback
    #: invitations (a feedback survey may follow several events)
    invitations_sent_at: datetime | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.municipality or self.sector or self.submitted_from or self.submitted_to
                    or self.invitations_sent_at)


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
        conditions.append(Response.submitted_at >= local_day_start(flt.submitted_from))
    if flt.submitted_to:
        conditions.append(Response.submitted_at < local_day_start(flt.submitted_to + timedelta(days=1)))
    if flt.invitations_sent_at:
        conditions.append(Response.invitation_id.in_(select(Invitation.id).where(
            Invitation.survey_id == survey_id, Invitation.sent_at == flt.invitations_sent_at)))
    return conditions


def _answers(survey_id: int, flt: ResponseFilter, *columns):
    return (
        select(*columns)
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .where(Answer.survey_id == survey_id, *_conditions(survey_id, flt))
    )


def response_id_at(survey_id: int, flt: ResponseFilter, offset: int) -> int | None:
    """The id of the matching response at `offset` (from 0) in id order; None when there are not that many."""
    return db.session.scalar(select(Response.id).where(*_conditions(survey_id, flt))
                             .order_by(Response.id).offset(offset).limit(1))


def respondent_count(survey_id: int, flt: ResponseFilter) -> int:
    """Submitted responses that match the filter."""
    return db.session.scalar(select(func.count(Response.id)).where(*_conditions(survey_id, flt))) or 0


def question_respondents(survey_id: int, flt: ResponseFilter, keys: Iterable[str]) -> dict[str, int]:
    """Per question of `keys`: how many responses answered it (the base of its percentages)."""
    return question_respondents_beside(survey_id, flt, keys, beside=False)()


def question_respondents_beside(survey_id: int, flt: ResponseFilter, keys: Iterable[str],
                                beside: bool = True) -> Callable[[], dict[str, int]]:
    """`question_respondents` started now; the returned function gives its counts.

    On PostgreSQL, with `beside`, its statement runs in a thread on a connection of its own while this
    thread runs the other aggregates (`tally_answers`): both statements pass over every answer row, and
    one after the other they kept one core of the database busy and left the other idle (10,000
    responses: ≈ 0.35 + 0.2 s one after the other). Each statement sees the committed data as it starts,
    as it would one after the other in the same transaction (READ COMMITTED); the thread has ended when
    the function returns (a process forked later, such as the chart workers, inherits no running thread).
    """
    keys = list(dict.fromkeys(keys))
    if not keys:
        return lambda: {}
    bind = db.session.get_bind()
    if bind.dialect.name != "postgresql":
        # SQLite (development) has no bit_or; its surveys are small enough for the plain count.
        query = _answers(survey_id, flt, Answer.question_key, func.count(distinct(Answer.response_id))).where(
            Answer.question_key.in_(keys)).group_by(Answer.question_key)
        counted = {key: count for key, count in db.session.execute(query)}
        return lambda: counted
    query = _respondent_masks(survey_id, flt, keys)
    if not beside:
        rows = db.session.execute(query).all()
        return lambda: _respondents_from_masks(rows, keys)
    found: dict[str, list] = {}

    def run() -> None:
        try:
            with bind.connect() as connection:
                found["rows"] = connection.execute(query).all()
        except BaseException as error:  # handed to the thread that asks for the counts
            found["error"] = error

    # In this thread's context: what watches the statements a render runs (kept pages) sees this one too.
    thread = threading.Thread(target=contextvars.copy_context().run, args=(run,), name="question-respondents",
                              daemon=True)
    thread.start()

    def counts() -> dict[str, int]:
        thread.join()
        if "error" in found:
            raise found["error"]
        return _respondents_from_masks(found["rows"], keys)

    return counts


def _respondent_masks(survey_id: int, flt: ResponseFilter, keys: list[str]):
    """The respondents per set of answered questions, on PostgreSQL.

    count(DISTINCT response_id) per question sorts every answer row. Instead, one hash pass folds each
    response's answer rows into bitmasks of the questions it answered (63 questions per bigint), the
    join keeps the submitted responses, and the few distinct masks are counted bit by bit
    (`_respondents_from_masks`)."""
    chunks = range((len(keys) + MASK_BITS - 1) // MASK_BITS)
    bits = values(column("key", String), *[column(f"bit{chunk}", BigInteger) for chunk in chunks],
                  name="question_bits").data(
        [(key, *[1 << (index % MASK_BITS) if index // MASK_BITS == chunk else 0 for chunk in chunks])
         for index, key in enumerate(keys)])
    masks = (
        select(Answer.response_id, *[func.bit_or(bits.c[f"bit{chunk}"]).label(f"mask{chunk}") for chunk in chunks])
        .join(bits, bits.c.key == Answer.question_key)
        .where(Answer.survey_id == survey_id)
        .group_by(Answer.response_id)
        .subquery()
    )
    columns = [masks.c[f"mask{chunk}"] for chunk in chunks]
    return (select(*columns, func.count()).join(Response, Response.id == masks.c.response_id)
            .where(*_conditions(survey_id, flt)).group_by(*columns))


def _respondents_from_masks(rows, keys: list[str]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for *found, count in rows:
        for index, key in enumerate(keys):
            if found[index // MASK_BITS] >> (index % MASK_BITS) & 1:
                out[key] += count
    return dict(out)


@dataclass
class AnswerTally:
    """What one pass over a survey's answer rows counts, per question family."""

    options: dict[tuple[str, str | None, str | None], OptionStat]
    numbers: dict[str, list[tuple[float, int]]]
    years: dict[str, list[tuple[str, int]]]
    text_totals: dict[str, int]
    other_totals: dict[str, int]


def tally_answers(survey_id: int, flt: ResponseFilter, counted: Iterable[str], numbers: Iterable[str],
                  dates: Iterable[str], free: Iterable[str], with_other: Iterable[str]) -> AnswerTally:
    """One GROUP BY (question, row, option) over every answer row of the matching responses.

    - counted (choice, likert, matrix, ranking): per (question, matrix row, option) the rows chosen,
      the sum of value_number and the rank-1 count. A multiple-choice answer stores one row per
      chosen option, so each option counts once per respondent that chose it.
    - numbers: each distinct value with its count, ascending; dates: answers per year (the stored
      value is yyyy-mm-dd), ascending; both as extra grouping columns that are NULL for other questions.
    - free / with_other: how many non-empty texts (with_other: of the option "other"); questions
      without any are left out.
    """
    counted, numbers, dates = set(counted), set(numbers), set(dates)
    free, with_other = set(free), set(with_other)
    number = case((Answer.question_key.in_(numbers), Answer.value_number)) if numbers else null()
    year = case((Answer.question_key.in_(dates), func.substr(Answer.value_text, 1, 4))) if dates else null()
    has_text = and_(Answer.value_text.is_not(None), Answer.value_text != "")
    query = _answers(
        survey_id, flt,
        Answer.question_key, Answer.row, Answer.option, number, year,
        func.count(),
        func.coalesce(func.sum(Answer.value_number), 0.0),
        func.sum(case((Answer.value_number == 1, 1), else_=0)),
        func.sum(case((has_text, 1), else_=0)),
    ).group_by(Answer.question_key, Answer.row, Answer.option,
               *[extra for extra, keys in ((number, numbers), (year, dates)) if keys])
    tally = AnswerTally({}, defaultdict(list), defaultdict(list), defaultdict(int), defaultdict(int))
    for key, row, option, value, year_text, count, rank_sum, first, texts in db.session.execute(query):
        if key in counted:
            tally.options[(key, row, option)] = OptionStat(count, float(rank_sum or 0), int(first or 0))
        if key in numbers and value is not None:
            tally.numbers[key].append((float(value), count))
        if key in dates and year_text is not None:
            tally.years[key].append((year_text, count))
        if key in free and texts:
            tally.text_totals[key] += texts
        if key in with_other and option == "other" and texts:
            tally.other_totals[key] += texts
    tally.numbers = {key: sorted(found) for key, found in tally.numbers.items()}
    tally.years = {key: sorted(found) for key, found in tally.years.items()}
    tally.text_totals, tally.other_totals = dict(tally.text_totals), dict(tally.other_totals)
    return tally


def first_texts(survey_id: int, flt: ResponseFilter, totals: dict[str, int], limit: int,
                option: str | None = None) -> dict[str, tuple[int, list[str]]]:
    """Per question of `totals` (its number of texts): that number and the first `limit` texts in
    response order. With `option="other"`, the "Other, please specify" texts of choice questions.

    One short query per question: the (survey, question, response) index hands the rows over in
    response order, so each stops after `limit` texts however many there are. "Has a text" is written as
    one condition on coalesce(): as `IS NOT NULL AND <> ''` PostgreSQL multiplied the two conditions'
    selectivities with the question's (most answer rows have no text), expected some twenty rows, and
    scanned and sorted all the survey's answer rows instead (10,000 responses: ≈ 90 ms a query against ≈ 9;
    100,000: ≈ 390 against ≈ 19).
    """
    out: dict[str, tuple[int, list[str]]] = {}
    for key, total in totals.items():
        query = _answers(survey_id, flt, Answer.value_text).where(
            Answer.question_key == key, func.coalesce(Answer.value_text, "") != "")
        if option is not None:
            query = query.where(Answer.option == option)
        out[key] = (total, list(db.session.scalars(query.order_by(Answer.response_id, Answer.id).limit(limit))))
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
    """What changes whenever the survey's submitted answers, its versions or its invitations change
    (the report's response rates are shares of the invited associations)."""
    count, last_update, last_id = db.session.execute(
        select(func.count(Response.id), func.max(Response.updated_at), func.max(Response.id)).where(
            Response.survey_id == survey_id, Response.status == ResponseStatus.SUBMITTED
        )
    ).one()
    versions = list(db.session.scalars(select(SurveyVersion.id).where(SurveyVersion.survey_id == survey_id).order_by(SurveyVersion.id)))
    # The newest creation time as well as the highest id: SQLite may hand a deleted row's id to the next one.
    invited, last_invitation, last_invited_at = db.session.execute(
        select(func.count(Invitation.id), func.max(Invitation.id), func.max(Invitation.created_at)).where(
            Invitation.survey_id == survey_id)
    ).one()
    return "|".join([str(count), _stamp(last_update), str(last_id), ",".join(map(str, versions)),
                     str(invited), str(last_invitation), _stamp(last_invited_at)])


def _stamp(value) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


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


def raw_responses(survey_id: int, flt: ResponseFilter, batch: int | None = None, after_id: int = 0,
                  up_to_id: int | None = None) -> Iterator[tuple[tuple, list[tuple]]]:
    """Each matching response (with an id above `after_id`, and up to `up_to_id` when given) in id order as ``(id, submitted_at, language, municipality_code, sector)``
    with its answer rows ``(question_key, option, row, value_text, value_number)``, in keyset batches.

    Each batch is a short query of its own (responses by id, then their answers by an id range),
    so no cursor stays open: the build may commit its progress between batches, and memory stays
    flat however many responses there are. A response without answers comes with an empty list.
    """
    batch = batch or STREAM_BATCH
    last_id = after_id
    bounds = [Response.id <= up_to_id] if up_to_id is not None else []
    while True:
        # Core rows through the session's connection (the ORM's result layer costs more than the rows
        # here), asked for per batch since a commit between batches hands the connection back.
        connection = db.session.connection()
        responses = connection.execute(
            select(Response.id, Response.submitted_at, Response.language, Response.municipality_code, Response.sector)
            .where(*_conditions(survey_id, flt), Response.id > last_id, *bounds)
            .order_by(Response.id)
            .limit(batch)
        ).all()
        if not responses:
            return
        first, last_id = responses[0][0], responses[-1][0]
        answers: dict[int, list[tuple]] = {}
        query = _answers(
            survey_id, flt, Answer.response_id, Answer.question_key, Answer.option, Answer.row, Answer.value_text,
            Answer.value_number,
        ).where(Answer.response_id >= first, Answer.response_id <= last_id).order_by(Answer.response_id, Answer.id)
        result = connection.execute(query)
        # The driver's own tuples: these columns (integers, texts, floats) have no result processing on
        # either database, and SQLAlchemy's Row per answer cost as much again as the query (~40 answer
        # rows per response, ≈ 1.5 µs each, measured).
        try:
            for response_id, rows in groupby(result.cursor.fetchall(), _response_id):
                answers[response_id] = list(map(_answer_columns, rows))
        finally:
            result.close()
        for response in responses:
            yield tuple(response), answers.get(response[0], [])
