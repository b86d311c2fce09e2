"""The checker that validates definition parts and collects precise problems."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import N_, DefinitionProblem, Phrase, Wording, phrase
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


def describe(value: Any) -> Phrase:
    """Name the YAML kind of ``value`` for an error message."""
    if value is None:
        return phrase(N_("nothing (null)"))
    if isinstance(value, bool):
        return phrase(N_("a yes/no value (%(value)s)"), value=str(value).lower())
    if isinstance(value, (int, float)):
        return phrase(N_("a number (%(value)s)"), value=value)
    if isinstance(value, str):
        return phrase(N_("the text %(text)s"), text=repr(value))
    if isinstance(value, Mapping):
        return phrase(N_("a mapping"))
    if isinstance(value, list):
        return phrase(N_("a list"))
    return Phrase(type(value).__name__)


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

    def problem(self, path: str, message: Phrase, line: int | None = None) -> None:
        """Record that the thing at ``path`` is wrong, and how (``line`` overrides the mark).

        ``message`` is a :class:`Phrase`, so that the app shows it in its user's language.
        """
        if path in self._missing:
            return
        self.problems.append(DefinitionProblem(self.filename, path, line or self.line(path),
                                               message.render(), message))

    # -- structure -------------------------------------------------------------------------

    def mapping(self, data: Any, path: str, what: Wording, required: Iterable[str] = (),
                optional: Iterable[str] = ()) -> bool:
        """Check that ``data`` is a mapping with the required keys and no unknown keys."""
        required, optional = tuple(required), tuple(optional)
        if not isinstance(data, Mapping):
            self.problem(path, phrase(N_("%(what)s must be a mapping (key: value lines), but found %(found)s"),
                                      what=what, found=describe(data)))
            return False
        allowed = required + optional
        for key in data:
            if key not in allowed:
                name = str(key)
                # Two-letter language codes ("se" for "sv") share at most one letter.
                cutoff = 0.5 if len(name) <= 3 else 0.6
                hint = difflib.get_close_matches(name, allowed, n=1, cutoff=cutoff)
                if hint:
                    message = phrase(N_("unknown key %(key)s in %(what)s; did you mean %(hint)s? "
                                        "Allowed keys: %(allowed)s"), key=repr(name), what=what,
                                     hint=repr(hint[0]), allowed=", ".join(allowed))
                else:
                    message = phrase(N_("unknown key %(key)s in %(what)s. Allowed keys: %(allowed)s"),
                                     key=repr(name), what=what, allowed=", ".join(allowed))
                self.problem(child(path, name), message)
        for key in required:
            if key not in data:
                self.problem(path, phrase(N_("%(what)s is missing the required key %(key)s"),
                                          what=what, key=repr(key)))
                self._missing.add(child(path, key))
        return True

    def sequence(self, data: Any, path: str, what: Wording, *, min_items: int = 1) -> list[Any]:
        """Check that ``data`` is a list of at least ``min_items`` items."""
        if not isinstance(data, list):
            self.problem(path, phrase(N_("%(what)s must be a list (lines starting with '- '), but found %(found)s"),
                                      what=what, found=describe(data)))
            return []
        if len(data) < min_items:
            if min_items == 1:
                message = phrase(N_("%(what)s must have at least 1 item, but has %(count)s"), what=what,
                                 count=len(data))
            else:
                message = phrase(N_("%(what)s must have at least %(least)s items, but has %(count)s"),
                                 what=what, least=min_items, count=len(data))
            self.problem(path, message)
        return data

    # -- scalars ---------------------------------------------------------------------------

    def key(self, data: Any, path: str, what: Wording, pattern: re.Pattern[str] = QUESTION_KEY,
            ) -> str | None:
        """Check an identifier: lowercase letters, digits and single underscores."""
        if isinstance(data, str) and pattern.match(data):
            return data
        rule = {
            QUESTION_KEY.pattern: N_("%(what)s must start with a lowercase letter a-z and contain only a-z, "
                                     "0-9 and single underscores (no '__', no trailing '_'); found %(found)s"),
            OPTION_VALUE.pattern: N_("%(what)s must contain only lowercase a-z, 0-9 and single underscores "
                                     "(no '__', no leading or trailing '_'); found %(found)s"),
            SURVEY_SLUG.pattern: N_("%(what)s must contain only lowercase a-z, 0-9 and single hyphens; "
                                    "found %(found)s"),
        }[pattern.pattern]
        shown = repr(data) if isinstance(data, str) else describe(data)
        message = phrase(rule, what=what, found=shown)
        if isinstance(data, (int, bool)) and not isinstance(data, str):
            message = phrase(N_("%(rule)s; quote it if it is meant as text, e.g. '1'"), rule=message)
        self.problem(path, message)
        return None

    def text(self, data: Any, path: str, what: Wording) -> Text | None:
        """Check a user-facing text ``{fi: ..., sv: ..., en: ...}``; fi is required."""
        if isinstance(data, str):
            self.problem(path, phrase(N_("%(what)s must be a mapping of languages, e.g. %(example)s; "
                                         "found a plain text"),
                                      what=what, example='{fi: "...", sv: "...", en: "..."}'))
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
                                 phrase(N_("the %(language)s text of %(what)s must be non-empty text, "
                                           "but found %(found)s"),
                                        language=locale, what=what, found=describe(value)))
                continue
            values[locale] = value.strip()
        return Text(**values) if "fi" in values else None

    def flag(self, data: Any, path: str, what: Wording) -> bool:
        """Check a true/false value."""
        if isinstance(data, bool):
            return data
        self.problem(path, phrase(N_("%(what)s must be true or false, but found %(found)s"),
                                  what=what, found=describe(data)))
        return False

    def integer(self, data: Any, path: str, what: Wording, minimum: int | None = None) -> int | None:
        """Check a whole number, at least ``minimum`` when given."""
        if isinstance(data, bool) or not isinstance(data, int):
            self.problem(path, phrase(N_("%(what)s must be a whole number, but found %(found)s"),
                                      what=what, found=describe(data)))
            return None
        if minimum is not None and data < minimum:
            self.problem(path, phrase(N_("%(what)s must be at least %(least)s, but is %(value)s"),
                                      what=what, least=minimum, value=data))
            return None
        return data

    def decimal(self, data: Any, path: str, what: Wording) -> Decimal | None:
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
        self.problem(path, phrase(N_("%(what)s must be a finite number written with a decimal point "
                                     "(e.g. 2.5), but found %(found)s"), what=what, found=describe(data)))
        return None

    def date(self, data: Any, path: str, what: Wording) -> dt.date | None:
        """Check a date written as yyyy-mm-dd."""
        if isinstance(data, dt.date) and not isinstance(data, dt.datetime):
            return data
        if isinstance(data, str):
            try:
                return dt.date.fromisoformat(data)
            except ValueError:
                pass
        self.problem(path, phrase(N_("%(what)s must be a date written as yyyy-mm-dd (e.g. 2025-01-31), "
                                     "but found %(found)s"), what=what, found=describe(data)))
        return None

    def string(self, data: Any, path: str, what: Wording) -> str | None:
        """Check a non-empty text that is not translated (an identifier or label)."""
        if isinstance(data, str) and data.strip():
            return data.strip()
        if isinstance(data, (int, float)):
            message = N_("%(what)s must be a non-empty text, but found %(found)s; quote it, e.g. \"1.10\"")
        else:
            message = N_("%(what)s must be a non-empty text, but found %(found)s")
        self.problem(path, phrase(message, what=what, found=describe(data)))
        return None

    def choice(self, data: Any, path: str, what: Wording, allowed: tuple[str, ...]) -> str | None:
        """Check that ``data`` is one of ``allowed``."""
        if isinstance(data, str) and data in allowed:
            return data
        hint = difflib.get_close_matches(str(data), allowed, n=1, cutoff=0.6)
        if hint:
            message = phrase(N_("%(what)s must be one of %(allowed)s, but found %(found)s; did you mean %(hint)s?"),
                             what=what, allowed=", ".join(allowed), found=describe(data), hint=repr(hint[0]))
        else:
            message = phrase(N_("%(what)s must be one of %(allowed)s, but found %(found)s"),
                             what=what, allowed=", ".join(allowed), found=describe(data))
        self.problem(path, message)
        return None
