"""Per-table change counters in Redis, moved after every commit that wrote to a table: what the kept pages
(`app/kept_pages.py`) compare to know that what a page showed has not changed, in every process.

A session collects the names of the tables it writes: its flushes (every row added, changed or deleted, the
tables of the row's class and the association tables of its relationships) and its bulk statements
(`session.execute(update(...))`, `delete(...)`, `insert(...)` and text that does not read). Once the
outermost transaction has committed, the commit's one Redis round trip (`app/commit_effects.py`, with the
jobs waiting for the commit) adds 1 to each table's counter in the hash `GENERATIONS`. The web workers and the RQ worker share that Redis (`REDIS_URL`), so a change made by a job
moves the counters the web workers read. A rollback forgets what was collected.

A writer that bypasses the session (a bare `engine.connect()`) moves no counter; neither does a commit
while Redis is unreachable (logged). Kept pages never outlive the minute they were rendered in, which
bounds either case (see `app/kept_pages.py`).

**Row counters.** A table counter moves with any row: a page showing one visitor's row (an invitation's
response) would be dropped by every other visitor's save. For a model named with `count_rows_by(model,
column)`, each flushed row (added, changed or deleted) also moves, after the commit, the counter of its
value of `column` (`row_field(model, value)`, in the hash `ROW_GENERATIONS`), read with the table counters
in the same round trip (`current_generations(rows=...)`). Flushed objects move their row counters; a bulk
statement on such a table moves its table counter alone, so a writer of those rows by statement names the
rows it wrote with `touch_rows` (a draft page's save writes its response and answers by statements). A
statement run on the session's connection rather than through the session moves nothing by itself: its
writer names its tables with `touch_tables` (the draft page's save does, to spare the session's work per
statement).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Sequence

from flask import current_app
from flask_sqlalchemy.session import Session
from redis.client import Pipeline
from redis.exceptions import RedisError
from sqlalchemy import event, inspect
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.elements import TextClause

from app.database import is_read_only
from app.extensions import db, redis_connection
from app.redis_packed import run_command

log = logging.getLogger(__name__)

#: the Redis hash of counters, one field per table name
GENERATIONS = "kept-pages:generations"
#: the Redis hash of row counters, one field per counted value (`row_field`)
ROW_GENERATIONS = "kept-pages:row-generations"
#: execution options of a bulk statement that writes only what no page shows (an event's next arrival position):
#: it moves no table counter, so that the pages and kept look-ups read from its table stay kept
SHOWN_ON_NO_PAGE = {"shown_on_no_page": True}
#: seconds without asking Redis for the counters after it could not be reached
UNREACHABLE_PAUSE = 10.0
# session.info keys of the table names and the row fields written in the open transaction.
_TOUCHED = "tables_written"
_ROWS_TOUCHED = "rows_written"
_mapper_tables: dict = {}
# model class -> the column whose values have row counters
_counted_rows: dict[type, str] = {}
_table_pattern: tuple[int, re.Pattern] | None = None


def tables_named_in(statements: Iterable[str]) -> set[str]:
    """The model tables whose names occur in the SQL texts (as whole words, so `events` is not
    found in `events_id`)."""
    global _table_pattern
    names = db.metadata.tables
    if _table_pattern is None or _table_pattern[0] != len(names):
        alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
        _table_pattern = (len(names), re.compile(rf"\b(?:{alternatives})\b"))
    pattern = _table_pattern[1]
    return {name for statement in statements for name in pattern.findall(statement)}


def table_names(models: Iterable) -> set[str]:
    """The table names of models (classes) or of tables given by name."""
    return {model if isinstance(model, str) else model.__table__.name for model in models}


def count_rows_by(model, column: str) -> None:
    """Give each value of `column` of `model`'s rows a counter of its own (see the module's docstring)."""
    _counted_rows[model] = column


def row_field(model, value) -> str:
    """The name of the row counter of `model`'s rows whose counted column holds `value`."""
    return f"{model.__table__.name}.{_counted_rows[model]}:{value}"


def current_generations(rows: Sequence[str] = ()) -> dict[str, int] | None:
    """Every table's counter (a table never written counts 0), and the row counters named in `rows`
    (`row_field`), read in one round trip; None when Redis cannot be reached (and then, for
    UNREACHABLE_PAUSE seconds, without asking it again)."""
    state = current_app.extensions.setdefault("table_generations", {"pause_until": 0.0})
    if state["pause_until"] > time.monotonic():
        return None
    try:
        if rows:
            pipeline = redis_connection().pipeline(transaction=False)
            pipeline.hgetall(GENERATIONS)
            pipeline.hmget(ROW_GENERATIONS, rows)
            found, counted = pipeline.execute()
        else:
            found, counted = redis_connection().hgetall(GENERATIONS), ()
    except (RedisError, OSError) as error:
        state["pause_until"] = time.monotonic() + UNREACHABLE_PAUSE
        log.warning("Kept pages not used for %g s: Redis unreachable (%s)", UNREACHABLE_PAUSE,
                    type(error).__name__)
        return None
    generations = {name.decode(): int(count) for name, count in found.items()}
    generations.update((field, int(count or 0)) for field, count in zip(rows, counted))
    return generations


