"""The association register as the registration form's organisation pick: the names offered while typing, and
the association a typed name is."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import Association, Council, Event

#: the most names offered; a regional register of a few thousand fits, and a browser filters them as one types
OFFERED_MAX = 5000


def _area(event: Event):
    """The event's council and its local councils: whose registers people of the event come from."""
    local = select(Council.id).where(Council.parent_id == event.council_id)
    return or_(Association.council_id == event.council_id, Association.council_id.in_(local))


def offered_names(event: Event) -> list[str]:
    """The names of the area's associations that agreed to be listed publicly, in alphabetical order, once each."""
    return list(db.session.scalars(
        select(Association.name).where(_area(event), Association.has_listing_consent.is_(True),
                                       Association.is_archived.is_(False))
        .group_by(Association.name).order_by(func.lower(Association.name)).limit(OFFERED_MAX)))


def association_named(event: Event, organisation: str) -> int | None:
    """The area's association whose name is `organisation` (spaces around it and letter case aside), if
    exactly one is; None for a name of no association, or of several."""
    name = " ".join(organisation.split())
    if not name:
        return None
    # SQLite's lower() folds only A-Z: the name exactly as offered matches on every database, other letter case
    # where the database folds it.
    found = db.session.scalars(
        select(Association.id).where(_area(event), Association.is_archived.is_(False),
                                     or_(Association.name == name, func.lower(Association.name) == name.lower()))
        .limit(2)).all()
    return found[0] if len(found) == 1 else None
