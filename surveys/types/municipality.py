"""The municipality question type: a Statistics Finland code from a caller-supplied set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ..errors import N_, AnswerError
from ..values import AnswerContext, AnswerRow
from .base import Question, Raw
from .registry import register_type


@register_type
@dataclass(frozen=True, kw_only=True)
class Municipality(Question):
    """A municipality code such as "707"; the allowed codes come from the context.

    The engine reads no files: the caller passes
    ``AnswerContext(municipalities={"707": ...})``. Codes are 3 digits; "91" is read as "091".
    """

    type_name: ClassVar[str] = "municipality"

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> str | None:
        value = self.single(raw)
        if not value:
            return None
        if context.municipalities is None:
            raise ValueError(f"question {self.key!r} needs AnswerContext(municipalities=...)")
        code = value.zfill(3) if value.isascii() and value.isdigit() else value
        if code not in context.municipalities:
            raise AnswerError("unknown_municipality", N_("Choose a municipality from the list."))
        return code

    def to_rows(self, value: Any) -> list[AnswerRow]:
        return [] if value is None else [AnswerRow(self.key, option=value)]

    def from_rows(self, rows: Sequence[AnswerRow]) -> Any:
        return next((r.option for r in rows if r.option), None)

    def to_raw(self, value: Any, locale: str = "fi") -> dict[str, list[str]]:
        return {self.field: [] if value is None else [value]}