def table_counters(tables: Sequence[str]) -> tuple[int, ...] | None:
    """The counters of the named tables only (0 for a table never written), in one round trip: for a look-up
    kept under a few tables' counters, where `current_generations` would decode every table's. None when Redis
    cannot be reached (and then, for UNREACHABLE_PAUSE seconds, without asking it again)."""
    state = current_app.extensions.setdefault("table_generations", {"pause_until": 0.0})
    if state["pause_until"] > time.monotonic():
        return None
    try:
        found = run_command(redis_connection(), "HMGET", GENERATIONS, *tables)
    except (RedisError, OSError) as error:
        state["pause_until"] = time.monotonic() + UNREACHABLE_PAUSE
        log.warning("Kept look-ups not used for %g s: Redis unreachable (%s)", UNREACHABLE_PAUSE,
                    type(error).__name__)
        return None
    return tuple(int(count or 0) for count in found)


def _tables_of(instance) -> frozenset[str]:
    mapper = inspect(instance).mapper
    found = _mapper_tables.get(mapper)
    if found is None:
        names = {table.name for table in mapper.tables}
        names.update(relation.secondary.name for relation in mapper.relationships
                     if relation.secondary is not None and hasattr(relation.secondary, "name"))
        found = _mapper_tables[mapper] = frozenset(names)
    return found


def _touch(session, names: Iterable[str]) -> None:
    session.info.setdefault(_TOUCHED, set()).update(names)


@event.listens_for(Session, "after_flush")
def _collect_flushed(session, _flush_context) -> None:
    touched: set[str] = set()
    rows: set[str] = set()
    for instance in (*session.new, *session.dirty, *session.deleted):
        touched |= _tables_of(instance)
        column = _counted_rows.get(type(instance))
        if column is not None and getattr(instance, column) is not None:
            rows.add(row_field(type(instance), getattr(instance, column)))
    if touched:
        _touch(session, touched)
    if rows:
        session.info.setdefault(_ROWS_TOUCHED, set()).update(rows)


@event.listens_for(Session, "do_orm_execute")
def _collect_bulk(state) -> None:
    if state.is_select or state.execution_options.get("shown_on_no_page"):
        return
    statement = state.statement
    if isinstance(statement, UpdateBase) and hasattr(statement.table, "name"):
        _touch(state.session, [statement.table.name])
        return
    # A text statement's own SQL: str() would compile it again at every execution.
    sql = statement.text if isinstance(statement, TextClause) else str(statement)
    if not is_read_only(sql):
        _touch(state.session, tables_named_in([sql]))


def touch_tables(session, models: Iterable) -> None:
    """Move, after the commit, the counters of `models`' tables: for a writer that runs its statements on the
    session's connection (`session.connection().execute(...)`), which the session does not see."""
    _touch(session, table_names(models))


def touch_rows(session, model, values: Iterable) -> None:
    """Move, after the commit, the row counters of `model`'s rows holding `values` in their counted column:
    for a writer that changes such rows by a statement (`session.execute(update(...))`) rather than a flush,
    which moves the table counter alone."""
    session.info.setdefault(_ROWS_TOUCHED, set()).update(
        row_field(model, value) for value in values if value is not None)


def take_touched(session) -> tuple[set[str], set[str]]:
    """The tables and the counted rows the session's committed transaction wrote, taken out of it
    (`app/commit_effects.py` moves their counters)."""
    return session.info.pop(_TOUCHED, None) or set(), session.info.pop(_ROWS_TOUCHED, None) or set()


def add_counter_moves(pipeline: Pipeline, touched: set[str], rows: set[str]) -> None:
    """Add 1 to each touched table's counter and each counted row's, on the caller's pipeline."""
    for name in sorted(touched):
        pipeline.hincrby(GENERATIONS, name, 1)
    for name in sorted(rows):
        pipeline.hincrby(ROW_GENERATIONS, name, 1)


def report_unreachable(touched: set[str], error: BaseException) -> None:
    # The commit stands; kept pages showing these tables may be served until their minute ends.
    log.warning("Table counters not moved for %s: Redis unreachable (%s)", ", ".join(sorted(touched)),
                type(error).__name__)


@event.listens_for(Session, "after_soft_rollback")
def _forget_touched(session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_TOUCHED, None)
        session.info.pop(_ROWS_TOUCHED, None)
