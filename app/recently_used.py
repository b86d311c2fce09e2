"""A worker's store of recently used values, bounded in entries and size, shared by its threads."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class RecentlyUsed(Generic[Value]):
    """Values by key; once there are more than `max_items`, or their `size_of` sums past `max_size`, the
    least recently used go first."""

    def __init__(self, max_items: int, max_size: int | None = None,
                 size_of: Callable[[Value], int] = lambda _value: 0) -> None:
        self.max_items, self.max_size, self.size_of = max_items, max_size, size_of
        self.values: OrderedDict[Hashable, Value] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Value | None:
        with self.lock:
            value = self.values.get(key)
            if value is not None:
                self.values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Value) -> None:
        with self.lock:
            old = self.values.pop(key, None)
            if old is not None:
                self.size -= self.size_of(old)
            self.values[key] = value
            self.size += self.size_of(value)
            while len(self.values) > self.max_items or (self.max_size is not None and self.size > self.max_size):
                _key, dropped = self.values.popitem(last=False)
                self.size -= self.size_of(dropped)
