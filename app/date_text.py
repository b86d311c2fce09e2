"""Dates and times as text for pages and e-mails: Finnish, Finland-Swedish and English, in Helsinki time."""

from datetime import date, datetime, timezone
from babel.dates import format_date as babel_format_date

from app.local_time import HELSINKI

#: Finnish weekdays in the essive ("tiistaina 15.12.2026"), Monday first
_FI_WEEKDAYS = ("maanantaina", "tiistaina", "keskiviikkona", "torstaina", "perjantaina", "lauantaina",
                "sunnuntaina")


def _language(language: str | None) -> str:
    code = (language or "fi")[:2]
    return code if code in ("fi", "sv", "en") else "fi"


def in_helsinki(value: datetime) -> datetime:
    """``value`` as Helsinki wall-clock time; a naive value is taken as UTC, as the database stores it."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(HELSINKI)


def date_text(value: date | datetime | None, language: str | None, *, weekday: bool = False) -> str:
    """A date as people in Finland write it: ``15.12.2026`` in Finnish and Swedish (Finland-Swedish
    practice, not Sweden's 2026-12-15), ``15 December 2026`` in English; with ``weekday``
    "tiistaina 15.12.2026", "tisdag 15.12.2026", "Tuesday 15 December 2026". '' for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = in_helsinki(value).date()
    language = _language(language)
    if language == "en":
        text = f"{value.day} {babel_format_date(value, 'MMMM', locale='en')} {value.year}"
    else:
        text = f"{value.day}.{value.month}.{value.year}"
    if not weekday:
        return text
    if language == "fi":
        return f"{_FI_WEEKDAYS[value.weekday()]} {text}"
    return f"{babel_format_date(value, 'EEEE', locale='sv_FI' if language == 'sv' else 'en')} {text}"


def _clock(value: datetime, language: str) -> str:
    local = in_helsinki(value)
    if language == "fi":
        return f"{local.hour}.{local.minute:02d}"
    if language == "sv":
        return f"{local.hour:02d}.{local.minute:02d}"
    return f"{local.hour:02d}:{local.minute:02d}"


_CLOCK_WORDS = {"fi": "klo", "sv": "kl.", "en": "at"}


def time_text(value: datetime, language: str | None) -> str:
    """A time of day in Helsinki: "klo 9.09" (fi), "kl. 09.09" (sv), "at 09:09" (en)."""
    language = _language(language)
    return f"{_CLOCK_WORDS[language]} {_clock(value, language)}"


def datetime_text(value: datetime | None, language: str | None, *, weekday: bool = False) -> str:
    """A moment as date and time in Helsinki: "15.12.2026 klo 9.09", "15.12.2026 kl. 09.09",
    "15 December 2026 at 09:09"; with ``weekday`` "tiistaina 15.12.2026 klo 9.09". '' for None."""
    if value is None:
        return ""
    return f"{date_text(value, language, weekday=weekday)} {time_text(value, language)}"


def period_text(start: datetime, end: datetime, language: str | None, *, weekday: bool = False) -> str:
    """From ``start`` to ``end`` in Helsinki: within one day the date once, "16.12.2026 klo 18.00–20.00",
    "16.12.2026 kl. 18.00–20.00", "16 December 2026 at 18:00–20:00"; across days both moments,
    "16.12.2026 klo 18.00 – 17.12.2026 klo 2.00"; ``weekday`` names the day(s) as `datetime_text` does."""
    language = _language(language)
    if in_helsinki(start).date() == in_helsinki(end).date():
        return f"{datetime_text(start, language, weekday=weekday)}–{_clock(end, language)}"
    return f"{datetime_text(start, language, weekday=weekday)} – {datetime_text(end, language, weekday=weekday)}"
