"""Raw data: one row per response, one column per answer field, streamed from the answer rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from surveys import SurveyDefinition, text

from app.reference.municipalities import municipality_name
from app.reports.building.aggregation import ResponseFilter, raw_rows
from app.reports.building.document import RawData

FIXED_COLUMNS = ["response_id", "submitted_at", "language", "municipality", "sector"]


def _layout(definition: SurveyDefinition, language: str) -> tuple[list[str], dict[tuple[str, str | None, str | None], tuple[int, Callable]]]:
    """Column names, and where each stored answer row goes: (key, row, option) -> (column, value getter).

    The lookup keys use None as a wildcard for option (or row) where the column does not depend on it.
    """
    columns = list(FIXED_COLUMNS)
    slots: dict[tuple[str, str | None, str | None], tuple[int, Callable]] = {}

    def add(name: str, key: tuple[str, str | None, str | None], getter: Callable) -> None:
        slots[key] = (len(columns), getter)
        columns.append(name)

    labels = {}
    for question in definition.questions():
        if not question.has_answer:
            continue
        key, kind = question.key, question.type_name
        if kind == "multiple_choice":
            for option in question.options:
                add(f"{key}.{option.value}", (key, None, option.value), lambda r: 1)
            if question.other:
                add(f"{key}.other", (key, None, "other"), lambda r: r.value_text)
        elif kind == "single_choice":
            labels[key] = {o.value: text(o.label, language) for o in question.options}
            add(key, (key, None, None), lambda r, m=labels[key]: m.get(r.option, r.option))
            if question.other:
                add(f"{key}.other", (key, None, "other"), lambda r: r.value_text)
        elif kind == "matrix":
            for row in question.rows:
                add(f"{key}.{row.key}", (key, row.key, None), lambda r: r.option if r.value_number is None else int(r.value_number))
        elif kind == "ranking":
            for option in question.options:
                add(f"{key}.{option.value}", (key, None, option.value), lambda r: int(r.value_number))
        elif kind == "likert":
            add(key, (key, None, None), lambda r: r.option if r.value_number is None else int(r.value_number))
        elif kind == "yes_no":
            add(key, (key, None, None), lambda r: r.option)
        elif kind == "municipality":
            add(key, (key, None, None), lambda r: municipality_name(r.option, language))
        elif kind == "number":
            add(key, (key, None, None), lambda r: r.value_number)
        else:
            add(key, (key, None, None), lambda r: r.value_text)
    return columns, slots


class _Row:
    __slots__ = ("option", "row", "value_text", "value_number")

    def __init__(self, option, row, value_text, value_number):
        self.option, self.row, self.value_text, self.value_number = option, row, value_text, value_number


def raw_data(survey_id: int, flt: ResponseFilter, definition: SurveyDefinition, language: str,
             expected: int = 0) -> RawData:
    """The raw rows of a survey as a lazily streamed table."""
    columns, slots = _layout(definition, language)

    def rows() -> Iterator[list[Any]]:
        current: list[Any] | None = None
        current_id = None
        for response_id, submitted_at, lang, municipality, sector, key, option, row, value_text, value_number in raw_rows(survey_id, flt):
            if response_id != current_id:
                if current is not None:
                    yield current
                current_id = response_id
                current = [None] * len(columns)
                current[:5] = [response_id, submitted_at, lang, municipality_name(municipality, language) if municipality else None, sector]
            if key is None:
                continue
            slot = slots.get((key, row, option)) or slots.get((key, row, None)) or slots.get((key, None, None))
            if slot is not None:
                current[slot[0]] = slot[1](_Row(option, row, value_text, value_number))
        if current is not None:
            yield current

    return RawData(columns, rows, expected)
