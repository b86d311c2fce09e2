"""Registration benchmark (not a test): an event page and its registration POST under gunicorn + PostgreSQL,
beside bare Flask hello-world in the same run, measured with wrk.

    .venv/bin/python bench/events_bench.py [--rounds 3] [--duration 10] [--clients 10] [--contended-clients 200]
                                           [--history-events 20]

Starts a throwaway PostgreSQL cluster and Redis (the classes of tests/fixtures/services.py), applies the
migrations, loads the demo councils and (--history-events) twenty past events of Rääkkylä with 2,000
registrations (the registrations table of a database in use, analysed), and publishes an event with 50 on-site places and
registration open.
Serves `wsgi:app` (production settings, RATELIMIT_ENABLED=false so that one address may register many
times) and `bench.hello_app:app`, each with `gunicorn -w 2`, on loopback. Then wrk measures, for
--clients connections: hello-world GET, the event page GET, and the registration POST (the last step of
the form: CSRF token and the form's signed stamp from one session, a new e-mail address per request,
answered 302); and the registration POST again with --contended-clients connections, all registering
for the same event (contention on its locked row: past 50 they join the waiting list), hello-world with
as many connections beside it. The scenarios run --rounds times interleaved (each after a 2 s warm-up
that is not counted), through run_all.wrk. It prints, for the median round by requests per second,
req/s, p50 and p99 latency and the ratio to hello-world with the same connections, every round's req/s
(the spread), and the targets of issue 13. Everything is stopped and deleted at the end.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_all import _median, wrk  # noqa: E402
from bench.survey_bench import _wait_http, start_gunicorn, stop_process  # noqa: E402

SECRET_KEY = "events-bench-" + "x" * 48
EVENT_PATH = "/raakkyla/events/bench-foorumi/"
TARGETS = {"get_ratio": 0.30, "post_ratio": 0.10, "p99_ms": 100.0}
_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
_STAMP = re.compile(r'name="form_started" type="hidden" value="([^"]+)"')

# wrk script: every request a registration with its own address (thread id + counter), the same session.
POST_SCRIPT = """
local counter = 0
thread_id = 0
threads = 0
function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end
function request()
  counter = counter + 1
  local body = "csrf_token=%(csrf)s&form_started=%(stamp)s&step=register&name=Bench+Person&mode=onsite&consent=y"
    .. "&email=bench-" .. thread_id .. "-" .. counter .. "-%(run)s%%40example.fi"
  return wrk.format("POST", "%(path)s", {["Content-Type"] = "application/x-www-form-urlencoded",
                                         ["Cookie"] = "%(cookie)s"}, body)
end
"""


def prepare_data(url: str, redis_url: str, instance: str, history_events: int = 20) -> None:
    """Migrate, load the demo councils, publish an event of Rääkkylä with registration open."""
    from app import create_app
    from app.demo.loader import load_demo_data
    from app.extensions import db
    from app.models import Council, Event, EventStatus
    from app.models.base import utcnow
    from tests.fixtures.app import migrate_schema

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, REDIS_URL=redis_url, INSTANCE_DIR=instance,
                     SECRET_KEY=SECRET_KEY)
    migrate_schema(app)
    with app.app_context():
        load_demo_data(with_surveys=False)
        council = db.session.scalar(db.select(Council).where(Council.slug == "raakkyla"))
        now = utcnow()
        db.session.add(Event(council=council, slug="bench-foorumi", status=EventStatus.PUBLISHED,
                             title_fi="Järjestöfoorumi", description_fi="Tervetuloa.", place="Kunnantalo",
                             starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=30, hours=3),
                             opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=29),
                             capacity_onsite=50, capacity_remote=0))
        db.session.commit()
        add_history(council, history_events)
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


#: a year of a council's events before the measured one: the registrations table as a database in use holds it
HISTORY_REGISTRATIONS = 100


def add_history(council, events: int) -> None:
    """Past events with their registrations (attended, cancelled, no-shows), then the bench's ANALYZE: the
    statistics of a database in use. Measured on a registrations table analysed empty, the statements' plans
    kept by each connection from its first registrations (psycopg prepares a statement at its fifth run, and
    PostgreSQL keeps a generic plan made then) counted the event's places by reading every row of the table,
    a table the run itself grows by thousands: a state a production database leaves at its first autoanalyze
    (see bench/README.md, "The registration POST, seventh round")."""
    from app.extensions import db
    from app.models import AttendanceMode, Event, EventStatus, Registration, RegistrationStatus
    from app.models.base import utcnow

    now = utcnow()
    rows = []
    for number in range(events):
        starts = now - timedelta(days=15 * (number + 1))
        event = Event(council=council, slug=f"bench-history-{number}", status=EventStatus.PUBLISHED,
                      title_fi=f"Tapahtuma {number}", description_fi="", place="Kunnantalo", starts_at=starts,
                      ends_at=starts + timedelta(hours=3), capacity_onsite=80, capacity_remote=40,
                      next_position=HISTORY_REGISTRATIONS)
        db.session.add(event)
        db.session.flush()
        for position in range(HISTORY_REGISTRATIONS):
            status = (RegistrationStatus.CANCELLED if position % 10 == 9 else RegistrationStatus.CONFIRMED)
            email = f"history-{number}-{position}@example.fi"
            rows.append(dict(event_id=event.id, status=status, position=position,
                             mode=AttendanceMode.REMOTE if position % 3 == 0 else AttendanceMode.ONSITE,
                             name="History Person", email=email, email_normalised=email, language="fi",
                             is_attended=position % 4 != 0, is_walk_in=False, created_at=starts - timedelta(days=7),
                             confirmed_at=starts - timedelta(days=7)))
    if rows:
        db.session.execute(Registration.__table__.insert(), rows)
    db.session.commit()


def session_for_post(port: int) -> dict:
    """One visitor's session: its cookie, CSRF token and form stamp, read from the event page."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", EVENT_PATH)
        response = connection.getresponse()
        page = response.read().decode("utf-8")
        cookies = [header.split(";", 1)[0] for header in response.headers.get_all("Set-Cookie") or []]
    finally:
        connection.close()
    return {"cookie": "; ".join(cookies), "csrf": quote(_CSRF.search(page).group(1), safe=""),
            "stamp": quote(_STAMP.search(page).group(1), safe="")}


