"""Multilingual texts {fi, sv, en}: fi is required, sv and en fall back to fi."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LOCALES: tuple[str, ...] = ("fi", "sv", "en")
DEFAULT_LOCALE = "fi"


@dataclass(frozen=True)
class Text:
    """A user-facing text in Finnish, with optional Swedish and English versions."""

    fi: str
    sv: str | None = None
    en: str | None = None

    def get(self, locale: str) -> str:
        """Return the text in ``locale``, falling back to Finnish."""
        if locale in LOCALES:
            return getattr(self, locale) or self.fi
        return self.fi

    def missing(self) -> tuple[str, ...]:
        """Locales that have no text of their own."""
        return tuple(loc for loc in LOCALES if not getattr(self, loc))

    def as_dict(self) -> dict[str, str]:
        """The given locales as a plain mapping."""
        return {loc: getattr(self, loc) for loc in LOCALES if getattr(self, loc)}


def text(mapping: Text | Mapping[str, str] | None, locale: str) -> str:
    """Return ``mapping`` in ``locale`` (``fi``, ``sv`` or ``en``), falling back to fi.

    Accepts a :class:`Text` or a plain ``{fi, sv, en}`` mapping; ``None`` gives ``""``.
    """
    if mapping is None:
        return ""
    if isinstance(mapping, Text):
        return mapping.get(locale)
    return mapping.get(locale) or mapping.get(DEFAULT_LOCALE) or ""
