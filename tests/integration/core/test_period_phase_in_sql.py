"""The phase rule in SQL gives what the Python rule gives, on SQLite and PostgreSQL, at every edge."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from app.extensions import db
from app.models import Council, CouncilKind, Survey
from app.periods import Phase

NOW = datetime(2026, 5, 4, 9, 30, 15, 123456, tzinfo=timezone.utc)
TICK = timedelta(microseconds=1)
PERIODS = {
    "draft": (None, None),
    "draft-with-end": (None, NOW + timedelta(days=1)),
    "opens-in-a-moment": (NOW + TICK, NOW + timedelta(days=1)),
    "opens-now": (NOW, NOW + timedelta(days=1)),
    "open-without-end": (NOW - timedelta(days=1), None),
    "closes-in-a-moment": (NOW - timedelta(days=1), NOW + TICK),
    "closes-now": (NOW - timedelta(days=1), NOW),
    "closed": (NOW - timedelta(days=2), NOW - timedelta(days=1)),
}


def test_sql_phase_agrees_with_python_phase_at_every_edge(app):
    with app.app_context():
        council = Council(slug="periods", name_fi="Jaksot", kind=CouncilKind.REGIONAL, region_code="12",
                          contact_email="jaksot@example.fi")
        db.session.add(council)
        db.session.flush()
        for slug, (opens_at, closes_at) in PERIODS.items():
            db.session.add(Survey(council_id=council.id, slug=slug, title=slug, opens_at=opens_at, closes_at=closes_at))
        db.session.commit()
        db.session.expire_all()

        in_sql = dict(db.session.execute(select(Survey.slug, Survey.phase(NOW))).all())
        in_python = {survey.slug: survey.phase(NOW) for survey in db.session.scalars(select(Survey))}
        open_in_sql = set(db.session.scalars(select(Survey.slug).where(Survey.phase(NOW) == Phase.OPEN)))

    assert in_sql == in_python
    assert in_python == {"draft": Phase.DRAFT, "draft-with-end": Phase.DRAFT, "opens-in-a-moment": Phase.SCHEDULED,
                         "opens-now": Phase.OPEN, "open-without-end": Phase.OPEN, "closes-in-a-moment": Phase.OPEN,
                         "closes-now": Phase.CLOSED, "closed": Phase.CLOSED}
    assert open_in_sql == {"opens-now", "open-without-end", "closes-in-a-moment"}
