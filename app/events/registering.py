"""A new registration for an event: confirmed while its mode has room, else on the mode's waiting list, decided
under the event's row lock (`app/events/registration.py` holds what changes a place afterwards).

On PostgreSQL a new registration is one statement: it locks the row, decides on the row's confirmed counts
(`Event.confirmed_onsite`, `confirmed_remote`, kept by the database's triggers) and writes the registration and its
e-mail. A statement reads the other tables as they were before it waited for the lock, but the locked row as the
previous holder committed it, so what it decides on is on that row. Atomic on its own, it may run without a
transaction (`registers_in_one_statement`, `app.database.read_without_transaction`): the lock is then released as
the statement ends. On SQLite an `UPDATE ... RETURNING` of the event row takes the database's write lock and the
arrival position, and the registration is a statement after it, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import (Integer, and_, bindparam, case, exists, false, func, insert, literal, literal_column, null, or_,
                        select, true, update)
from sqlalchemy.sql.elements import ColumnElement

from app.auth.passwords import hash_token, new_token
from app.events import notices
from app.events.public_events import NewRegistration, PublicEvent, event_values
from app.events.registration import (CONFIRMED_LITERAL, IS_CONFIRMED, AlreadyRegistered, ModeNotOffered,
                                     RegistrationNotOpen, accepts_registrations, live_registration)
from app.extensions import db
from app.mail import outbox
from app.models import AttendanceMode, Event, EventStatus, OutboxMessage, Registration, RegistrationStatus
from app.models.base import UTCDateTime, utcnow
from app.periods import is_open_expression
from app.personal_data import normalised_email
from app.table_generations import SHOWN_ON_NO_PAGE, touch_tables


@dataclass(frozen=True)
class RegistrationDetails:
    name: str
    email: str
    mode: AttendanceMode
    language: str = "fi"
    organisation: str = ""
    association_id: int | None = None
    municipality_code: str = ""
    needs: str = ""
    answers: dict = field(default_factory=dict)


_events = Event.__table__
_registrations = Registration.__table__
# The statements of a new registration are built once (composing them cost more than running them). The lock's
# UPDATE returns, as the lock found them, the columns the rules read (not all 34: psycopg describes and SQLAlchemy
# sets each one returned).
_RULE_COLUMNS = tuple(_events.c[name] for name in (
    "status", "opens_at", "closes_at", "starts_at", "ends_at", "capacity_onsite", "capacity_remote", "next_position"))
_RULE_NAMES = tuple(column.key for column in _RULE_COLUMNS[:-1])
#: the columns of a new registration given as parameters by their names; the status is decided by the statement,
#: and created_at and confirmed_at are the parameter `now` (no parameter is named as a column of `events`: see
#: `_registration_statement`)
_GIVEN = ("event_id", "mode", "position", "name", "email", "email_normalised", "organisation", "association_id",
          "municipality_code", "needs", "answers", "language", "token_hash")
_GIVEN_PARAMS = {name: bindparam(name, type_=_registrations.c[name].type) for name in _GIVEN}
_NOW = bindparam("now", type_=UTCDateTime)
# The statuses as literals, not parameters (`CONFIRMED_LITERAL`): a plan kept for the statement still matches the
# partial indexes, the live addresses' unique one and the confirmed places' one.
_LIVE = (_registrations.c.event_id == _GIVEN_PARAMS["event_id"],
         _registrations.c.email_normalised == _GIVEN_PARAMS["email_normalised"],
         _registrations.c.status != literal_column(f"'{RegistrationStatus.CANCELLED.value}'"))
_status_type = _registrations.c.status.type
_CAPACITY_COLUMNS = {AttendanceMode.ONSITE: "capacity_onsite", AttendanceMode.REMOTE: "capacity_remote"}
_CONFIRMED_COLUMNS = {AttendanceMode.ONSITE: "confirmed_onsite", AttendanceMode.REMOTE: "confirmed_remote"}


def accepting_registrations_clause(event, mode: AttendanceMode, now: ColumnElement) -> ColumnElement:
    """`accepts_registrations(event, now) and event.offers(mode)` in SQL, over `event`'s columns (a table or a
    CTE of the events' columns) and `now` (a bind parameter)."""
    capacity = event.c[_CAPACITY_COLUMNS[mode]]
    return and_(event.c.status == literal(EventStatus.PUBLISHED, _events.c.status.type),
                is_open_expression(event.c.opens_at, event.c.closes_at, now),
                event.c.starts_at > now, or_(capacity.is_(None), capacity > 0))


