"""A pooled PostgreSQL connection is pinged before use only after it was idle: a dead one is replaced, a
connection that just worked costs no extra round trip."""

from __future__ import annotations

import time

from sqlalchemy import create_engine, text

from app import create_app
from app.extensions import db


def _app(url: str, idle_seconds: float, tmp_path):
    return create_app("testing", SQLALCHEMY_DATABASE_URI=url, INSTANCE_DIR=str(tmp_path / "instance"),
                      REDIS_URL="redis://127.0.0.1:1/0", DATABASE_PING_AFTER_IDLE_SECONDS=idle_seconds)


def _pings(app, monkeypatch) -> list:
    with app.app_context():
        dialect = db.engine.dialect
    pings = []
    real_ping = dialect.do_ping
    monkeypatch.setattr(dialect, "do_ping", lambda connection: pings.append(1) or real_ping(connection))
    return pings


def _backend_pid(app) -> int:
    with app.app_context():
        pid = db.session.scalar(text("SELECT pg_backend_pid()"))
        db.session.remove()
    return pid


def test_a_connection_used_a_moment_ago_is_handed_out_without_a_ping(postgres_cluster, monkeypatch, tmp_path):
    app = _app(postgres_cluster.url(), 60, tmp_path)
    pings = _pings(app, monkeypatch)
    first = _backend_pid(app)
    assert len(pings) == 1  # a new connection: never handed out before
    assert [_backend_pid(app) for _ in range(5)] == [first] * 5
    assert len(pings) == 1
    with app.app_context():
        db.engine.dispose()


def test_a_connection_the_server_closed_while_idle_is_replaced_before_the_request_sees_it(
        postgres_cluster, monkeypatch, tmp_path):
    app = _app(postgres_cluster.url(), 0.05, tmp_path)
    pings = _pings(app, monkeypatch)
    first = _backend_pid(app)
    killer = create_engine(postgres_cluster.url(), isolation_level="AUTOCOMMIT")
    with killer.connect() as connection:
        assert connection.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    killer.dispose()
    time.sleep(0.1)
    second = _backend_pid(app)
    assert second != first and len(pings) >= 2
    with app.app_context():
        db.engine.dispose()
