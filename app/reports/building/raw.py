"""Raw data: one row per response, one column per answer field, streamed from the answer rows.

Each column has a heading in the report's language (the question's number and label, as in the
report) and a unique key (the question key, with the option or row after a dot); the writers put
the headings first and the keys in a second header row. Times are Helsinki time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from itertools import groupby
from operator import itemgetter
from typing import Any

from flask_babel import gettext as _
from surveys import SurveyDefinition, text

from app.associations.labels import sector_label
from app.extensions import db
from app.local_time import utc_to_local
from app.models import SurveyVersion
from app.reference.municipalities import municipality_name
from app.reports.building.aggregation import ResponseFilter, raw_responses, response_id_at
from app.reports.building.document import RawData
from app.spreadsheets.cell_runs import CellRun, cells_of_runs
from app.spreadsheets.cells import unique_heading
from app.surveys.definitions import definition_for
from app.surveys.stored_answers import plain_number, question_value

# The response's own municipality and sector are the register's, copied from the invitation;
# their keys say so, apart from any question keyed "sector" or "municipality".
FIXED_COLUMNS = ["response_id", "submitted_at", "language", "register_municipality", "register_sector"]

Filler = Callable[[Any, list], None]


def _fixed_headings() -> list[str]:
    return [_("Response"), _("Submitted (Finnish time)"), _("Language"), _("Municipality (register)"),
            _("Sector (register)")]


def _layout(definition: SurveyDefinition, language: str, excluded: set[str] = frozenset()
            ) -> tuple[list[str], list[str], dict[str, Filler], dict[str, tuple[int, int]]]:
    """Column keys, column headings, per question key a function that writes the question's value into a
    row's cells, and per question key its columns (from, to before; side by side). Questions in
    `excluded` get no columns (their numbers are kept)."""
    columns = list(FIXED_COLUMNS)
    headings = _fixed_headings()
    fillers: dict[str, Filler] = {}
    spans: dict[str, tuple[int, int]] = {}
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
        first_column = len(columns)
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
        spans[key] = (first_column, len(columns))
    return columns, headings, fillers, spans


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


# The question types whose value is their text as stored, written as it is (see _layout's last branch and
# _scalar): the survey engine's from_rows of each takes the first non-empty value_text.
PLAIN_TEXTS = frozenset({"short_text", "long_text", "email"})
# The question types whose stored text takes few values (a date: one of the days), kept for reuse like answers
# without text.
KEPT_TEXTS = frozenset({"date"})
# At most this many answers' runs are kept for reuse per pass over the rows (a matrix of many rows has many
# combinations).
KNOWN_ANSWERS = 50_000


def row_builder(definition: SurveyDefinition, language: str, excluded: set[str] = frozenset()
                ) -> tuple[list[str], list[str], Callable[[tuple, list[tuple]], list[Any]]]:
    """Column keys, column headings, and the function that turns one response — its
    ``(id, submitted_at, language, municipality_code, sector)`` and its answer rows
    ``(question_key, option, row, value_text, value_number)`` — into its row of cells."""
    columns, headings, build = runs_builder(definition, language, excluded)
    width = len(columns)
    return columns, headings, lambda fixed, answers: cells_of_runs(build(fixed, answers), width)


def runs_builder(definition: SurveyDefinition, language: str, excluded: set[str] = frozenset()
                 ) -> tuple[list[str], list[str], Callable[[tuple, list[tuple]], list[CellRun]]]:
    """`row_builder` whose function gives a response's row as runs of cells (app/spreadsheets/cell_runs.py):
    the response's id and time, its register data, and each answered question's columns.

    Most answers are made of rows without text (a choice, a point, a number) that many responses
    share: the run such an answer gives is worked out once (the survey engine's value, then the
    question's columns) and given again, the same object, for every response that has the same rows,
    so that each file's writer turns it into text once. A builder's runs are for one pass over the rows."""
    columns, headings, fillers, spans = _layout(definition, language, excluded)
    questions = {question.key: question for question in definition.questions() if question.key in fillers}
    known: dict[tuple, Any] = {}  # the answer's rows -> its run (None: no cells)
    text_columns = {key: spans[key][0] for key, question in questions.items() if question.type_name in PLAIN_TEXTS}
    # A date's text is one of few (days), so its run is kept like those of answers without text.
    kept_texts = {key for key, question in questions.items() if question.type_name in KEPT_TEXTS}
    # The register's data repeats on every row: one run for each language, municipality and sector.
    registers: dict[tuple, CellRun] = {}

    def answer_run(key: str, rows: list[tuple]) -> CellRun | None:
        value = question_value(questions[key], rows)
        if value is None:
            return None
        cells: dict[int, Any] = {}
        fillers[key](value, cells)
        if not cells:
            return None
        first, end = spans[key]
        return CellRun(first, tuple(cells.get(index) for index in range(first, end)))

    def register_run(lang: str, municipality: str | None, sector: str | None) -> CellRun:
        run = registers[lang, municipality, sector] = CellRun(2, (
            lang, municipality_name(municipality, language) if municipality else None,
            sector_label(sector) if sector else None))
        return run

    def build(fixed: tuple, answers: list[tuple]) -> list[CellRun]:
        response_id, submitted_at, lang, municipality, sector = fixed
        register = registers.get((lang, municipality, sector)) or register_run(lang, municipality, sector)
        runs = [CellRun(0, (response_id, utc_to_local(submitted_at))), register]
        # A question's answer rows are stored side by side (in id order): grouped in C, not row by row.
        groups = [(key, tuple(rows)) for key, rows in groupby(answers, _question_key)]
        if len(dict(groups)) < len(groups):
            groups = _merged(groups)  # a question whose rows lie apart
        for key, rows in groups:
            column = text_columns.get(key)
            if column is not None:
                # A text question's one cell is its text, as the survey engine reads it (the first non-empty
                # one), without the engine's round: most rows have two or three texts. Never kept.
                text = next((row[3] for row in rows if row[3]), None)
                if text is not None:
                    runs.append(CellRun(column, (text,)))
                continue
            run = known.get(rows, _UNKNOWN)
            if run is _UNKNOWN:
                if key not in questions:
                    continue
                run = answer_run(key, rows)
                # A text is read anew each time; the rest is kept.
                if len(known) < KNOWN_ANSWERS and (key in kept_texts or all(row[3] is None for row in rows)):
                    known[rows] = run
            if run is not None:
                runs.append(run)
        return runs

    return columns, headings, build


_UNKNOWN = object()  # an answer not met yet in `known`
_question_key = itemgetter(0)


def _merged(groups: list[tuple[str, tuple]]) -> list[tuple[str, tuple]]:
    """Each question's answer rows in one group, in the order met."""
    merged: dict[str, tuple] = {}
    for key, rows in groups:
        merged[key] = merged.get(key, ()) + rows
    return list(merged.items())


def raw_data(survey_id: int, flt: ResponseFilter, definition: SurveyDefinition, language: str,
             expected: int = 0, excluded: set[str] = frozenset()) -> RawData:
    """The raw rows of a survey as a lazily streamed table, without the questions in `excluded`; also as
    runs of cells (`RawData.runs`), each pass with runs of its own, and in parts by response id."""
    columns, headings, _build = runs_builder(definition, language, excluded)
    width = len(columns)

    def runs_between(after_id: int = 0, up_to_id: int | None = None) -> Iterator[list[CellRun]]:
        build = runs_builder(definition, language, excluded)[2]
        for fixed, answers in raw_responses(survey_id, flt, after_id=after_id, up_to_id=up_to_id):
            yield build(fixed, answers)

    def runs() -> Iterator[list[CellRun]]:
        return runs_between()

    def rows() -> Iterator[list[Any]]:
        for row_runs in runs():
            yield cells_of_runs(row_runs, width)

    return RawData(columns, rows, expected, headings, runs=runs, runs_between=runs_between,
                   id_of_row=lambda offset: response_id_at(survey_id, flt, offset))


def version_raw_data(survey_id: int, version_id: int, flt: ResponseFilter, language: str, expected: int = 0,
                     excluded: frozenset[str] = frozenset()) -> RawData:
    """`raw_data` with the definition of the survey version `version_id`, which a raw-data process beside the
    build can make anew (`RawData.remake`)."""
    raw = raw_data(survey_id, flt, definition_for(db.session.get(SurveyVersion, version_id)), language, expected,
                   excluded)
    raw.remake = partial(version_raw_data, survey_id, version_id, flt, language, expected, frozenset(excluded))
    return raw
