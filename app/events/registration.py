"""Registering for an event: capacity per mode decided under the event's row lock, the waiting list in
arrival order, cancelling, changing mode, check-in and walk-ins.

Every function here that changes who holds a place first locks the event row (`lock_event`; a new
registration with an `UPDATE ... RETURNING` that also takes its arrival position): on PostgreSQL `SELECT ... FOR
UPDATE` (or the UPDATE's own row lock), so that concurrent registrations for one event queue up on it and each
counts the places after the previous one committed; on SQLite a write to the row takes the database's write lock
at once, which serialises writers the same way.

On PostgreSQL a new registration is one statement: it locks the row, decides on the row's confirmed counts
(`Event.confirmed_onsite`, `confirmed_remote`, kept by the database's triggers) and writes the registration and its
e-mail. A statement reads the other tables as they were before it waited for the lock, but the locked row as the
previous holder committed it, so what it decides on is on that row. Atomic on its own, it may run without a
transaction (`registers_in_one_statement`, `app.database.read_without_transaction`): the lock is then released as
the statement ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (Integer, and_, bindparam, case, exists, false, func, insert, literal, literal_column, null,
                        or_, select, true, update)
from sqlalchemy.sql.elements import ColumnElement

from app.auth.passwords import hash_token, new_token
from app.errors import DomainError
from app.events import notices
from app.events.public_events import NewRegistration, PublicEvent, event_values
from app.extensions import db
from app.mail import outbox
from app.models import AttendanceMode, Event, EventStatus, OutboxMessage, Registration, RegistrationStatus
from app.models.base import UTCDateTime, utcnow
from app.periods import Phase, is_open_expression
from app.personal_data import normalised_email
from app.table_generations import SHOWN_ON_NO_PAGE, touch_tables


class RegistrationNotOpen(DomainError):
    def __init__(self):
        super().__init__(_l("Registration for this event is not open."))


class ModeNotOffered(DomainError):
    def __init__(self):
        super().__init__(_l("Choose how you will take part."), "mode")


class ModeFull(DomainError):
    def __init__(self):
        super().__init__(_l("There is no room left in this mode of participation."), "mode")


class AlreadyRegistered(DomainError):
    """The address already has a live registration; the view offers to send its confirmation again."""

    def __init__(self, registration: Registration):
        super().__init__(_l("This e-mail address is already registered for the event. We can send the "
                            "confirmation e-mail again."), "email")
        self.registration = registration


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


def lock_event(event_id: int) -> Event:
    """Load the event with its row locked for the rest of the transaction (see the module docstring)."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(Event).where(Event.id == event_id).values(next_position=Event.next_position))
    event = db.session.scalar(select(Event).where(Event.id == event_id).with_for_update()
                              .execution_options(populate_existing=True))
    if event is None:
        raise LookupError(event_id)
    return event


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
# The statuses as literals, not parameters: a plan kept for the statement (psycopg prepares it at its fifth run)
# then still matches the partial indexes, the live addresses' unique one and the confirmed places' one.
_CONFIRMED = literal_column(f"'{RegistrationStatus.CONFIRMED.value}'")
_IS_CONFIRMED = _registrations.c.status == _CONFIRMED
_LIVE = (_registrations.c.event_id == _GIVEN_PARAMS["event_id"],
         _registrations.c.email_normalised == _GIVEN_PARAMS["email_normalised"],
         _registrations.c.status != literal_column(f"'{RegistrationStatus.CANCELLED.value}'"))
_LIVE_ID = select(_registrations.c.id).where(*_LIVE)
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
    notice = outbox.insert_choosing(registered, registered.c.status == _CONFIRMED)
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
    _IS_CONFIRMED).scalar_subquery() < _CAPACITY)
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


def _confirmed(event: Event, mode: AttendanceMode):
    return select(func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.mode == mode, _IS_CONFIRMED)


def confirmed_count(event: Event, mode: AttendanceMode) -> int:
    return db.session.scalar(_confirmed(event, mode))


def has_room(event: Event, mode: AttendanceMode) -> bool:
    """Whether one more person fits in `mode` now (walk-ins included in the count)."""
    capacity = event.capacity(mode)
    return capacity is None or confirmed_count(event, mode) < capacity


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list of the registration's mode; None when not waiting."""
    if registration.status is not RegistrationStatus.WAITING:
        return None
    return 1 + db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == registration.event_id, Registration.mode == registration.mode,
        Registration.status == RegistrationStatus.WAITING, Registration.position < registration.position))


def _live(event: Event, email: str) -> tuple:
    return (Registration.event_id == event.id, Registration.email_normalised == normalised_email(email),
            Registration.status != RegistrationStatus.CANCELLED)


def live_registration(event: Event, email: str) -> Registration | None:
    """The address's registration for the event that is not cancelled, if any."""
    return db.session.scalar(select(Registration).where(*_live(event, email)))


def accepts_registrations(event: Event, now: datetime) -> bool:
    return event.status is EventStatus.PUBLISHED and event.phase(now) == Phase.OPEN and event.starts_at > now


def can_change(event: Event, registration: Registration, now: datetime) -> bool:
    """Whether the person may still change their mode or cancel through the personal link: the event is on and has
    not ended, and the registration is not cancelled."""
    return (event.status is EventStatus.PUBLISHED and event.ends_at > now
            and registration.status is not RegistrationStatus.CANCELLED)


