"""Look-ups of a public POST kept per worker while the tables they read are unchanged, and only in the minute they
were read in: the event a registration is for (`app/events/public_events.py`), the round a nomination is for
(`app/awards/open_rounds.py`).

As the kept pages are (`app/kept_pages.py`): the counters of the tables (`app/table_generations.py`) are read in one
round trip to Redis *before* the statement, so a value read from newer data is kept under older counters and the
next request reads it again. A staff change moves a counter after its commit; the minute bounds what no counter
sees (a commit while Redis was unreachable, Redis emptied). Without Redis the value is read on every request. Only
a value found is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from flask import current_app

from app.recently_used import RecentlyUsed
from app.table_generations import table_counters

Value = TypeVar("Value")


@dataclass(frozen=True)
class _Kept(Generic[Value]):
    """A value as read, with the counters of its tables read before it, in the minute it was read in."""

    found: Value
    counters: tuple[int, ...]
    minute: int


class KeptLookup(Generic[Value]):
    """Values read from `tables`, kept per worker (in the app's extensions under `name`) by key, at most
    `max_items` of them, the least recently used dropped first."""

    def __init__(self, name: str, tables: tuple[str, ...], max_items: int) -> None:
        self.name, self.tables, self.max_items = name, tables, max_items

    def get(self, key: Hashable, now: datetime, read: Callable[[], Value | None],
            still_good: Callable[[Value], bool] = lambda _found: True) -> Value | None:
        """The value kept under `key` if its tables' counters and the minute of `now` are those it was read with
        and `still_good(value)`; else `read()`, kept when found."""
        counters = table_counters(self.tables)
        minute = int(now.timestamp() // 60)
        if counters is not None:
            kept = self._kept().get(key)
            if kept is not None and kept.minute == minute and kept.counters == counters and still_good(kept.found):
                return kept.found
        found = read()
        if found is not None and counters is not None:
            self._kept().put(key, _Kept(found, counters, minute))
        return found

    def _kept(self) -> RecentlyUsed[_Kept[Value]]:
        return (current_app.extensions.get(self.name)
                or current_app.extensions.setdefault(self.name, RecentlyUsed(self.max_items)))
