"""Stored answer rows read back into answer values: the one reading shared by answering, the live view,
the response export and the report's raw data.

A value is what the engine's question type gives (``Selection``, ``Decimal``, a point, a row -> point
mapping, a ranking tuple, ``bool``, a municipality code, a date, text); callers turn values into their
own presentation, never stored rows.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, bindparam, func, select, type_coerce
from sqlalchemy.dialects.postgresql import aggregate_order_by

from app.extensions import db
from app.models import Answer, Response
from surveys import Question, SurveyDefinition, answers_from_rows
from surveys.values import AnswerRow


def stored_number(value: float | None) -> Decimal | None:
    """A number read back from the float column as the decimal that was stored: 1.5 stays 1.5, 65.0 reads as 65."""
    if value is None:
        return None
    # repr gives a float's shortest decimal form, so 0.1 comes back as 0.1, not 0.1000000000000000055...
    number = Decimal(repr(value))
    return number.to_integral_value() if number == number.to_integral_value() else number


def plain_number(value: Decimal) -> int | Decimal:
    """A number for a spreadsheet cell: a whole number as int, otherwise the decimal."""
    return int(value) if value == value.to_integral_value() else value


def answer_row(question_key: str, option: str | None, row: str | None, value_text: str | None,
               value_number: float | None) -> AnswerRow:
    """The engine's row for one stored answer row (its columns, in the Answer model's order)."""
    return AnswerRow(question_key, option=option, row=row, value_text=value_text,
                     value_number=stored_number(value_number))


def values_from_answers(definition: SurveyDefinition, answers: Iterable[Answer]) -> dict[str, Any]:
    """Question key -> value, from a response's Answer rows (rows of unknown questions are ignored)."""
    return answers_from_rows(definition, (answer_row(a.question_key, a.option, a.row, a.value_text, a.value_number)
                                          for a in answers))


def values_from_columns(definition: SurveyDefinition, rows: Iterable[tuple]) -> dict[str, Any]:
    """Question key -> value, from (question_key, option, row, value_text, value_number) tuples of one response."""
    return answers_from_rows(definition, (answer_row(*columns) for columns in rows))


def question_value(question: Question, rows: Iterable[tuple]) -> Any:
    """One question's value from its stored (question_key, option, row, value_text, value_number) tuples,
    as `values_from_columns` reads it; None when they hold no answer."""
    return question.from_rows([answer_row(*columns) for columns in rows])


_answers = Answer.__table__
# Built once, on the table rather than the model: plain rows, with none of the ORM's per-statement work (an
# Answer object per row, the autoflush), on every page a respondent saves or opens. Answers are written by
# Core statements (answering.save_page), never left pending in the session, so nothing is missed unflushed.
_RESPONSE_ANSWERS = (select(_answers.c.question_key, _answers.c.option, _answers.c.row, _answers.c.value_text,
                            _answers.c.value_number)
                     .where(_answers.c.response_id == bindparam("response_id")).order_by(_answers.c.id))


def response_rows(response_id: int | None) -> list[tuple]:
    """A stored response's answer rows, (question_key, option, row, value_text, value_number) tuples in stored
    order ([] for a response not written yet)."""
    if response_id is None:
        return []
    return [tuple(row) for row in db.session.execute(_RESPONSE_ANSWERS, {"response_id": response_id})]


def response_values(response_id: int | None, definition: SurveyDefinition) -> dict[str, Any]:
    """A stored response's answers, question key -> value ({} for a response not written yet)."""
    return values_from_columns(definition, response_rows(response_id))


#: PostgreSQL: the answer rows of the statement's Response as one JSON array of [question_key, option, row,
#: value_text, value_number] arrays in stored order (null without rows), for a statement that loads the response
#: to read its answers too, a round trip less (`values_from_json`)
ANSWER_ROWS_JSON = type_coerce(
    select(func.json_agg(aggregate_order_by(func.json_build_array(
        _answers.c.question_key, _answers.c.option, _answers.c.row, _answers.c.value_text, _answers.c.value_number),
        _answers.c.id))).where(_answers.c.response_id == Response.id).scalar_subquery(), JSON)


def values_from_json(definition: SurveyDefinition, rows: list[list] | None) -> dict[str, Any]:
    """Question key -> value, from an ANSWER_ROWS_JSON column ({} for none)."""
    return values_from_columns(definition, rows or ())
