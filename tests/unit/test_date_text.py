"""Dates and times on pages and in e-mails: Finnish, Finland-Swedish and English, in Helsinki time."""

from datetime import date, datetime, timedelta, timezone

import pytest

from app.date_text import date_text, datetime_text, period_text

WINTER = datetime(2026, 12, 15, 7, 9, tzinfo=timezone.utc)     # 9.09 in Helsinki (UTC+2)
SUMMER = datetime(2026, 6, 30, 21, 30, tzinfo=timezone.utc)    # 1 July 00.30 in Helsinki (UTC+3)


@pytest.mark.parametrize("language,plain,with_weekday", [
    ("fi", "15.12.2026 klo 9.09", "tiistaina 15.12.2026 klo 9.09"),
    ("sv", "15.12.2026 kl. 09.09", "tisdag 15.12.2026 kl. 09.09"),
    ("en", "15 December 2026 at 09:09", "Tuesday 15 December 2026 at 09:09"),
])
def test_moments_are_written_as_in_finland_in_helsinki_time(language, plain, with_weekday):
    assert datetime_text(WINTER, language) == plain
    assert datetime_text(WINTER, language, weekday=True) == with_weekday


def test_helsinki_summer_time_can_change_the_day():
    assert datetime_text(SUMMER, "fi") == "1.7.2026 klo 0.30"
    assert datetime_text(SUMMER.replace(tzinfo=None), "sv") == "1.7.2026 kl. 00.30"  # naive means UTC


def test_swedish_dates_follow_finland_swedish_practice_not_swedens():
    assert date_text(date(2026, 3, 1), "sv") == "1.3.2026"
    assert date_text(date(2026, 3, 1), "fi") == "1.3.2026"
    assert date_text(None, "fi") == datetime_text(None, "sv") == ""


@pytest.mark.parametrize("language, same_day, two_days", [
    ("fi", "16.12.2026 klo 18.00–20.00", "16.12.2026 klo 18.00 – 17.12.2026 klo 2.00"),
    ("sv", "16.12.2026 kl. 18.00–20.00", "16.12.2026 kl. 18.00 – 17.12.2026 kl. 02.00"),
    ("en", "16 December 2026 at 18:00–20:00", "16 December 2026 at 18:00 – 17 December 2026 at 02:00"),
])
def test_a_period_names_its_date_once_within_a_day(language, same_day, two_days):
    start = datetime(2026, 12, 16, 16, 0, tzinfo=timezone.utc)  # 18.00 in Helsinki (UTC+2)
    assert period_text(start, start + timedelta(hours=2), language) == same_day
    assert period_text(start, start + timedelta(hours=8), language) == two_days
