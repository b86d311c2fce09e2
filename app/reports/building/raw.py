"""Raw data: one row per response, one column per answer field, streamed from the answer rows.

Each column has a heading in the report's language (the question's number and label, as in the
report) and a unique key (the question key, with the option or row after a dot); the writers put
the headings first and the keys in a second header row. Times are Helsinki time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask_babel import gettext as _
from surveys import SurveyDefinition, text

from app.reference.municipalities import municipality_name
from app.reports.building.aggregation import LOCAL_ZONE, ResponseFilter, raw_rows
from app.reports.building.document import RawData
from app.reports.building.labels import sector_label

# The response's own municipality and sector are the register's, copied from the invitation;
# their keys say so, apart from any question keyed "sector" or "municipality".
FIXED_COLUMNS = ["response_id", "submitted_at", "language", "register_municipality", "register_sector"]


def _fixed_headings() -> list[str]:
    return [_("Response"), _("Submitted (Finnish time)"), _("Language"), _("Municipality (register)"),
            _("Sector (register)")]


def _layout(definition: SurveyDefinition, language: str, excluded: set[str] = frozenset()
            ) -> tuple[list[str], list[str], dict[tuple[str, str | None, str | None], tuple[int, Callable]]]:
    """Column keys, column headings, and where each stored answer row goes: (key, row, option) ->
    (column, value getter). Questions in `excluded` get no columns.

    The lookup keys use None as a wildcard for option (or row) where the column does not depend on it.
    """
    columns = list(FIXED_COLUMNS)
    headings = _fixed_headings()
    slots: dict[tuple[str, str | None, str | None], tuple[int, Callable]] = {}
    current = {"heading": ""}

    def add(name: str, key: tuple[str, str | None, str | None], getter: Callable, part: str | None = None) -> None:
        slots[key] = (len(columns), getter)
        columns.append(_unique(name, columns))
        headings.append(f"{current['heading']}: {part}" if part else current["heading"])

    labels = {}
    number = 0
    for question in definition.questions():
        if not question.has_answer:
            continue
        number += 1
        if question.key in excluded:
            continue
        current["heading"] = f"{number}. {text(question.label, language)}"
        key, kind = question.key, question.type_name
        if kind == "multiple_choice":
            for option in question.options:
                add(f"{key}.{option.value}", (key, None, option.value), lambda r: 1, text(option.label, language))
            if question.other:
                add(f"{key}.other", (key, None, "other"), lambda r: r.value_text, text(question.other_option_label, language))
        elif kind == "single_choice":
            labels[key] = {o.value: text(o.label, language) for o in question.options}
            add(key, (key, None, None), lambda r, m=labels[key]: m.get(r.option, r.option))
            if question.other:
                add(f"{key}.other", (key, None, "other"), lambda r: r.value_text, text(question.other_option_label, language))
        elif kind == "matrix":
            for row in question.rows:
                add(f"{key}.{row.key}", (key, row.key, None), lambda r: r.option if r.value_number is None else int(r.value_number),
                    text(row.label, language))
        elif kind == "ranking":
            for option in question.options:
                add(f"{key}.{option.value}", (key, None, option.value), lambda r: int(r.value_number), text(option.label, language))
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
    return columns, headings, slots


def _unique(name: str, taken: list[str]) -> str:
    unique, number = name, 2
    while unique in taken:
        unique, number = f"{name}_{number}", number + 1
    return unique


def _local(moment):
    return moment.astimezone(LOCAL_ZONE).replace(tzinfo=None) if moment is not None else None


class _Row:
    __slots__ = ("option", "row", "value_text", "value_number")

    def __init__(self, option, row, value_text, value_number):
        self.option, self.row, self.value_text, self.value_number = option, row, value_text, value_number


def raw_data(survey_id: int, flt: ResponseFilter, definition: SurveyDefinition, language: str,
             expected: int = 0, excluded: set[str] = frozenset()) -> RawData:
    """The raw rows of a survey as a lazily streamed table, without the questions in `excluded`."""
    columns, headings, slots = _layout(definition, language, excluded)

    def rows() -> Iterator[list[Any]]:
        current: list[Any] | None = None
        current_id = None
        for response_id, submitted_at, lang, municipality, sector, key, option, row, value_text, value_number in raw_rows(survey_id, flt):
            if response_id != current_id:
                if current is not None:
                    yield current
                current_id = response_id
                current = [None] * len(columns)
                current[:5] = [response_id, _local(submitted_at), lang,
                               municipality_name(municipality, language) if municipality else None,
                               sector_label(sector) if sector else None]
            if key is None:
                continue
            slot = slots.get((key, row, option)) or slots.get((key, row, None)) or slots.get((key, None, None))
            if slot is not None:
                current[slot[0]] = slot[1](_Row(option, row, value_text, value_number))
        if current is not None:
            yield current

    return RawData(columns, rows, expected, headings)
