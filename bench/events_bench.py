"""Registration benchmark (not a test): an event page and its registration POST under gunicorn + PostgreSQL,
beside bare Flask hello-world in the same run, measured with wrk.

    .venv/bin/python bench/events_bench.py [--duration 10] [--clients 10] [--contended-clients 200]

Starts a throwaway PostgreSQL cluster and Redis (the classes of tests/fixtures/services.py), applies the
migrations, loads the demo councils and publishes an event with 50 on-site places and registration open.
Serves `wsgi:app` (production settings, RATELIMIT_ENABLED=false so that one address may register many
times) and `bench.hello_app:app`, each with `gunicorn -w 2`, on loopback. Then wrk measures, for
--clients connections: hello-world GET, the event page GET, and the registration POST (the last step of
the form: CSRF token and the form's signed stamp from one session, a new e-mail address per request,
answered 302); and the registration POST again with --contended-clients connections, all registering
for the same event (contention on its locked row: past 50 they join the waiting list). It prints
requests per second, p50 and p99 latency and the ratios to hello-world against the issue's targets.
Everything is stopped and deleted at the end.
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


def prepare_data(url: str, redis_url: str, instance: str) -> None:
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
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


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


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, clients: int, duration: float, script: Path | None = None) -> dict:
    command = ["wrk", "-t", str(min(clients, 4)), "-c", str(clients), "-d", f"{duration:g}s", "--latency",
               "--timeout", "10s", *(["-s", str(script)] if script else []), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50_ms": _ms(latency["50"]), "p99_ms": _ms(latency["99"]),
            "errors": int(errors.group(1)) if errors else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per scenario")
    parser.add_argument("--clients", type=int, default=10, help="wrk connections")
    parser.add_argument("--contended-clients", type=int, default=200, help="connections registering at once")
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
        prepare_data(url, redis.url, instance)
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
        results = {}
        base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        for name, target, clients, script_run in (
                ("hello-world GET", base["hello"] + "/", args.clients, None),
                ("event page GET", base["app"] + EVENT_PATH, args.clients, None),
                ("registration POST", base["app"] + EVENT_PATH, args.clients, "a"),
                (f"registration POST, {args.contended_clients} clients", base["app"] + EVENT_PATH,
                 args.contended_clients, "b")):
            script = None
            if script_run:
                script = scratch / f"post-{script_run}.lua"
                script.write_text(POST_SCRIPT % {**visitor, "run": script_run, "path": EVENT_PATH})
            print(f"running {name}: {clients} connections, {args.duration:g} s ...", flush=True)
            results[name] = run_wrk(target, clients, args.duration, script)
        report(args, results)
    finally:
        for process in servers.values():
            stop_process(process)
        redis.stop()
        cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def report(args, results: dict) -> None:
    hello = results["hello-world GET"]["rps"]
    print(f"\n{'scenario':44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'of hello':>9}")
    for name, result in results.items():
        print(f"{name:44} {result['rps']:9.1f} {result['p50_ms']:8.1f} {result['p99_ms']:8.1f} "
              f"{result['errors']:7d} {result['rps'] / hello:9.1%}")
    get, post = results["event page GET"], results["registration POST"]
    print("\ntargets:")
    print(f"  event page GET >= {TARGETS['get_ratio']:.0%} of hello-world: {get['rps'] / hello:.1%} "
          f"{'ok' if get['rps'] / hello >= TARGETS['get_ratio'] else 'MISSED'}")
    print(f"  registration POST >= {TARGETS['post_ratio']:.0%} of hello-world: {post['rps'] / hello:.1%} "
          f"{'ok' if post['rps'] / hello >= TARGETS['post_ratio'] else 'MISSED'}")
    for name in ("event page GET", "registration POST"):
        p99 = results[name]["p99_ms"]
        print(f"  {name} p99 < {TARGETS['p99_ms']:g} ms at {args.clients} clients: {p99:.1f} ms "
              f"{'ok' if p99 < TARGETS['p99_ms'] else 'MISSED'}")


if __name__ == "__main__":
    main()
