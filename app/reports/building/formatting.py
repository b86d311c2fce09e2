"""Numbers, percentages and dates formatted for a report's language (1,5 and 23.11.2026 in Finnish)."""

from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal as babel_format_decimal

BABEL_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}


def babel_locale(language: str) -> str:
    return BABEL_LOCALES.get(language, "fi_FI")


def number(value: float | int | None, language: str, decimals: int = 1) -> str:
    """A number with at most `decimals` decimals, grouped and with the locale's decimal sign."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return babel_format_decimal(value, format=pattern, locale=babel_locale(language))


def count(value: int | None, language: str) -> str:
    return number(value, language, decimals=0)


def percent(value: float | None, language: str) -> str:
    """A percentage with one decimal: "12,5 %" in Finnish and Swedish, "12.5%" in English."""
    if value is None:
        return ""
    text = number(round(value, 1), language, decimals=1)
    return f"{text}%" if language == "en" else f"{text}\u00a0%"


def day(value: date | datetime | None, language: str) -> str:
    """A date in the locale's short numeric form: 23.11.2026 in Finnish."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if language == "fi":
        return f"{value.day}.{value.month}.{value.year}"
    return babel_format_date(value, format="short" if language == "sv" else "d MMM y", locale=babel_locale(language))
