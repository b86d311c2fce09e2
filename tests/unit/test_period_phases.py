"""The phase of a period at its edges: opening time included, closing time excluded, nothing set is a draft."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.local_time import HELSINKI, local_day_start, local_to_utc, utc_to_local
from app.periods import Phase, phase_at

OPENS = datetime(2026, 3, 1, 7, 0, tzinfo=timezone.utc)
CLOSES = datetime(2026, 3, 31, 21, 0, tzinfo=timezone.utc)
TICK = timedelta(microseconds=1)


@pytest.mark.parametrize(("opens_at", "closes_at", "now", "expected"), [
    (None, None, OPENS, Phase.DRAFT),
    (None, CLOSES, CLOSES + TICK, Phase.DRAFT),
    (OPENS, CLOSES, OPENS - TICK, Phase.SCHEDULED),
    (OPENS, CLOSES, OPENS, Phase.OPEN),
    (OPENS, CLOSES, CLOSES - TICK, Phase.OPEN),
    (OPENS, CLOSES, CLOSES, Phase.CLOSED),
    (OPENS, None, OPENS - TICK, Phase.SCHEDULED),
    (OPENS, None, OPENS + timedelta(days=3650), Phase.OPEN),
])
def test_phase_at_the_edges_of_the_period(opens_at, closes_at, now, expected):
    assert phase_at(opens_at, closes_at, now) is expected


def test_phase_compares_with_its_name_as_templates_do():
    assert Phase.OPEN == "open" and f"tag-{Phase.CLOSED}" == "tag-closed"
    assert Phase.DRAFT.is_before_opening and Phase.SCHEDULED.is_before_opening
    assert not Phase.OPEN.is_before_opening and not Phase.CLOSED.is_before_opening


def test_helsinki_wall_clock_converts_to_utc_and_back_across_summer_time():
    winter, summer = datetime(2026, 1, 15, 12, 0), datetime(2026, 7, 15, 12, 0)
    assert local_to_utc(winter) == datetime(2026, 1, 15, 10, 0, tzinfo=timezone.utc)
    assert local_to_utc(summer) == datetime(2026, 7, 15, 9, 0, tzinfo=timezone.utc)
    assert utc_to_local(local_to_utc(summer)) == summer
    assert local_to_utc(None) is None and utc_to_local(None) is None
    assert local_day_start(datetime(2026, 7, 15).date()) == datetime(2026, 7, 14, 21, 0, tzinfo=timezone.utc)
    assert datetime(2026, 1, 1, tzinfo=HELSINKI).utcoffset() == timedelta(hours=2)
