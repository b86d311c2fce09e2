"""Who holds a place at an event: capacity per mode counted under the event's row lock, the waiting list in
arrival order and its promotion, cancelling, changing mode, check-in and walk-ins. A new registration is
`app/events/registering.py`.

Every function here that changes who holds a place first locks the event row (`lock_event`): on PostgreSQL
`SELECT ... FOR UPDATE`, so that concurrent changes for one event queue up on it and each counts the places after
the previous one committed; on SQLite a write to the row takes the database's write lock at once, which serialises
writers the same way.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, literal_column, select, update

from app.auth.passwords import hash_token, new_token
from app.errors import DomainError
from app.events import notices
from app.extensions import db
from app.models import AttendanceMode, Event, EventStatus, Registration, RegistrationStatus
from app.models.base import utcnow
from app.periods import Phase
from app.personal_data import normalised_email


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


def lock_event(event_id: int) -> Event:
    """Load the event with its row locked for the rest of the transaction (see the module docstring)."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(Event).where(Event.id == event_id).values(next_position=Event.next_position))
    event = db.session.scalar(select(Event).where(Event.id == event_id).with_for_update()
                              .execution_options(populate_existing=True))
    if event is None:
        raise LookupError(event_id)
    return event


# The confirmed status as a literal, not a parameter: a plan kept for a statement (psycopg prepares it at its fifth
# run) then still matches the confirmed places' partial index. The new registration's statements share it.
CONFIRMED_LITERAL = literal_column(f"'{RegistrationStatus.CONFIRMED.value}'")
IS_CONFIRMED = Registration.status == CONFIRMED_LITERAL


def _confirmed(event: Event, mode: AttendanceMode):
    return select(func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.mode == mode, IS_CONFIRMED)


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
