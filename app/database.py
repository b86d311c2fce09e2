"""Database engine settings per backend, and how a request's transaction ends."""

import logging
import time

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError

logger = logging.getLogger(__name__)

#: the connection.info key that says the open transaction ran a statement that may have written
WROTE = "yhteisaani_wrote"


def configure_sqlite(engine: Engine) -> None:
    """Turn on foreign keys, a busy timeout and the write-ahead log for every SQLite connection.

    In WAL mode synchronous=NORMAL syncs the log at checkpoints instead of at every commit: a commit
    stays atomic and the database consistent after a crash, but a power cut may lose the last
    commits before it (not an application crash: the log is in the operating system's cache). For
    the embedded default of a small council that is the accepted trade; every public POST otherwise
    waits for an fsync, several milliseconds on a busy disk, with the sync worker doing nothing else.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def ping_idle_connections(engine: Engine, idle_seconds: float) -> None:
    """Ping a pooled connection before handing it out only when it has been idle `idle_seconds` or more.

    SQLAlchemy's `pool_pre_ping` pings at every checkout: one more round trip to the server on every
    request, which under load is a scheduling delay each time. A connection given back less than
    `idle_seconds` ago has just worked; one idle longer (a server restart, a firewall dropping quiet
    connections) is pinged, and a dead one is replaced before the request sees it (`DisconnectionError`
    makes the pool connect anew). What remains is a server that dies within `idle_seconds` of a
    connection's last use: that request fails, and SQLAlchemy then drops the whole pool. 0 pings always.
    Nothing to do on SQLite (a file, no connection to lose).
    """
    if engine.dialect.name == "sqlite":
        return

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        if record is not None:
            record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy):
        checked_in_at = record.info.get("checked_in_at")
        if checked_in_at is not None and time.monotonic() - checked_in_at < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise DisconnectionError() from error
            raise


def is_read_only(statement: str) -> bool:
    """Whether a statement only reads: a plain SELECT (WITH may hide a data-modifying CTE)."""
    return statement.lstrip()[:6].upper() == "SELECT"


def commit_read_only_requests(app: Flask, db: SQLAlchemy) -> None:
    """End a request whose transaction only ran SELECTs with COMMIT instead of ROLLBACK.

    Both end a read-only transaction alike, but psycopg forgets its prepared statements on every
    ROLLBACK (``_rollback_gen`` clears its cache), so without this every page view would plan its
    queries again: about 1 ms for the joined query behind a survey page. A transaction that ran
    anything but SELECT, or a request that ended in an exception, still ends with the rollback
    that Flask-SQLAlchemy's session.remove() does.
    """
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.info[WROTE] = False

    @event.listens_for(engine, "before_cursor_execute")
    def _on_execute(connection, _cursor, statement, _parameters, _context, executemany):
        if executemany or not is_read_only(statement):
            connection.info[WROTE] = True

    # Registered after Flask-SQLAlchemy's own teardown, so it runs before it (Flask runs them in reverse).
    @app.teardown_appcontext
    def _commit_if_only_read(exc: BaseException | None) -> None:
        if exc is not None or not db.session.registry.has():
            return
        session = db.session()
        if not session.in_transaction() or session.new or session.dirty or session.deleted:
            return
        if session.connection().info.get(WROTE, True):
            return
        # The session is closed right after: objects loaded in it stay readable, as after a rollback.
        session.expire_on_commit = False
        try:
            session.commit()
        except SQLAlchemyError:
            # Nothing was written, so nothing is lost; the response has been made already. The
            # session's removal rolls back, and the pool's pre-ping replaces a broken connection.
            logger.warning("Ending a read-only transaction with COMMIT failed", exc_info=True)


def read_without_transaction(db: SQLAlchemy) -> None:
    """Run the rest of this request's statements each on its own (autocommit), for a view that only reads.

    Saves the BEGIN and COMMIT round trips of a page view whose one query is all it needs from
    the database. Call it before the request's first statement. A view that writes may only when what it
    writes is one statement, atomic on its own; one that finds it must write more calls
    `end_reading_without_transaction` first.
    """
    db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def end_reading_without_transaction(db: SQLAlchemy) -> None:
    """After `read_without_transaction`, let the next statement begin a transaction as usual, the objects loaded
    so far kept as they are (nothing was written, so the autocommit connection's COMMIT sends nothing)."""
    session = db.session()
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire_on_commit
