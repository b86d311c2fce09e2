"""Helsinki time: the service's one local zone, and conversions between local wall-clock time and UTC.

Timestamps are stored in UTC (``UTCDateTime``); people enter and read them in Europe/Helsinki.
Flask-Babel formats in the same zone (``BABEL_DEFAULT_TIMEZONE``).
"""

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def local_to_utc(value: datetime | None) -> datetime | None:
    """A wall-clock time entered in Helsinki (naive, or aware in any zone) as an aware UTC datetime."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=HELSINKI)
    return value.astimezone(timezone.utc)


def utc_to_local(value: datetime | None) -> datetime | None:
    """A stored UTC time as naive Helsinki wall-clock time, for a form field or a spreadsheet cell."""
    if value is None:
        return None
    return value.astimezone(HELSINKI).replace(tzinfo=None)


def local_day_start(day: date) -> datetime:
    """The UTC instant at which ``day`` begins in Helsinki (22:00 or 21:00 UTC the day before)."""
    return datetime.combine(day, time.min, HELSINKI).astimezone(timezone.utc)
