"""The demo fixtures copy what the demo loader wrote, instead of running it in every test: the copy must be
the loader's result (rows, PostgreSQL sequences, Redis counters), and no test's changes may reach the next."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from redis import Redis
from sqlalchemy import select

from app.auth.passwords import verify_password
from app.demo.councils import DEMO_PASSWORD
from app.demo.loader import load_demo_data
from app.extensions import db
from app.models import Association, Council, CouncilKind
from tests.fixtures import councils as council_fixtures
from tests.fixtures import database_copies
from tests.fixtures.app import empty_tables

# How far the times that the loader writes relative to now may lie apart in two loads: the copy is at most
# MAX_AGE_SECONDS old, and the test itself takes a while on a loaded machine.
TIME_SLACK = timedelta(seconds=database_copies.MAX_AGE_SECONDS + 240)
#: columns of random values: a survey invitation's link token (its hash) and nonce
RANDOM_IN_EACH_LOAD = {"token_hash", "token_nonce"}


@pytest.fixture
def loader_runs(monkeypatch) -> list[bool]:
    """The calls of the real demo loader made by the demo fixtures' `load_demo` (their with_surveys)."""
    calls: list[bool] = []

    def counted(with_surveys: bool = True):
        calls.append(with_surveys)
        return load_demo_data(with_surveys=with_surveys)

    monkeypatch.setattr(council_fixtures, "load_demo_data", counted)
    return calls


@pytest.fixture
def own_copies(monkeypatch) -> None:
    """The test's own demo copies, none at first, which stay fresh however slow the machine is: these tests
    prove what a copy holds, not when it expires."""
    monkeypatch.setattr(council_fixtures, "_DEMO_COPIES", {})
    monkeypatch.setattr(database_copies, "MAX_AGE_SECONDS", 3600.0)


def _council(slug: str) -> Council:
    return Council(slug=slug, kind=CouncilKind.REGIONAL, region_code="12", name_fi=slug.title(),
                   contact_email=f"{slug}@example.fi")


def _empty(app) -> None:
    empty_tables(app)
    with Redis.from_url(app.config["REDIS_URL"]) as redis:
        redis.flushall()


def _state(app) -> database_copies.DatabaseCopy:
    with app.app_context():
        return database_copies.take(app.config["REDIS_URL"])


def _differences(loaded: database_copies.DatabaseCopy, copied: database_copies.DatabaseCopy) -> list[str]:
    """Where the copy differs from the loader's own result, beyond the moment each was made (times within
    TIME_SLACK), the random salt of a password hash (both must verify the demo password) and the random tokens
    and nonces of the invitation links."""
    found = []
    assert loaded.rows.keys() == copied.rows.keys()
    for table, rows in loaded.rows.items():
        if len(rows) != len(copied.rows[table]):
            found.append(f"{table}: {len(rows)} rows loaded, {len(copied.rows[table])} copied")
            continue
        for number, (one, other) in enumerate(zip(rows, copied.rows[table])):
            for column, value in one.items():
                copy = other[column]
                if isinstance(value, datetime) and isinstance(copy, datetime):
                    same = abs(value - copy) <= TIME_SLACK
                elif column in RANDOM_IN_EACH_LOAD and value and copy:
                    same = len(value) == len(copy)
                elif column == "password_hash" and value and copy:
                    same = verify_password(value, DEMO_PASSWORD) and verify_password(copy, DEMO_PASSWORD)
                else:
                    same = value == copy
                if not same:
                    found.append(f"{table} row {number}, {column}: {value!r} loaded, {copy!r} copied")
    if loaded.sequences != copied.sequences:
        found.append(f"sequences: {loaded.sequences} loaded, {copied.sequences} copied")
    if loaded.redis != copied.redis:
        found.append(f"redis: {loaded.redis} loaded, {copied.redis} copied")
    return found


def test_the_demo_fixtures_copy_exactly_what_the_loader_writes(app, loader_runs, own_copies):
    with app.app_context():
        load_demo_data(with_surveys=False)
        db.session.commit()
        load_demo_data()
        db.session.commit()
    loaded = _state(app)

    for _ in range(2):  # the first round may run the loader (no fresh copy yet); the second copies
        _empty(app)
        loader_runs.clear()
        council_fixtures.load_demo(app, with_surveys=False)
        council_fixtures.load_demo(app, with_surveys=True)
    assert loader_runs == [], "the demo fixtures ran the loader although a fresh copy was there"
    copied = _state(app)

    assert sum(map(len, copied.rows.values())) > 500
    with app.app_context():
        assert _differences(loaded, copied) == []


def test_the_councils_copy_is_the_loaders_councils_alone(app, loader_runs, own_copies):
    with app.app_context():
        load_demo_data(with_surveys=False)
        db.session.commit()
    loaded = _state(app)
    for _ in range(2):
        _empty(app)
        loader_runs.clear()
        council_fixtures.load_demo(app, with_surveys=False)
    assert loader_runs == []
    copied = _state(app)
    with app.app_context():
        assert _differences(loaded, copied) == []


def test_what_a_test_changes_in_the_demo_data_never_reaches_the_next_test(app, loader_runs, own_copies):
    council_fixtures.load_demo(app, with_surveys=False)  # the loader runs and its result is kept
    council_fixtures.load_demo(app, with_surveys=True)
    with app.app_context():
        db.session.scalar(select(Council).where(Council.slug == "raakkyla")).name_fi = "Muutettu neuvosto"
        for association in db.session.scalars(select(Association)):
            db.session.delete(association)
        db.session.add(_council("uusi"))
        db.session.commit()
    _empty(app)  # what the app fixture does after each test

    council_fixtures.load_demo(app, with_surveys=False)
    council_fixtures.load_demo(app, with_surveys=True)
    assert loader_runs == [False, True], "the second time must be copied"
    with app.app_context():
        slugs = set(db.session.scalars(select(Council.slug)))
        assert "uusi" not in slugs and "raakkyla" in slugs
        assert db.session.scalar(select(Council.name_fi).where(Council.slug == "raakkyla")) != "Muutettu neuvosto"
        assert len(db.session.scalars(select(Association.id)).all()) > 300


def test_a_copy_older_than_a_minute_is_not_used(app, loader_runs, own_copies, monkeypatch):
    council_fixtures.load_demo(app, with_surveys=False)
    _empty(app)
    monkeypatch.setattr(database_copies, "MAX_AGE_SECONDS", 0.0)
    council_fixtures.load_demo(app, with_surveys=False)
    assert loader_runs == [False, False]


def test_demo_data_on_a_database_that_already_holds_rows_comes_from_the_loader(app, loader_runs, own_copies):
    council_fixtures.load_demo(app, with_surveys=False)
    council_fixtures.load_demo(app, with_surveys=True)
    _empty(app)
    with app.app_context():
        db.session.add(_council("ennen"))
        db.session.commit()
    loader_runs.clear()
    council_fixtures.load_demo(app, with_surveys=False)
    council_fixtures.load_demo(app, with_surveys=True)
    assert loader_runs == [False, True]
    with app.app_context():
        assert db.session.scalar(select(Council.id).where(Council.slug == "ennen")) == 1
        assert db.session.scalar(select(Council.slug).where(Council.id == 2)) is not None
