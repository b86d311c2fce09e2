"""When this process may start another by forking itself, which begins at once with everything it has imported."""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.context import BaseContext


def fork_context() -> BaseContext | None:
    """The fork start method where forking this process is safe, else None (start with spawn then).

    Safe means the platform forks and no other thread runs: a child forked while another thread runs inherits
    any lock that thread held and can hang on it (it did, in the test suite, which runs servers in threads).
    The RQ work-horse that builds a report has one thread. A forked child must not use the connections it
    inherits: a database engine is disposed of without closing them (`engine.dispose(close=False)`); redis-py's
    pools notice the new process id themselves.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    if threading.active_count() > 1:
        return None
    return multiprocessing.get_context("fork")
