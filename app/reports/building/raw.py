"""Raw data: one row per response, one column per answer field, streamed from the answer rows.

Each column has a heading in the report's language (the question's number and label, as in the
report) and a unique key (the question key, with the option or row after a dot); the writers put
the headings first and the keys in a second header row. Times are Helsinki time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from flask_babel import gettext as _
from surveys import SurveyDefinition, text

from app.associations.labels import sector_label
from app.local_time import utc_to_local
from app.reference.municipalities import municipality_name
from app.reports.building.aggregation import ResponseFilter, raw_responses
from app.reports.building.document import RawData
from app.spreadsheets.cells import unique_heading
from app.surveys.stored_answers import plain_number, question_value

# The response's own municipality and sector are the register's, copied from the invitation;
# their keys say so, apart from any question keyed "sector" or "municipality".
FIXED_COLUMNS = ["response_id", "submitted_at", "language", "register_municipality", "register_sector"]

Filler = Callable[[Any, list], None]


def _fixed_headings() -> list[str]:
    return [_("Response"), _("Submitted (Finnish time)"), _("Language"), _("Municipality (register)"),
            _("Sector (register)")]


def _layout(definition: SurveyDefinition, language: str, excluded: set[str] = frozenset()
            ) -> tuple[list[str], list[str], dict[str, Filler]]:
    """Column keys, column headings, and per question key a function that writes the question's value
    into a row's cells. Questions in `excluded` get no columns (their numbers are kept)."""
    columns = list(FIXED_COLUMNS)
    headings = _fixed_headings()
    fillers: dict[str, Filler] = {}
    heading = ""

    def add(name: str, part: str | None = None) -> int:
        columns.append(unique_heading(name, columns))
        headings.append(f"{heading}: {part}" if part else heading)
        return len(columns) - 1

    number = 0
    for question in definition.questions():
        if not question.has_answer:
            continue
        number += 1
        if question.key in excluded:
            continue
        heading = f"{number}. {text(question.label, language)}"
        key, kind = question.key, question.type_name
        if kind == "multiple_choice":
            slots = {option.value: add(f"{key}.{option.value}", text(option.label, language))
                     for option in question.options}
            other = add(f"{key}.other", text(question.other_option_label, language)) if question.other else None

            def fill(value, cells, slots=slots, other=other):
                for option in value.options:
                    if option in slots:
                        cells[slots[option]] = 1
                if "other" in value.options and other is not None:
                    cells[other] = value.other
        elif kind == "single_choice":
            labels = {o.value: text(o.label, language) for o in question.options}
            labels["other"] = text(question.other_option_label, language)
            main = add(key)
            other = add(f"{key}.other", labels["other"]) if question.other else None

            def fill(value, cells, main=main, labels=labels, other=other):
                option = value.options[0]
                cells[main] = labels.get(option, option)
                if option == "other" and other is not None:
                    cells[other] = value.other
        elif kind == "matrix":
            slots = {row.key: add(f"{key}.{row.key}", text(row.label, language)) for row in question.rows}

            def fill(value, cells, slots=slots):
                for row, point in value.items():
                    if row in slots:
                        cells[slots[row]] = point  # a number, or the code "cannot_say"
        elif kind == "ranking":
            slots = {option.value: add(f"{key}.{option.value}", text(option.label, language))
                     for option in question.options}

            def fill(value, cells, slots=slots):
                for rank, option in enumerate(value, start=1):
                    if option in slots:
                        cells[slots[option]] = rank
        else:
            column = add(key)

            def fill(value, cells, column=column, kind=kind):
                cells[column] = _scalar(kind, value, language)
        fillers[key] = fill
    return columns, headings, fillers


def _scalar(kind: str, value: Any, language: str) -> Any:
    if kind == "yes_no":
        return "yes" if value else "no"
    if kind == "municipality":
        return municipality_name(value, language)
    if kind == "number":
        return plain_number(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# At most this many answers' cells are kept for reuse per build (a matrix of many rows has many combinations).
KNOWN_ANSWERS = 50_000


def row_builder(definition: SurveyDefinition, language: str, excluded: set[str] = frozenset()
                ) -> tuple[list[str], list[str], Callable[[tuple, list[tuple]], list[Any]]]:
    """Column keys, column headings, and the function that turns one response — its
    ``(id, submitted_at, language, municipality_code, sector)`` and its answer rows
    ``(question_key, option, row, value_text, value_number)`` — into its row of cells.

    Most answers are made of rows without text (a choice, a point, a number) that many responses
    share: the cells such an answer gives are worked out once (the survey engine's value, then the
    question's columns) and written again for every response that has the same rows."""
    columns, headings, fillers = _layout(definition, language, excluded)
    questions = {question.key: question for question in definition.questions() if question.key in fillers}
    width = len(columns)
    known: dict[tuple, tuple] = {}
    # The register's codes repeat on every row: each is named once.
    municipalities: dict[str, str] = {}
    sectors: dict[str, str] = {}

    def answer_cells(key: str, rows: list[tuple]) -> tuple:
        value = question_value(questions[key], rows)
        cells: dict[int, Any] = {}
        if value is not None:
            fillers[key](value, cells)
        return tuple(cells.items())

    def build(fixed: tuple, answers: list[tuple]) -> list[Any]:
        response_id, submitted_at, lang, municipality, sector = fixed
        cells: list[Any] = [None] * width
        if municipality and municipality not in municipalities:
            municipalities[municipality] = municipality_name(municipality, language)
        if sector and sector not in sectors:
            sectors[sector] = sector_label(sector)
        cells[:5] = [response_id, utc_to_local(submitted_at), lang,
                     municipalities[municipality] if municipality else None,
                     sectors[sector] if sector else None]
        by_question: dict[str, list[tuple]] = {}
        with_text: set[str] = set()
        for answer in answers:
            key = answer[0]
            found = by_question.get(key)
            if found is None:
                by_question[key] = [answer]
            else:
                found.append(answer)
            if answer[3] is not None:
                with_text.add(key)
        for key, rows in by_question.items():
            if key not in questions:
                continue
            if key in with_text:
                written = answer_cells(key, rows)
            else:
                shared = tuple(rows)
                written = known.get(shared)
                if written is None:
                    written = answer_cells(key, rows)
                    if len(known) < KNOWN_ANSWERS:
                        known[shared] = written
            for index, value in written:
                cells[index] = value
        return cells

    return columns, headings, build


def raw_data(survey_id: int, flt: ResponseFilter, definition: SurveyDefinition, language: str,
             expected: int = 0, excluded: set[str] = frozenset()) -> RawData:
    """The raw rows of a survey as a lazily streamed table, without the questions in `excluded`."""
    columns, headings, build = row_builder(definition, language, excluded)

    def rows() -> Iterator[list[Any]]:
        for fixed, answers in raw_responses(survey_id, flt):
            yield build(fixed, answers)

    return RawData(columns, rows, expected, headings)