def check_post(port: int, visitor: dict) -> None:
    """One registration as the wrk script sends it must answer 302, else the figures would measure errors."""
    body = (f"csrf_token={visitor['csrf']}&form_started={visitor['stamp']}&step=register&name=Bench+Person"
            "&mode=onsite&consent=y&email=bench-check%40example.fi")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", EVENT_PATH, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": visitor["cookie"]})
        response = connection.getresponse()
        page = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    if response.status != 302:
        raise RuntimeError(f"the registration POST answered {response.status}: "
                           f"{re.sub(r'<[^>]+>', ' ', page)[-600:]}")


def drain(port: int, path: str, timeout: float = 120.0) -> None:
    """Wait until the server answers `path` at once (twice in a row under 250 ms): its queue is empty."""
    quick, deadline = 0, time.monotonic() + timeout
    while quick < 2 and time.monotonic() < deadline:
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            connection.request("GET", path)
            connection.getresponse().read()
        finally:
            connection.close()
        quick = quick + 1 if time.monotonic() - started < 0.25 else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="every scenario interleaved, N times")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per scenario")
    parser.add_argument("--clients", type=int, default=10, help="wrk connections")
    parser.add_argument("--contended-clients", type=int, default=200, help="connections registering at once")
    parser.add_argument("--history-events", type=int, default=20,
                        help="past events of 100 registrations each in the database before its ANALYZE (0: the "
                             "registrations table analysed empty, as before 7 December 2026)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed")
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from tests.fixtures.services import PgserverCluster, PostgresCluster, RedisServer, _server_binaries, free_port

    scratch = Path(tempfile.mkdtemp(prefix="events-bench-"))
    binaries = _server_binaries()
    cluster = PostgresCluster(binaries) if binaries else PgserverCluster()
    redis = RedisServer(scratch)
    servers: dict[str, subprocess.Popen] = {}
    try:
        cluster.start()
        redis.start()
        url = cluster.url()
        instance = str(scratch / "instance")
        print("preparing: migrations, demo councils, an event with 50 places ...", flush=True)
        prepare_data(url, redis.url, instance, args.history_events)
        env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": SECRET_KEY, "DATABASE_URL": url,
               "REDIS_URL": redis.url, "INSTANCE_PATH": instance, "PYTHONDONTWRITEBYTECODE": "1",
               "RATELIMIT_ENABLED": "false"}
        ports = {"app": free_port(), "hello": free_port()}
        servers["app"] = start_gunicorn("wsgi:app", ports["app"], env, scratch / "app.log", [])
        servers["hello"] = start_gunicorn("bench.hello_app:app", ports["hello"], env, scratch / "hello.log", [])
        _wait_http(ports["app"], "/healthz")
        _wait_http(ports["hello"], "/")
        # The form refuses a POST sooner than PUBLIC_FORM_MIN_FILL_SECONDS after the page was shown.
        visitor = session_for_post(ports["app"])
        time.sleep(2.5)
        check_post(ports["app"], visitor)
        runs: dict[str, list[dict]] = {}
        contended = f"registration POST, {args.contended_clients} clients"
        scenarios = [("hello-world GET", "hello", "/", args.clients, None),
                     ("event page GET", "app", EVENT_PATH, args.clients, None),
                     ("registration POST", "app", EVENT_PATH, args.clients, "post"),
                     (f"hello-world GET, {args.contended_clients} clients", "hello", "/", args.contended_clients, None),
                     (contended, "app", EVENT_PATH, args.contended_clients, "post")]
        for round_number in range(1, args.rounds + 1):
            for name, server, path, clients, kind in scenarios:
                script = None
                if kind:
                    # A new address for every request of every run (warm-up and round), else 409 "already registered".
                    script = scratch / f"post-{round_number}-{clients}.lua"
                    script.write_text(POST_SCRIPT % {**visitor, "run": f"r{round_number}c{clients}", "path": path})
                print(f"round {round_number}/{args.rounds}: {name}, {clients} connections, {args.duration:g} s ...",
                      flush=True)
                threads = min(clients, 4)
                if clients == args.clients:
                    # The contended runs follow warm runs of the same server: a warm-up of 200 connections
                    # would only leave 200 requests queued that the measured run then waits behind.
                    warm_script = None
                    if script:
                        warm_script = scratch / f"warm-{round_number}-{clients}.lua"
                        warm_script.write_text(POST_SCRIPT % {**visitor, "run": f"w{round_number}c{clients}",
                                                              "path": path})
                    wrk(ports[server], path, 2, clients, threads, warm_script, timeout=10)
                runs.setdefault(name, []).append(wrk(ports[server], path, args.duration, clients, threads, script,
                                                     timeout=10))
                # wrk stops with up to `clients` requests still queued in the server, which it works off
                # whether or not anyone waits: the next run starts once they are done.
                drain(ports[server], "/healthz" if server == "app" else "/")
        results = {name: _median(rounds) for name, rounds in runs.items()}
        report(args, results)
    finally:
        for process in servers.values():
            stop_process(process)
        redis.stop()
        cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def report(args, results: dict) -> None:
    print("\ngunicorn -w 2 sync workers, PostgreSQL, wrk; the median round by req/s; ratio = req/s / hello-world's "
          "with the same connections")
    print(f"the database before its ANALYZE: {args.history_events} past events with "
          f"{args.history_events * HISTORY_REGISTRATIONS:,} registrations")
    print(f"{'scenario':44} {'req/s':>9} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7}  rounds req/s")
    for name, result in results.items():
        hello = results["hello-world GET" if "," not in name else
                        f"hello-world GET, {args.contended_clients} clients"]["rps"]
        print(f"{name:44} {result['rps']:9.1f} {result['rps'] / hello:7.1%} {result['p50_ms']:8.1f} "
              f"{result['p99_ms']:8.1f} {result['failed']:7d}  " + " / ".join(f"{r:.1f}" for r in result["rounds"]))
    hello = results["hello-world GET"]["rps"]
    get, post = results["event page GET"], results["registration POST"]
    contended = results[f"registration POST, {args.contended_clients} clients"]
    contended_hello = results[f"hello-world GET, {args.contended_clients} clients"]["rps"]
    print("\ntargets (issue 13):")
    print(f"  event page GET >= {TARGETS['get_ratio']:.0%} of hello-world: {get['rps'] / hello:.1%} "
          f"{'ok' if get['rps'] / hello >= TARGETS['get_ratio'] else 'MISSED'}")
    for name, row, base, clients in (("registration POST", post, hello, args.clients),
                                     ("registration POST", contended, contended_hello, args.contended_clients)):
        ratio = row["rps"] / base
        print(f"  {name} at {clients} clients >= {TARGETS['post_ratio']:.0%} of hello-world: {ratio:.1%} "
              f"{'ok' if ratio >= TARGETS['post_ratio'] else 'MISSED'}; p99 < {TARGETS['p99_ms']:g} ms: "
              f"{row['p99_ms']:.1f} ms {'ok' if row['p99_ms'] < TARGETS['p99_ms'] else 'MISSED'}")


if __name__ == "__main__":
    main()