def _registration_statement(mode: AttendanceMode):
    """PostgreSQL's registration in `mode`, one statement: the event row locked and its position taken (`locked`),
    the registration inserted from it when the event accepts registrations in the mode and the address holds no live
    registration, confirmed while the row's confirmed count is below the capacity, else waiting (`registered`), and
    its e-mail, the confirmation or the waiting-list one as decided (`outbox.insert_choosing`). It returns the rules'
    columns as locked, the registration's id and the message's id (both NULL when nothing was inserted).

    No parameter of it may be named as a column of `events`: SQLAlchemy adds a parameter named as a column of an
    UPDATE's table to its SET clause, even in a WITH clause (a test checks that the event row is left as it was).
    It must stay within what psycopg caches the parsing of (`tests/integration/events/test_confirmed_counts.py`):
    psycopg finds the parameters of a longer statement in its text again at every run, a tenth of a registration's
    CPU in the worker. So the rule's window is `is_open_expression`, and the texts have no CAST (psycopg's own
    `::VARCHAR` types them alike wherever they appear)."""
    locked = (update(_events).where(_events.c.id == bindparam("event_id"))
              .values(next_position=_events.c.next_position + 1)
              .returning(*_RULE_COLUMNS, _events.c[_CONFIRMED_COLUMNS[mode]]).cte("locked"))
    capacity, confirmed = locked.c[_CAPACITY_COLUMNS[mode]], locked.c[_CONFIRMED_COLUMNS[mode]]
    has_room = or_(capacity.is_(None), confirmed < capacity)
    given = [name for name in _GIVEN if name != "position"]
    registered = insert(_registrations).from_select(
        [*given, "position", "created_at", "status", "confirmed_at", "is_attended", "is_walk_in"],
        select(*(_GIVEN_PARAMS[name] for name in given), locked.c.next_position - 1, _NOW,
               case((has_room, literal(RegistrationStatus.CONFIRMED, _status_type)),
                    else_=literal(RegistrationStatus.WAITING, _status_type)),
               case((has_room, _NOW), else_=null()), false(), false())
        .where(accepting_registrations_clause(locked, mode, _NOW), ~exists().where(*_LIVE))
    ).returning(_registrations.c.id, _registrations.c.status).cte("registered")
    notice = outbox.insert_choosing(registered, registered.c.status == CONFIRMED_LITERAL)
    return (select(*(locked.c[column.key] for column in _RULE_COLUMNS[:-1]), registered.c.id, notice.c.id)
            .select_from(locked).outerjoin(registered, true()).outerjoin(notice, true()))


_REGISTRATION_STATEMENTS = {mode: _registration_statement(mode) for mode in AttendanceMode}

# SQLite (no INSERT in a WITH clause): the lock that takes the position, then the registration in one statement,
# inserted unless the address holds a live registration (no row returned then), confirmed while the mode's confirmed
# count is below its capacity, else waiting. The flags are written by the statement, not as the columns' defaults:
# SQLAlchemy fills those in only for an INSERT run as itself, not for one from a SELECT.
_TAKE_POSITION = (update(_events).where(_events.c.id == bindparam("event_id"))
                  .values(next_position=_events.c.next_position + 1).returning(*_RULE_COLUMNS)
                  .execution_options(**SHOWN_ON_NO_PAGE))
_CAPACITY = bindparam("capacity", type_=Integer)
_HAS_ROOM = or_(_CAPACITY.is_(None), select(func.count()).select_from(_registrations).where(
    _registrations.c.event_id == _GIVEN_PARAMS["event_id"], _registrations.c.mode == _GIVEN_PARAMS["mode"],
    IS_CONFIRMED).scalar_subquery() < _CAPACITY)
_REGISTER = (insert(_registrations).from_select(
    [*_GIVEN, "created_at", "status", "confirmed_at", "is_attended", "is_walk_in"],
    select(*_GIVEN_PARAMS.values(), _NOW,
           case((_HAS_ROOM, literal(RegistrationStatus.CONFIRMED, _status_type)),
                else_=literal(RegistrationStatus.WAITING, _status_type)),
           case((_HAS_ROOM, _NOW), else_=null()), false(), false())
    .where(~exists().where(*_LIVE)))
    .returning(_registrations.c.id, _registrations.c.status))


def _lock_event_taking_position(connection, event: PublicEvent) -> tuple[PublicEvent, int]:
    """Lock the event row and take the next arrival position, in one statement (SQLite's registration).

    `UPDATE ... RETURNING` takes the database's write lock (a concurrent registration waits for this transaction)
    and returns what the rules read (status, registration window, times, capacities, position) as committed by the
    one before; the event's values (as the request read or kept them) are returned with those (its texts, which no
    rule reads, stay as read: the e-mail may show a title edited a moment before, never a wrong decision). A Core
    statement: the ORM's UPDATE ... RETURNING an entity costs several times its round trip in Python. It moves no
    table counter (`SHOWN_ON_NO_PAGE`): the position is on no page, and the kept event values (`public_events`) stay
    kept. A registration refused later rolls back, position and all.
    """
    row = connection.execute(_TAKE_POSITION, {"event_id": event.id}).first()
    if row is None:
        raise LookupError(event.id)
    *rules, next_position = row
    return replace(event, **dict(zip(_RULE_NAMES, rules))), next_position - 1


