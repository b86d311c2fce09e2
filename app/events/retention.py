"""Removing participants' personal data once their event is long past, keeping the counts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.extensions import db
from app.models import Event, Registration
from app.models.base import utcnow

#: the columns that identify a person; mode, status, attendance, municipality and times stay for the figures
PERSONAL_COLUMNS = {"name": None, "email": None, "email_normalised": None, "organisation": None, "needs": None,
                    "answers": None, "token_hash": None, "association_id": None}


def erase_registrations(condition) -> int:
    """Empty the personal columns of the registrations matching `condition`; returns how many rows."""
    result = db.session.execute(update(Registration).where(condition, Registration.email_normalised.is_not(None)
                                                           | Registration.name.is_not(None))
                                .values(**PERSONAL_COLUMNS).execution_options(synchronize_session=False))
    return result.rowcount


def remove_old_participant_data(retention_days: int, now: datetime | None = None) -> int:
    """Empty the personal data of registrations of events that ended `retention_days` ago; returns how many."""
    now = now or utcnow()
    limit = now - timedelta(days=retention_days)
    events = list(db.session.scalars(select(Event).where(Event.ends_at <= limit,
                                                         Event.personal_data_removed_at.is_(None))))
    removed = 0
    for event in events:
        removed += erase_registrations(Registration.event_id == event.id)
        event.personal_data_removed_at = now
    db.session.flush()
    return removed
