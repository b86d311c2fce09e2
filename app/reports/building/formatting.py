"""Numbers, percentages and dates formatted for a language (1,5 and 23.11.2026 in Finnish): the one
formatting of reports, charts and the staff pages (the `percent` template filter), so that a share
reads the same everywhere; and the CSV delimiter a spreadsheet in that language expects."""

from datetime import date, datetime

from babel.numbers import format_decimal as babel_format_decimal

from app.date_text import date_text

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
    """A percentage rounded to one decimal, a whole one without: "12,5 %" and "50 %" in Finnish and
    Swedish, "12.5%" and "50%" in English. The one rounding rule of pages, reports and charts."""
    if value is None:
        return ""
    text = number(round(value, 1), language, decimals=1)
    return f"{text}%" if language == "en" else f"{text}\u00a0%"


def day(value: date | datetime | None, language: str) -> str:
    """A date as `app.date_text` writes it on pages: 23.11.2026 in Finnish and Swedish (Finland-Swedish
    practice, not Sweden's 2026-11-23), 23 November 2026 in English."""
    return date_text(value, language)


def share(part: float | None, whole: float | None, language: str) -> str:
    """`part` of `whole` as a percentage (see `percent`); "–" when there is no whole."""
    if part is None or not whole:
        return "–"
    return percent(100 * part / whole, language)


def csv_delimiter(language: str) -> str:
    """Semicolons for Finnish and Swedish (Excel there reads the comma as the decimal sign), else commas."""
    return ";" if language in ("fi", "sv") else ","
