"""The date question type: yyyy-mm-dd or the Finnish d.m.yyyy."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ..errors import N_, AnswerError, phrase
from ..schema import Checker, child
from ..values import AnswerContext, AnswerRow
from .base import Question, Raw
from .registry import register_type

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_FINNISH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", re.ASCII)


def _finnish(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


class NoSuchDate(ValueError):
    """The text has the form of a date, but the calendar has no such day (31.2.2020)."""


def parse_date(value: str) -> dt.date:
    """Parse yyyy-mm-dd or d.m.yyyy; raise NoSuchDate for a well-formed day that does not exist
    and ValueError for anything else."""
    if match := _ISO.match(value):
        year, month, day = match.groups()
    elif match := _FINNISH.match(value):
        day, month, year = match.groups()
    else:
        raise ValueError(value)
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise NoSuchDate(value) from None


@register_type
@dataclass(frozen=True, kw_only=True)
class Date(Question):
    """A calendar date between optional ``min`` and ``max`` (both yyyy-mm-dd)."""

    type_name: ClassVar[str] = "date"
    ordered_by: ClassVar[str | None] = "date"
    own_optional: ClassVar[tuple[str, ...]] = ("min", "max")

    min: dt.date | None = None
    max: dt.date | None = None

    @classmethod
    def parse_settings(cls, data: Mapping[str, Any], path: str, checker: Checker,
                       ) -> dict[str, Any]:
        out = {name: checker.date(data[name], child(path, name), f"'{name}'")
               for name in ("min", "max") if name in data}
        if out.get("min") and out.get("max") and out["min"] > out["max"]:
            checker.problem(child(path, "max"), phrase(N_("'max' (%(high)s) is before 'min' (%(low)s)"),
                                                       high=out["max"], low=out["min"]))
        return out

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> dt.date | None:
        value = self.single(raw)
        if not value:
            return None
        try:
            day = parse_date(value)
        except NoSuchDate:
            raise AnswerError("no_such_date", N_("There is no such date as %(date)s: check the day and the "
                                                 "month."), {"date": value}) from None
        except ValueError:
            raise AnswerError("invalid_date", N_("Enter a date as d.m.yyyy, for example "
                                                 "31.1.2025.")) from None
        if self.min and day < self.min:
            raise AnswerError("date_too_early", N_("The date must be %(min)s or later."),
                              {"min": _finnish(self.min)})
        if self.max and day > self.max:
            raise AnswerError("date_too_late", N_("The date must be %(max)s or earlier."),
                              {"max": _finnish(self.max)})
        return day

    def to_rows(self, value: Any) -> list[AnswerRow]:
        return [] if value is None else [AnswerRow(self.key, value_text=value.isoformat())]

    def from_rows(self, rows: Sequence[AnswerRow]) -> Any:
        return next((dt.date.fromisoformat(r.value_text) for r in rows if r.value_text), None)

    def to_raw(self, value: Any, locale: str = "fi") -> dict[str, list[str]]:
        # Shown back in the field as the hint asks it to be typed: d.m.yyyy.
        return {self.field: [] if value is None else [_finnish(value)]}
