"""The info type: a block of text shown on a page, with no answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ..errors import N_, phrase
from ..schema import Checker, child
from ..texts import Text
from ..values import AnswerContext, AnswerRow
from .base import Question, Raw
from .registry import register_type


@register_type
@dataclass(frozen=True, kw_only=True)
class Info(Question):
    """A text block (``body``) with an optional heading (``label``); never answered."""

    type_name: ClassVar[str] = "info"
    has_answer: ClassVar[bool] = False
    own_required: ClassVar[tuple[str, ...]] = ("body",)
    body: Text | None = None

    @classmethod
    def parse_settings(cls, data: Mapping[str, Any], path: str, checker: Checker,
                       ) -> dict[str, Any]:
        if "body" not in data:
            return {}  # the missing key itself is already reported
        return {"body": checker.text(data["body"], child(path, "body"), phrase(N_("the body")))}

    def field_names(self) -> tuple[str, ...]:
        return ()

    def normalise(self, raw: Raw, locale: str = "fi",
                  context: AnswerContext | None = None) -> Any:
        return None

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> Any:
        return None

    def to_rows(self, value: Any) -> list[AnswerRow]:
        return []

    def from_rows(self, rows: Sequence[AnswerRow]) -> Any:
        return None

    def to_raw(self, value: Any, locale: str = "fi") -> dict[str, list[str]]:
        return {}