def _take_position(event: Event) -> int:
    position = event.next_position
    event.next_position = position + 1
    return position


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
    existing_id = db.session.scalar(_LIVE_ID, values)
    raise AlreadyRegistered(db.session.get(Registration, existing_id))


def resend_confirmation(registration: Registration) -> str:
    """A new personal link for the registration, sent in a new confirmation e-mail; the old link stops working."""
    token = new_token()
    registration.token_hash = hash_token(token)
    db.session.flush()
    notices.queue_registration_notice(registration, token)
    return token


def promote_from_waiting_list(event: Event, mode: AttendanceMode, now: datetime | None = None) -> list[Registration]:
    """Confirm the first on the mode's waiting list, in arrival order, while the mode has room.

    The caller holds the event's lock. Each promoted person is e-mailed; returns them in order. Nobody is
    promoted to a cancelled event (they were told it is cancelled) nor to one that has ended.
    """
    now = now or utcnow()
    promoted = []
    if event.status is EventStatus.CANCELLED or event.has_ended(now):
        return promoted
    capacity = event.capacity(mode)
    free = None if capacity is None else capacity - confirmed_count(event, mode)
    if free is not None and free <= 0:
        return promoted
    waiting = select(Registration).where(
        Registration.event_id == event.id, Registration.mode == mode,
        Registration.status == RegistrationStatus.WAITING).order_by(Registration.position)
    if free is not None:
        waiting = waiting.limit(free)
    for registration in db.session.scalars(waiting):
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        promoted.append(registration)
        notices.queue_promotion_notice(registration)
    db.session.flush()
    return promoted


def _promote_automatically(event: Event, mode: AttendanceMode, now: datetime) -> list[Registration]:
    # After registration closes, places that free up stay free until staff act (the rule).
    if not accepts_registrations(event, now):
        return []
    return promote_from_waiting_list(event, mode, now)


def cancel_registration(registration_id: int, now: datetime | None = None) -> list[Registration]:
    """Cancel a registration; a freed place goes to the first waiting in that mode while registration
    is open. Returns who was promoted. Cancelling a cancelled registration changes nothing."""
    now = now or utcnow()
    event_id = db.session.scalar(select(Registration.event_id).where(Registration.id == registration_id))
    event = lock_event(event_id)
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration.status is RegistrationStatus.CANCELLED:
        return []
    freed = registration.status is RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    db.session.flush()
    return _promote_automatically(event, registration.mode, now) if freed else []


def change_mode(registration_id: int, mode: AttendanceMode, now: datetime | None = None) -> list[Registration]:
    """Move a registration to the other mode when it has room there; the freed place is promoted.

    Raises ModeNotOffered, ModeFull or RegistrationNotOpen. Returns who was promoted.
    """
    now = now or utcnow()
    event_id = db.session.scalar(select(Registration.event_id).where(Registration.id == registration_id))
    event = lock_event(event_id)
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration.mode is mode or registration.status is RegistrationStatus.CANCELLED:
        return []
    if event.status is not EventStatus.PUBLISHED or event.ends_at <= now:
        raise RegistrationNotOpen()
    if not event.offers(mode):
        raise ModeNotOffered()
    if not has_room(event, mode):
        raise ModeFull()
    old_mode, freed = registration.mode, registration.status is RegistrationStatus.CONFIRMED
    registration.mode = mode
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = registration.confirmed_at or now
    db.session.flush()
    return _promote_automatically(event, old_mode, now) if freed else []


def change_capacity(event_id: int, capacity_onsite: int | None, capacity_remote: int | None,
                    now: datetime | None = None) -> list[Registration]:
    """Staff set the capacities; a raise promotes from the waiting list in order (even after registration
    closed: this is the staff's action), a cut never cancels anyone confirmed. Returns who was promoted."""
    now = now or utcnow()
    event = lock_event(event_id)
    event.capacity_onsite, event.capacity_remote = capacity_onsite, capacity_remote
    db.session.flush()
    promoted = []
    for mode in AttendanceMode:
        promoted += promote_from_waiting_list(event, mode, now)
    return promoted


def mark_attended(registration: Registration, attended: bool = True, now: datetime | None = None) -> None:
    """Check a person in at the door (or undo it)."""
    registration.is_attended = attended
    registration.attended_at = (now or utcnow()) if attended else None
    db.session.flush()


def add_walk_in(event_id: int, name: str, email: str = "", organisation: str = "",
                mode: AttendanceMode = AttendanceMode.ONSITE, now: datetime | None = None) -> Registration:
    """Someone who came without registering: confirmed and checked in at once, beyond capacity if need be.

    An address already registered is checked in on its registration instead.
    """
    now = now or utcnow()
    event = lock_event(event_id)
    if email.strip():
        existing = live_registration(event, email)
        if existing is not None:
            existing.status = RegistrationStatus.CONFIRMED
            mark_attended(existing, True, now)
            return existing
    registration = Registration(
        event=event, mode=mode, position=_take_position(event), status=RegistrationStatus.CONFIRMED,
        confirmed_at=now, created_at=now, name=name.strip(), email=email.strip() or None,
        email_normalised=normalised_email(email) or None, organisation=organisation.strip() or None,
        language="fi", is_walk_in=True, is_attended=True, attended_at=now)
    db.session.add(registration)
    db.session.flush()
    return registration
