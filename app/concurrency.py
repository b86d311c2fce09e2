"""Committing a change that may meet a concurrent one: roll back, run it again, or say so."""

from collections.abc import Callable
from typing import TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from app.errors import DomainError
from app.extensions import db

T = TypeVar("T")


class ConcurrentChange(DomainError):
    """Another request changed the same rows at the same time, twice in a row."""

    def __init__(self):
        super().__init__(_l("Someone changed this at the same time, perhaps in another window. What you typed "
                            "is still here: check it and send it again."))


def commit_with_retry(work: Callable[[], T], attempts: int = 2) -> T:
    """Run ``work`` and commit; when a concurrent change got in first, roll back and run it again.

    ``work`` must load again what it needs, so that a second run applies the input on top of the
    other change. A stale row version (StaleDataError), a lost race to insert the same unique row
    (IntegrityError) or, on SQLite, a write refused because another writer committed since this
    transaction's first read ("database is locked": SQLite cannot upgrade a stale read snapshot to a
    write, and its busy timeout does not wait for that case) counts as a concurrent change. Raises ConcurrentChange after the last attempt;
    DomainErrors from ``work`` pass through, the session not yet rolled back.
    """
    for attempt in range(1, attempts + 1):
        try:
            result = work()
            db.session.commit()
            return result
        except (StaleDataError, IntegrityError, OperationalError) as error:
            db.session.rollback()
            if isinstance(error, OperationalError) and not _sqlite_locked(error):
                raise
            if attempt == attempts:
                raise ConcurrentChange() from None
    raise AssertionError("attempts must be at least 1")


def _sqlite_locked(error: OperationalError) -> bool:
    return db.session.get_bind().dialect.name == "sqlite" and "database is locked" in str(error.orig)
