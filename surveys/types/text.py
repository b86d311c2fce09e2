"""Free-text question types: short_text, long_text and email."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ..errors import N_, AnswerError
from ..schema import Checker, child
from ..values import AnswerContext, AnswerRow
from .base import Question, Raw
from .registry import register_type

# Control characters other than tab and newline never come from a real keyboard.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"
                    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")


def _clean(value: str) -> str:
    if _CONTROL.search(value):
        raise AnswerError("invalid_characters", N_("The text contains characters that are "
                                                   "not allowed."))
    return value


#: register data an invitation's answer can start with (``prefill: association.name``)
PREFILL_SOURCES = ("association.name", "association.email")


def _prefill(data: Mapping[str, Any], path: str, checker: Checker) -> dict[str, Any]:
    if "prefill" not in data:
        return {}
    return {"prefill": checker.choice(data["prefill"], child(path, "prefill"), "'prefill'", PREFILL_SOURCES)}


@dataclass(frozen=True, kw_only=True)
class _TextQuestion(Question):
    """``prefill`` names register data that an invitation's answer starts with (the app fills it in)."""

    own_optional: ClassVar[tuple[str, ...]] = ("max_length", "prefill")
    default_max_length: ClassVar[int] = 200

    max_length: int = 200
    prefill: str | None = None

    @classmethod
    def parse_settings(cls, data: Mapping[str, Any], path: str, checker: Checker,
                       ) -> dict[str, Any]:
        if "max_length" not in data:
            return {"max_length": cls.default_max_length, **_prefill(data, path, checker)}
        value = checker.integer(data["max_length"], child(path, "max_length"), "max_length",
                                minimum=1)
        return {"max_length": value or cls.default_max_length, **_prefill(data, path, checker)}

    def _check_length(self, value: str) -> str:
        if len(value) > self.max_length:
            raise AnswerError("too_long", N_("The text is too long: %(length)d characters, "
                                             "at most %(max_length)d allowed."),
                              {"length": len(value), "max_length": self.max_length})
        return value

    def to_rows(self, value: Any) -> list[AnswerRow]:
        return [AnswerRow(self.key, value_text=value)] if value else []

    def from_rows(self, rows: Sequence[AnswerRow]) -> Any:
        return next((r.value_text for r in rows if r.value_text), None)

    def to_raw(self, value: Any, locale: str = "fi") -> dict[str, list[str]]:
        return {self.field: [value] if value else []}


@register_type
@dataclass(frozen=True, kw_only=True)
class ShortText(_TextQuestion):
    """One line of text; runs of whitespace become single spaces."""

    type_name: ClassVar[str] = "short_text"

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> str | None:
        value = " ".join(_clean(self.single(raw)).split())
        return self._check_length(value) or None


@register_type
@dataclass(frozen=True, kw_only=True)
class LongText(_TextQuestion):
    """Several lines of text; line breaks are kept as ``\\n``."""

    type_name: ClassVar[str] = "long_text"
    default_max_length: ClassVar[int] = 4000

    max_length: int = 4000

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> str | None:
        value = _clean(self.single(raw).replace("\r\n", "\n").replace("\r", "\n"))
        return self._check_length(value) or None


@register_type
@dataclass(frozen=True, kw_only=True)
class Email(_TextQuestion):
    """An e-mail address; the domain is lower-cased."""

    type_name: ClassVar[str] = "email"
    personal_by_type: ClassVar[bool] = True
    own_optional: ClassVar[tuple[str, ...]] = ("prefill",)
    default_max_length: ClassVar[int] = 254

    max_length: int = 254

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> str | None:
        value = self.single(raw)
        if not value:
            return None
        self._check_length(value)
        if not _EMAIL.match(value) or ".." in value:
            raise AnswerError("invalid_email", N_("Enter an e-mail address such as "
                                                  "name@example.fi."))
        local, _, domain = value.rpartition("@")
        return f"{local}@{domain.lower()}"
