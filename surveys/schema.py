"""The checker that validates definition parts and collects precise problems."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import DefinitionProblem
from .texts import LOCALES, Text

QUESTION_KEY = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
OPTION_VALUE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
SURVEY_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MISSING = object()


def child(path: str, key: str | int) -> str:
    """The path of ``key`` (a mapping key or a list index) below ``path``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def describe(value: Any) -> str:
    """Name the YAML kind of ``value`` for an error message."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


class Checker:
    """Collects :class:`DefinitionProblem` objects while a definition is read.

    ``marks`` maps document paths to 1-based line numbers, as recorded by the loader;
    a path without a mark borrows the line of its nearest marked parent.
    """

    def __init__(self, filename: str | None = None, marks: Mapping[str, int] | None = None):
        self.filename = filename
        self.marks = dict(marks or {})
        self.problems: list[DefinitionProblem] = []
        # Paths of required keys already reported missing: checks of their (absent)
        # values would only repeat the news.
        self._missing: set[str] = set()

    def line(self, path: str) -> int | None:
        """The line of ``path`` or of its nearest ancestor with a known line."""
        while True:
            if path in self.marks:
                return self.marks[path]
            if not path:
                return None
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""

    def problem(self, path: str, message: str, line: int | None = None) -> None:
        """Record that the thing at ``path`` is wrong, and how (``line`` overrides the mark)."""
        if path in self._missing:
            return
        self.problems.append(DefinitionProblem(self.filename, path, line or self.line(path),
                                               message))

    # -- structure -------------------------------------------------------------------------

    def mapping(self, data: Any, path: str, what: str, required: Iterable[str] = (),
                optional: Iterable[str] = ()) -> bool:
        """Check that ``data`` is a mapping with the required keys and no unknown keys."""
        required, optional = tuple(required), tuple(optional)
        if not isinstance(data, Mapping):
            self.problem(path, f"{what} must be a mapping (key: value lines), "
                               f"but found {describe(data)}")
            return False
        allowed = required + optional
        for key in data:
            if key not in allowed:
                name = str(key)
                # Two-letter language codes ("se" for "sv") share at most one letter.
                cutoff = 0.5 if len(name) <= 3 else 0.6
                hint = difflib.get_close_matches(name, allowed, n=1, cutoff=cutoff)
                suggestion = f"; did you mean {hint[0]!r}?" if hint else "."
                self.problem(child(path, name), f"unknown key {name!r} in {what}{suggestion} "
                                                f"Allowed keys: {', '.join(allowed)}")
        for key in required:
            if key not in data:
                self.problem(path, f"{what} is missing the required key {key!r}")
                self._missing.add(child(path, key))
        return True

    def sequence(self, data: Any, path: str, what: str, *, min_items: int = 1) -> list[Any]:
        """Check that ``data`` is a list of at least ``min_items`` items."""
        if not isinstance(data, list):
            self.problem(path, f"{what} must be a list (lines starting with '- '), "
                               f"but found {describe(data)}")
            return []
        if len(data) < min_items:
            self.problem(path, f"{what} must have at least {min_items} item"
                               f"{'s' if min_items != 1 else ''}, but has {len(data)}")
        return data

    # -- scalars ---------------------------------------------------------------------------

    def key(self, data: Any, path: str, what: str, pattern: re.Pattern[str] = QUESTION_KEY,
            ) -> str | None:
        """Check an identifier: lowercase letters, digits and single underscores."""
        if isinstance(data, str) and pattern.match(data):
            return data
        rule = {
            QUESTION_KEY.pattern: "start with a lowercase letter a-z and contain only a-z, 0-9 "
                                  "and single underscores (no '__', no trailing '_')",
            OPTION_VALUE.pattern: "contain only lowercase a-z, 0-9 and single underscores "
                                  "(no '__', no leading or trailing '_')",
            SURVEY_SLUG.pattern: "contain only lowercase a-z, 0-9 and single hyphens",
        }[pattern.pattern]
        shown = repr(data) if isinstance(data, str) else describe(data)
        if isinstance(data, (int, bool)) and not isinstance(data, str):
            rule += "; quote it if it is meant as text, e.g. '1'"
        self.problem(path, f"{what} must {rule}; found {shown}")
        return None

    def text(self, data: Any, path: str, what: str) -> Text | None:
        """Check a user-facing text ``{fi: ..., sv: ..., en: ...}``; fi is required."""
        if isinstance(data, str):
            self.problem(path, f"{what} must be a mapping of languages, e.g. "
                               f"{{fi: \"...\", sv: \"...\", en: \"...\"}}; found a plain text")
            return None
        if not self.mapping(data, path, what, required=("fi",), optional=("sv", "en")):
            return None
        values: dict[str, str] = {}
        for locale in LOCALES:
            value = data.get(locale, _MISSING)
            if value is _MISSING or (value is None and locale != "fi"):
                continue
            if not isinstance(value, str) or not value.strip():
                if locale == "fi" or value is not None:
                    self.problem(child(path, locale),
                                 f"the {locale} text of {what} must be non-empty text, "
                                 f"but found {describe(value)}")
                continue
            values[locale] = value.strip()
        return Text(**values) if "fi" in values else None

    def flag(self, data: Any, path: str, what: str) -> bool:
        """Check a true/false value."""
        if isinstance(data, bool):
            return data
        self.problem(path, f"{what} must be true or false, but found {describe(data)}")
        return False

    def integer(self, data: Any, path: str, what: str, minimum: int | None = None) -> int | None:
        """Check a whole number, at least ``minimum`` when given."""
        if isinstance(data, bool) or not isinstance(data, int):
            self.problem(path, f"{what} must be a whole number, but found {describe(data)}")
            return None
        if minimum is not None and data < minimum:
            self.problem(path, f"{what} must be at least {minimum}, but is {data}")
            return None
        return data

    def decimal(self, data: Any, path: str, what: str) -> Decimal | None:
        """Check a number (whole or decimal, written with a point)."""
        if isinstance(data, str):
            try:
                number = Decimal(data)
            except InvalidOperation:
                number = None
            if number is not None and number.is_finite():
                return number
        elif isinstance(data, (int, float)) and not isinstance(data, bool):
            number = Decimal(str(data))
            if number.is_finite():
                return number
        self.problem(path, f"{what} must be a finite number written with a decimal point "
                           f"(e.g. 2.5), but found {describe(data)}")
        return None

    def date(self, data: Any, path: str, what: str) -> dt.date | None:
        """Check a date written as yyyy-mm-dd."""
        if isinstance(data, dt.date) and not isinstance(data, dt.datetime):
            return data
        if isinstance(data, str):
            try:
                return dt.date.fromisoformat(data)
            except ValueError:
                pass
        self.problem(path, f"{what} must be a date written as yyyy-mm-dd (e.g. 2025-01-31), "
                           f"but found {describe(data)}")
        return None

    def string(self, data: Any, path: str, what: str) -> str | None:
        """Check a non-empty text that is not translated (an identifier or label)."""
        if isinstance(data, str) and data.strip():
            return data.strip()
        hint = "; quote it, e.g. \"1.10\"" if isinstance(data, (int, float)) else ""
        self.problem(path, f"{what} must be a non-empty text, but found {describe(data)}{hint}")
        return None

    def choice(self, data: Any, path: str, what: str, allowed: tuple[str, ...]) -> str | None:
        """Check that ``data`` is one of ``allowed``."""
        if isinstance(data, str) and data in allowed:
            return data
        hint = difflib.get_close_matches(str(data), allowed, n=1, cutoff=0.6)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
        self.problem(path, f"{what} must be one of {', '.join(allowed)}, but found "
                           f"{describe(data)}{suggestion}")
        return None
