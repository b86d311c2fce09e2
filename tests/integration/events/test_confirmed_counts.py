"""The event row's confirmed counts (kept by the database's triggers) and the registration's one statement on
PostgreSQL, which decides on them: the counts follow every kind of change, the statement's rule in SQL agrees with
the rule in Python, and it leaves the event row as it was but for its position and count."""

from datetime import timedelta
from itertools import product

from psycopg import _queries as psycopg_queries
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import psycopg as postgresql_psycopg

from app.events import registering
from app.events import registration as reg
from app.extensions import db
from app.models import AttendanceMode, Event, EventStatus, Registration, RegistrationStatus
from app.models.base import utcnow

ONSITE, REMOTE = AttendanceMode.ONSITE, AttendanceMode.REMOTE


def _register(event_id, number, mode=ONSITE):
    details = registering.RegistrationDetails(name=f"Osallistuja {number}", email=f"osallistuja{number}@example.fi",
                                      mode=mode, language="fi")
    registration_id, _token = registering.register_for_event(event_id, details)
    db.session.commit()
    return registration_id


def _id_of(number):
    return db.session.scalar(select(Registration.id).where(Registration.email == f"osallistuja{number}@example.fi"))


def _counts(event_id):
    """The event row's counts beside the confirmed registrations counted, per mode."""
    stored = db.session.execute(select(Event.confirmed_onsite, Event.confirmed_remote)
                                .where(Event.id == event_id)).one()
    counted = tuple(db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event_id, Registration.mode == mode,
        Registration.status == RegistrationStatus.CONFIRMED)) for mode in (ONSITE, REMOTE))
    return tuple(stored), counted


def test_the_confirmed_counts_follow_every_change_of_the_registrations(app, make_event):
    event_id = make_event(capacity_onsite=2, capacity_remote=1)
    with app.test_request_context():
        steps = []

        def step(name):
            stored, counted = _counts(event_id)
            steps.append((name, stored, counted))

        for number in (1, 2, 3):
            _register(event_id, number)
        _register(event_id, 4, REMOTE)
        step("registered: two confirmed and one waiting on site, one remote")
        reg.cancel_registration(_id_of(1))
        db.session.commit()
        step("a confirmed place cancelled, the waiting one promoted")
        reg.cancel_registration(_id_of(4))
        reg.change_mode(_id_of(2), REMOTE)
        db.session.commit()
        step("the remote place cancelled, an on-site one moved there")
        reg.change_capacity(event_id, 5, 1)
        _register(event_id, 5)
        reg.add_walk_in(event_id, "Ovelta Tullut")
        db.session.commit()
        step("capacity raised, one more registered, a walk-in")
        db.session.execute(update(Registration).where(Registration.id == _id_of(5))
                           .values(status=RegistrationStatus.WAITING))
        db.session.execute(delete(Registration).where(Registration.id == _id_of(3)))
        db.session.commit()
        step("a confirmed one put back to waiting and a confirmed one deleted, by statements of their own")
        assert [(name, stored) for name, stored, _counted in steps] == [
            ("registered: two confirmed and one waiting on site, one remote", (2, 1)),
            ("a confirmed place cancelled, the waiting one promoted", (2, 1)),
            ("the remote place cancelled, an on-site one moved there", (1, 1)),
            ("capacity raised, one more registered, a walk-in", (3, 1)),
            ("a confirmed one put back to waiting and a confirmed one deleted, by statements of their own", (1, 1))]
        assert all(stored == counted for _name, stored, counted in steps), steps
        db.session.delete(db.session.get(Event, event_id))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_the_rule_in_sql_agrees_with_the_rule_in_python_at_every_edge(app, make_event):
    """`accepting_registrations_clause`, which the one statement inserts under, against `accepts_registrations` and
    `offers`, which explain a refusal: every status, window and start around `now`, each capacity, both modes."""
    event_id = make_event()
    now = utcnow().replace(microsecond=0)
    hour = timedelta(hours=1)
    events = Event.__table__
    disagreements, cases = [], 0
    with app.test_request_context():
        for status, opens_at, closes_at, starts_at, capacity, mode in product(
                EventStatus, (None, now - hour, now, now + hour), (None, now - hour, now, now + hour),
                (now - hour, now, now + hour), (None, 0, 5), AttendanceMode):
            capacities = {"capacity_onsite": capacity, "capacity_remote": 3}
            if mode is REMOTE:
                capacities = {"capacity_onsite": 3, "capacity_remote": capacity}
            db.session.execute(update(Event).where(Event.id == event_id).values(
                status=status, opens_at=opens_at, closes_at=closes_at, starts_at=starts_at,
                ends_at=starts_at + hour, **capacities))
            in_sql = db.session.scalar(select(registering.accepting_registrations_clause(events, mode, registering._NOW))
                                       .where(events.c.id == event_id), {"now": now})
            event = db.session.get(Event, event_id, populate_existing=True)
            in_python = reg.accepts_registrations(event, now) and event.offers(mode)
            cases += 1
            if bool(in_sql) is not in_python:
                disagreements.append((status, opens_at, closes_at, starts_at, capacity, mode, in_sql, in_python))
        db.session.rollback()
    assert cases == 3 * 4 * 4 * 3 * 3 * 2 and disagreements == []


def test_a_registration_leaves_the_event_row_as_it_was_but_for_its_position_and_count(app, make_event):
    # On PostgreSQL the event row is written by an UPDATE inside the registration's statement, whose parameters
    # SQLAlchemy would add to the UPDATE had one the name of a column of events.
    event_id = make_event(capacity_onsite=1)
    with app.test_request_context():
        columns = [column for column in Event.__table__.c]
        before = db.session.execute(select(*columns).where(Event.__table__.c.id == event_id)).one()._asdict()
        _register(event_id, 1)
        _register(event_id, 2)
        after = db.session.execute(select(*columns).where(Event.__table__.c.id == event_id)).one()._asdict()
    changed = {name: (before[name], after[name]) for name in before if before[name] != after[name]}
    assert changed == {"next_position": (1, 3), "confirmed_onsite": (0, 1)}


def test_the_registration_statement_stays_short_enough_for_psycopg_to_keep_its_parsing():
    # psycopg finds the %(name)s parameters in a statement's text with a regular expression and keeps the result
    # only for statements of at most MAX_CACHED_STATEMENT_LENGTH bytes and MAX_CACHED_STATEMENT_PARAMS parameters;
    # a longer one is parsed again at every run: at 4,144 bytes the registration's cost its worker a tenth more CPU.
    for mode, statement in registering._REGISTRATION_STATEMENTS.items():
        compiled = statement.compile(dialect=postgresql_psycopg.dialect())
        assert len(compiled.string.encode()) <= psycopg_queries.MAX_CACHED_STATEMENT_LENGTH, mode
        assert len(compiled.params) <= psycopg_queries.MAX_CACHED_STATEMENT_PARAMS, mode