def register_for_event(event_id: int, details: RegistrationDetails, now: datetime | None = None,
                       event: PublicEvent | None = None) -> tuple[int, str]:
    """Register a person: confirmed while the mode has room, else on its waiting list.

    `event` is the event's values as the request read them (`public_events.public_event`; read now when not
    given): its rules are read again under the event's row lock. Returns the registration's id and its
    personal-link token (only the hash is stored), and queues the confirmation e-mail. Raises
    RegistrationNotOpen, ModeNotOffered, or AlreadyRegistered for an address that already holds a live
    registration (nothing is stored then).
    """
    now = now or utcnow()
    read = event if event is not None else event_values(event_id)
    if read is None:
        raise LookupError(event_id)
    token = new_token()
    values = dict(
        event_id=read.id, mode=details.mode,
        name=details.name.strip(), email=details.email.strip(), email_normalised=normalised_email(details.email),
        organisation=details.organisation.strip() or None, association_id=details.association_id,
        municipality_code=details.municipality_code or None, needs=details.needs.strip() or None,
        answers=details.answers or None, language=details.language, token_hash=hash_token(token))
    # The e-mail is written from the same values, its status as the statement decides.
    new = NewRegistration(values["name"], values["email"], details.language, details.mode, None, read)
    # The statements run on a connection of the session's, not through the session's own execute (its event for
    # the table counters, the bind look-up), which cost more than the Core execution of each and none of them
    # needs (no objects, no autoflush). The counters are named here: the registrations' and, for the e-mail, the
    # outbox's; the event row's position and counts are on no page (`SHOWN_ON_NO_PAGE`: pages count the rows).
    if registers_in_one_statement():
        registration_id = _register_in_one_statement(read, details.mode, values, new, token, now)
    else:
        registration_id = _register_under_lock(read, details.mode, values, new, token, now)
    return registration_id, token


def registers_in_one_statement() -> bool:
    """Whether `register_for_event` is one statement here (PostgreSQL): atomic without a transaction around it."""
    return db.engine.dialect.name == "postgresql"


def _register_in_one_statement(read: PublicEvent, mode: AttendanceMode, values: dict, new: NewRegistration,
                               token: str, now: datetime) -> int:
    """PostgreSQL: the registration and its e-mail in one statement (`_registration_statement`); the send job is
    enqueued when the session commits (the outbox sweep sends it should the request fail before)."""
    connection = db.session.connection()
    parameters = {**values, "now": now, **notices.registration_notice_choice(new, token)}
    row = connection.execute(_REGISTRATION_STATEMENTS[mode], parameters).first()
    if row is None:
        raise LookupError(read.id)
    *rules, registration_id, message_id = row
    if registration_id is None:
        _refuse(replace(read, **dict(zip(_RULE_NAMES, rules))), mode, values, now)
    touch_tables(db.session, (Registration, OutboxMessage))
    outbox.send_after_commit(message_id)
    return registration_id


def _register_under_lock(read: PublicEvent, mode: AttendanceMode, values: dict, new: NewRegistration, token: str,
                         now: datetime) -> int:
    """SQLite (no INSERT in a WITH clause): the event row locked with its position taken, then one statement that
    decides and inserts (`_REGISTER`, the confirmed places counted), then the e-mail; committed by the caller."""
    connection = db.session.connection()
    event, position = _lock_event_taking_position(connection, read)
    _refuse_unless_accepting(event, mode, now)
    row = connection.execute(_REGISTER, {**values, "position": position, "capacity": event.capacity(mode),
                                         "now": now}).first()
    touch_tables(db.session, (Registration,))
    if row is None:
        _refuse(event, mode, values, now)
    registration_id, status = row
    notices.queue_registration_notice(replace(new, status=status), token)
    return registration_id


def _refuse_unless_accepting(event: PublicEvent, mode: AttendanceMode, now: datetime) -> None:
    if not accepts_registrations(event, now):
        raise RegistrationNotOpen()
    if not event.offers(mode):
        raise ModeNotOffered()


def _refuse(event: PublicEvent, mode: AttendanceMode, values: dict, now: datetime) -> None:
    """Why a registration was not inserted, as the event was under the lock: not open, the mode not offered, or
    (else) the address's live registration."""
    _refuse_unless_accepting(event, mode, now)
    raise AlreadyRegistered(live_registration(event, values["email"]))
