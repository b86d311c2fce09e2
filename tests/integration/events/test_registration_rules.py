"""Capacity per mode, the waiting list and its promotion, duplicates and the registration window."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.events import registering
from app.events import registration as reg
from app.extensions import db
from app.mail.outbox import message_subject
from app.models import AttendanceMode, Event, OutboxMessage, Registration, RegistrationStatus
from app.models.base import utcnow

ONSITE, REMOTE = AttendanceMode.ONSITE, AttendanceMode.REMOTE
CONFIRMED, WAITING, CANCELLED = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, RegistrationStatus.CANCELLED


def _register(event_id, number, mode=ONSITE, now=None):
    details = registering.RegistrationDetails(name=f"Osallistuja {number}", email=f"osallistuja{number}@example.fi",
                                      mode=mode, language="fi")
    registration_id, _token = registering.register_for_event(event_id, details, now=now)
    db.session.commit()
    return registration_id


def _statuses(event_id):
    rows = db.session.execute(select(Registration.email, Registration.mode, Registration.status)
                              .where(Registration.event_id == event_id).order_by(Registration.position))
    return [(email.split("@")[0], mode.value, status.value) for email, mode, status in rows]


def test_full_mode_puts_registrant_on_waiting_list_in_arrival_order(app, make_event):
    event_id = make_event(capacity_onsite=2)
    with app.test_request_context():
        ids = [_register(event_id, number) for number in range(1, 5)]
        assert _statuses(event_id) == [("osallistuja1", "onsite", "confirmed"), ("osallistuja2", "onsite", "confirmed"),
                                       ("osallistuja3", "onsite", "waiting"), ("osallistuja4", "onsite", "waiting")]
        assert [reg.waiting_position(db.session.get(Registration, i)) for i in ids] == [None, None, 1, 2]


def test_cancelling_a_confirmed_place_promotes_the_first_waiting_and_emails_them(app, make_event):
    event_id = make_event(capacity_onsite=1)
    with app.test_request_context():
        first, second, third = (_register(event_id, number) for number in (1, 2, 3))
        promoted = reg.cancel_registration(first)
        db.session.commit()
        assert [p.id for p in promoted] == [second]
        assert _statuses(event_id) == [("osallistuja1", "onsite", "cancelled"), ("osallistuja2", "onsite", "confirmed"),
                                       ("osallistuja3", "onsite", "waiting")]
        subjects = [message_subject(message) for message in db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient == "osallistuja2@example.fi").order_by(OutboxMessage.id))]
        assert subjects[-1].startswith("Paikka vapautui sinulle") or "Järjestöfoorumi" in subjects[-1]
        assert len(subjects) == 2


def test_cancelling_a_waiting_place_promotes_nobody(app, make_event):
    event_id = make_event(capacity_onsite=1)
    with app.test_request_context():
        _register(event_id, 1)
        waiting = _register(event_id, 2)
        third = _register(event_id, 3)
        assert reg.cancel_registration(waiting) == []
        db.session.commit()
        assert reg.waiting_position(db.session.get(Registration, third)) == 1


def test_raising_capacity_promotes_in_order_and_lowering_cancels_nobody(app, make_event):
    event_id = make_event(capacity_onsite=1)
    with app.test_request_context():
        for number in range(1, 5):
            _register(event_id, number)
        promoted = reg.change_capacity(event_id, 3, 0)
        db.session.commit()
        assert [p.email for p in promoted] == ["osallistuja2@example.fi", "osallistuja3@example.fi"]
        reg.change_capacity(event_id, 1, 0)
        db.session.commit()
        assert [s for _e, _m, s in _statuses(event_id)] == ["confirmed", "confirmed", "confirmed", "waiting"]
        # Cancelling now frees a place, but three are confirmed for one: nobody is promoted.
        assert reg.cancel_registration(db.session.scalar(select(Registration.id).where(
            Registration.email == "osallistuja1@example.fi"))) == []


def test_changing_mode_needs_room_and_promotes_the_freed_place(app, make_event):
    event_id = make_event(capacity_onsite=1, capacity_remote=1)
    with app.test_request_context():
        onsite = _register(event_id, 1)
        waiting = _register(event_id, 2)
        remote = _register(event_id, 3, REMOTE)
        with pytest.raises(reg.ModeFull):
            reg.change_mode(onsite, REMOTE)
        db.session.rollback()
        reg.cancel_registration(remote)
        promoted = reg.change_mode(onsite, REMOTE)
        db.session.commit()
        assert [p.id for p in promoted] == [waiting]
        assert _statuses(event_id) == [("osallistuja1", "remote", "confirmed"), ("osallistuja2", "onsite", "confirmed"),
                                       ("osallistuja3", "remote", "cancelled")]


def test_same_address_twice_is_recognised_and_nothing_is_doubled(app, make_event):
    event_id = make_event()
    with app.test_request_context():
        _register(event_id, 1)
        details = registering.RegistrationDetails(name="Toinen kerta", email=" OSALLISTUJA1@example.fi ", mode=ONSITE)
        with pytest.raises(reg.AlreadyRegistered) as raised:
            registering.register_for_event(event_id, details)
        db.session.rollback()
        assert raised.value.field == "email"
        reg.resend_confirmation(db.session.get(Registration, raised.value.registration.id))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2


def test_address_may_register_again_after_cancelling(app, make_event):
    event_id = make_event()
    with app.test_request_context():
        first = _register(event_id, 1)
        reg.cancel_registration(first)
        db.session.commit()
        _register(event_id, 1)
        assert [s for _e, _m, s in _statuses(event_id)] == ["cancelled", "confirmed"]


def test_registration_window_edges(app, make_event):
    now = utcnow()
    event_id = make_event(opens_at=now + timedelta(hours=1), closes_at=now + timedelta(days=2))
    with app.test_request_context():
        with pytest.raises(reg.RegistrationNotOpen):
            _register(event_id, 1, now=now + timedelta(hours=1) - timedelta(microseconds=1))
        db.session.rollback()
        _register(event_id, 2, now=now + timedelta(hours=1))
        _register(event_id, 3, now=now + timedelta(days=2) - timedelta(microseconds=1))
        with pytest.raises(reg.RegistrationNotOpen):
            _register(event_id, 4, now=now + timedelta(days=2))
        db.session.rollback()
        assert len(_statuses(event_id)) == 2


def test_after_registration_closes_nobody_is_promoted_without_staff(app, make_event):
    now = utcnow()
    event_id = make_event(capacity_onsite=1, closes_at=now + timedelta(days=1))
    with app.test_request_context():
        first = _register(event_id, 1)
        _register(event_id, 2)
        assert reg.cancel_registration(first, now=now + timedelta(days=1, seconds=1)) == []
        db.session.commit()
        assert [s for _e, _m, s in _statuses(event_id)] == ["cancelled", "waiting"]
        event = db.session.get(Event, event_id)
        promoted = reg.promote_from_waiting_list(event, ONSITE, now + timedelta(days=1, seconds=2))
        db.session.commit()
        assert [p.email for p in promoted] == ["osallistuja2@example.fi"]


def test_mode_not_offered_is_refused(app, make_event):
    event_id = make_event(capacity_remote=0)
    with app.test_request_context():
        with pytest.raises(reg.ModeNotOffered):
            _register(event_id, 1, REMOTE)


def test_walk_in_is_checked_in_beyond_capacity(app, make_event):
    event_id = make_event(capacity_onsite=1)
    with app.test_request_context():
        _register(event_id, 1)
        walk_in = reg.add_walk_in(event_id, "Ovelta Tullut")
        db.session.commit()
        assert walk_in.status is CONFIRMED and walk_in.is_attended and walk_in.is_walk_in
        registered = db.session.scalar(select(Registration).where(Registration.email == "osallistuja1@example.fi"))
        reg.mark_attended(registered)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.is_attended.is_(True))) == 2


def _plan(statement, parameters: dict) -> str:
    """The database's plan for one of the registration's statements, with these parameters (EXPLAIN only, nothing
    runs): PostgreSQL's as JSON, SQLite's query plan as text."""
    compiled = statement.compile(dialect=db.engine.dialect)
    values = {name: getattr(value, "value", value) for name, value in compiled.construct_params(parameters).items()}
    connection = db.session.connection()
    if db.engine.dialect.name == "postgresql":
        return str(connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + compiled.string, values).scalar())
    return str(connection.exec_driver_sql("EXPLAIN QUERY PLAN " + compiled.string,
                                          tuple(values[name] for name in compiled.positiontup)).all())


def test_the_confirmed_places_are_counted_from_their_own_index_whatever_the_statistics_say(app, make_event):
    """An event filling up since the database last analysed the table: the count of its confirmed places (under the
    row lock in every registration on SQLite; staff pages, promotions) reads the confirmed places' partial index, not
    every registration of the event, waiting ones included, as it did through an index on the event alone. On
    PostgreSQL the registration counts nothing: it reads the event row's count."""
    event_id = make_event(capacity_onsite=50, next_position=3000)
    with app.test_request_context():
        if db.engine.dialect.name == "postgresql":
            db.session.commit()
            db.session.connection().exec_driver_sql("ANALYZE event_registrations")  # analysed while the event is empty
        now = utcnow()
        db.session.execute(Registration.__table__.insert(), [
            dict(event_id=event_id, mode=ONSITE, status=CONFIRMED if number < 50 else WAITING, position=number,
                 name="Osallistuja", email=f"o{number}@example.fi", email_normalised=f"o{number}@example.fi",
                 language="fi", created_at=now, confirmed_at=now if number < 50 else None)
            for number in range(3000)])
        db.session.commit()
        parameters = dict(event_id=event_id, mode=ONSITE.value, position=3001, name="Uusi",
                          email="uusi@example.fi", email_normalised="uusi@example.fi", organisation=None,
                          association_id=None, municipality_code=None, needs=None, answers=None, language="fi",
                          token_hash="0" * 64, capacity=50, now=now)
        on_postgresql = db.engine.dialect.name == "postgresql"
        # On PostgreSQL the one statement, which decides on the event row's count and counts nothing (its e-mail's
        # values do not change the plan); on SQLite the INSERT that counts the confirmed places.
        statement = registering._REGISTRATION_STATEMENTS[ONSITE] if on_postgresql else registering._REGISTER
        unset = {name: None for name, value in statement.compile().params.items() if value is None} | {
            "message_attachment_data_if": b"", "message_attachment_data_else": b""}  # the e-mail's, bytea typed
        registering_plan = _plan(statement, {**unset, **parameters})
        counting = _plan(reg._confirmed(db.session.get(Event, event_id), ONSITE), {})
        for plan in (registering_plan, counting):
            if on_postgresql and plan is registering_plan:
                assert "Aggregate" not in plan and "ix_event_registrations_confirmed" not in plan
            elif on_postgresql:
                assert "ix_event_registrations_confirmed" in plan
            else:  # SQLite searches the four-column index on all three columns: the confirmed ones alone too
                assert ("ix_event_registrations_confirmed" in plan
                        or "ix_event_registrations_event_status (event_id=? AND mode=? AND status=?)" in plan)
            assert "Seq Scan" not in plan and "SCAN event_registrations" not in plan
        # the address's live registration is looked up by the live addresses' unique index
        assert "uq_event_registrations_live_email" in registering_plan
        assert reg.confirmed_count(db.session.get(Event, event_id), ONSITE) == 50
        assert _register(event_id, 9999) and _statuses(event_id)[-1] == ("osallistuja9999", "onsite", "waiting")
