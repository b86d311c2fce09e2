"""Nomination benchmark (not a test): the Tehemä pois nomination POST under gunicorn + PostgreSQL beside hello-world.

    .venv/bin/python bench/awards_bench.py [--rounds 3] [--duration 10] [--clients 10] [--threads 2]

Starts a throwaway PostgreSQL cluster and Redis (the classes of tests/fixtures/services.py), applies the
migrations, loads the demo councils and opens an award round for `lappi`; serves `wsgi:app` (the production
app, RATELIMIT_ENABLED=false: the public forms' 30 POSTs per hour per address would answer 429) and
`bench.hello_app:app`, each with `gunicorn -w 2`, on loopback. It reads the form once as a browser would (the
session cookie, the CSRF token and the signed time the form was shown), waits past the minimum fill time,
then runs wrk (through run_all.wrk), --rounds times interleaved: hello-world GET, and the full valid
nomination POST ("Send the nomination", which stores the nomination and queues its confirmation e-mail and
must answer 302 to the confirmation page). Prints for the median round by requests per second: req/s,
the ratio to hello-world, p50/p99 latency, and every round's req/s (the spread); and the nominations
stored. Targets (issue 14): nomination POST >= 10 % of hello-world, p99 < 100 ms at 10 clients.
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
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_all import _median, wrk  # noqa: E402
from bench.survey_bench import _wait_http, start_gunicorn, stop_process  # noqa: E402

SECRET_KEY = "awards-bench-" + "x" * 48
TARGETS = {"post_ratio": 0.10, "p99_ms": 100.0}
NOMINATION = {
    "nominee_kind": "person", "nominee_name": "Aino Esimerkki", "municipality_code": "698",
    "deed": "Piti kylän kirjastoa auki vapaaehtoisvoimin koko talven ja järjesti lapsille satutunteja.",
    "reason": "Ilman häntä kylässä ei olisi kirjastoa eikä paikkaa, jossa lapset kokoontuvat.",
    "nominator_name": "Eero Ehdottaja", "nominator_email": "eero.ehdottaja@example.fi",
    "nominator_phone": "040 123 4567", "may_contact_nominee": "y", "website": "", "action": "send",
}
_HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|form_started)"[^>]*value="([^"]*)"')


def prepare_data(url: str, redis_url: str, instance: str) -> None:
    """Migrate, load the demo councils and open this year's round for lappi."""
    from app import create_app
    from app.demo.loader import load_demo_data
    from app.extensions import db
    from app.models import AwardRound, Council, ScoringCriterion
    from app.models.base import utcnow
    from tests.fixtures.app import migrate_schema

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, REDIS_URL=redis_url, INSTANCE_DIR=instance,
                     SECRET_KEY=SECRET_KEY)
    migrate_schema(app)
    with app.app_context():
        load_demo_data(with_surveys=False)
        council = db.session.scalar(db.select(Council).where(Council.slug == "lappi"))
        now = utcnow()
        award_round = AwardRound(council=council, year=now.year, criteria_fi="Teko on tehty Lapissa.",
                                 nomination_opens_at=now - timedelta(days=1),
                                 nomination_closes_at=now + timedelta(days=30))
        award_round.criteria.append(ScoringCriterion(position=0, label_fi="Vaikuttavuus"))
        db.session.add(award_round)
        db.session.commit()
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def nomination_count(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM award_nominations")).scalar_one()
    engine.dispose()
    return count


def browser_session(port: int, min_fill_seconds: float) -> tuple[str, str]:
    """GET the form as a browser: (Cookie header, urlencoded body of a full valid nomination)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/lappi/award/", headers={"Accept-Language": "fi"})
    response = connection.getresponse()
    page = response.read().decode("utf-8")
    cookies = "; ".join(header.split(";", 1)[0] for header in response.headers.get_all("Set-Cookie") or [])
    hidden = dict(_HIDDEN.findall(page))
    if response.status != 200 or set(hidden) != {"csrf_token", "form_started"}:
        raise RuntimeError(f"the nomination form answered {response.status} without its hidden fields")
    time.sleep(min_fill_seconds + 0.2)  # the stamp must be older than the minimum fill time
    return cookies, urlencode({**hidden, **NOMINATION})


def post_script(scratch: Path, cookie: str, body: str) -> Path:
    """A wrk Lua script that sends the nomination with the browser's session."""
    script = scratch / "post.lua"
    script.write_text('wrk.method = "POST"\n'
                      f'wrk.body = "{body}"\n'
                      'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
                      f'wrk.headers["Cookie"] = "{cookie}"\n', encoding="utf-8")
    return script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="hello-world and the POST interleaved, N times")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per scenario")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured wrk run before each scenario")
    parser.add_argument("--clients", type=int, default=10, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (apt-get install wrk)")
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from tests.fixtures.services import PgserverCluster, PostgresCluster, RedisServer, _server_binaries, free_port

    scratch = Path(tempfile.mkdtemp(prefix="awards-bench-"))
    binaries = _server_binaries()
    cluster = PostgresCluster(binaries) if binaries else PgserverCluster()
    redis = RedisServer(scratch)
    servers: dict[str, subprocess.Popen] = {}
    try:
        cluster.start()
        redis.start()
        url = cluster.url()
        instance = str(scratch / "instance")
        print("preparing: migrations, demo councils, an open award round for lappi ...", flush=True)
        prepare_data(url, redis.url, instance)
        min_fill = 2.0
        env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": SECRET_KEY, "DATABASE_URL": url,
               "REDIS_URL": redis.url, "INSTANCE_PATH": instance, "PYTHONDONTWRITEBYTECODE": "1",
               "RATELIMIT_ENABLED": "false", "PUBLIC_FORM_MIN_FILL_SECONDS": str(min_fill)}
        ports = {"app": free_port(), "hello": free_port()}
        servers["app"] = start_gunicorn("wsgi:app", ports["app"], env, scratch / "app.log", [])
        servers["hello"] = start_gunicorn("bench.hello_app:app", ports["hello"], env, scratch / "hello.log", [])
        _wait_http(ports["app"], "/healthz")
        _wait_http(ports["hello"], "/")
        cookie, body = browser_session(ports["app"], min_fill)
        script = post_script(scratch, cookie, body)
        before = nomination_count(url)
        runs: dict[str, list[dict]] = {"hello-world GET": [], "nomination POST (send)": []}
        for round_number in range(1, args.rounds + 1):
            for name, server, path, lua in (("hello-world GET", "hello", "/", None),
                                            ("nomination POST (send)", "app", "/lappi/award/", script)):
                print(f"round {round_number}/{args.rounds}: {name}, wrk {args.clients} connections, "
                      f"{args.duration:g} s ...", flush=True)
                if args.warmup:
                    wrk(ports[server], path, args.warmup, args.clients, args.threads, lua, timeout=10)
                runs[name].append(wrk(ports[server], path, args.duration, args.clients, args.threads, lua,
                                      timeout=10))
        stored = nomination_count(url) - before
        hello, post = _median(runs["hello-world GET"]), _median(runs["nomination POST (send)"])
    finally:
        for process in servers.values():
            stop_process(process)
        redis.stop()
        cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    print()
    print(f"gunicorn -w 2 (sync workers), PostgreSQL; wrk -t{args.threads} -c{args.clients}, {args.duration:g} s "
          f"after {args.warmup:g} s warm-up; CPUs: {os.cpu_count()}")
    header = (f"{'scenario':<28} {'req/s':>8} {'vs hello':>8} {'p50 ms':>7} {'p99 ms':>7} {'failed':>6}  "
              "rounds req/s (median shown)")
    print(header)
    print("-" * len(header))
    for name, result in (("hello-world GET", hello), ("nomination POST (send)", post)):
        print(f"{name:<28} {result['rps']:>8.1f} {result['rps'] / hello['rps']:>8.1%} {result['p50_ms']:>7.1f} "
              f"{result['p99_ms']:>7.1f} {result['failed']:>6}  " + " / ".join(f"{r:.1f}" for r in result["rounds"]))
    print(f"nominations stored during the POST runs (warm-up included): {stored}")
    ratio = post["rps"] / hello["rps"]
    print("targets")
    for title, value, ok in (
            (f"nomination POST >= {TARGETS['post_ratio']:.0%} of hello-world req/s", f"{ratio:.1%}",
             ratio >= TARGETS["post_ratio"]),
            (f"nomination POST p99 < {TARGETS['p99_ms']:.0f} ms", f"{post['p99_ms']:.1f} ms",
             post["p99_ms"] < TARGETS["p99_ms"]),
            ("no failed requests", str(post["failed"]), post["failed"] == 0 and stored > 0)):
        print(f"  {title:<48} {value:>10}  {'met' if ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
