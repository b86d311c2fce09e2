"""Every figure of issue 16 from one command: the public pages on SQLite and PostgreSQL beside hello-world,
the draft-save POST, what a request spends its time on, what each public POST costs in-process
(post_costs.py), and the survey reports (reports_bench.py, run in a process of its own).

    .venv/bin/python bench/run_all.py                        # 3 rounds of 10 s per page, reports at 100,000 and 10,000
    .venv/bin/python bench/run_all.py --rounds 1 --duration 5 --report-sizes 10000
    .venv/bin/python bench/run_all.py --report-sizes ""      # the pages only

See bench/README.md for what each column means. Needs `wrk` on PATH.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import post_costs, survey_bench  # noqa: E402  (after the path: the bench runs as a script)

# The public GET pages, as URL patterns over the prepared data: a channel adds its pages here.
PAGES = [
    ("front page", "/"),
    ("council page", "/{council}/"),
    ("survey page", "/s/{token}/page/basics"),
    ("public results", "/{council}/surveys/{slug}/results"),
    # The channels' public pages over their demo records (prepare() loads them).
    ("events list", "/pohjois-karjala/events/"),
    ("event page", "/pohjois-karjala/events/jarjestofoorumi/"),
    ("events calendar feed", "/pohjois-karjala/events.ics"),
    ("award nomination page", "/lappi/award/"),
    ("award winners", "/lappi/award/winners/"),
    ("proposals list", "/{council}/proposals/"),
    ("proposals feed", "/{council}/proposals/feed.atom"),
    ("meetings", "/{council}/meetings/"),
]
TARGETS = {"postgresql": 0.30, "sqlite": 0.25}  # share of hello-world's req/s
P99_TARGET_MS = 50.0
POST_TARGET = 0.12
RESULTS_RESPONSES = 60
_WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_WRK_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def wrk(port: int, path: str, duration: float, connections: int, threads: int = 2, script: Path | None = None,
        timeout: float = 2.0) -> dict:
    """`wrk` with `connections` connections on `threads` threads: req/s, p50 and p99 in ms, failed responses
    (non-2xx/3xx answers and socket errors, a request slower than `timeout` seconds among them). `script`
    is a wrk Lua script, e.g. one that POSTs a form."""
    extra = ["-s", str(script)] if script else []
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--latency", "--timeout",
                          f"{timeout:g}s", "-H", "Accept-Language: fi", *extra, f"http://127.0.0.1:{port}{path}"],
                         capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)\s*$", out, re.M))
    errors = sum(int(n) for n in (_WRK_ERRORS.search(out).groups() if _WRK_ERRORS.search(out) else ()))
    non_2xx = _WRK_NON_2XX.search(out)
    return {"rps": float(_WRK_RPS.search(out).group(1)), "p50_ms": _ms(latency.get("50")),
            "p99_ms": _ms(latency.get("99")), "failed": errors + (int(non_2xx.group(1)) if non_2xx else 0)}


def warm(port: int, path: str, times: int = 6) -> int:
    """A few requests one at a time with a long timeout, so that each worker has filled its caches (the
    results page draws its charts once per worker) before wrk's 2 s timeout applies; the last status."""
    import http.client

    status = 0
    for _ in range(times):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", path, headers={"Accept-Language": "fi"})
        response = connection.getresponse()
        response.read()
        status = response.status
        connection.close()
    return status


def _ms(text: str | None) -> float:
    if not text:
        return float("nan")
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def prepare(url: str, redis_url: str, instance: str) -> dict:
    """survey_bench's data (demo councils, a järjestökysely with invitations in Rääkkylä), the survey's
    results published over RESULTS_RESPONSES submitted responses, and the channels' demo records (events,
    award rounds, proposals and meetings) for their pages."""
    info = survey_bench.prepare_data(url, redis_url, instance)
    from app import create_app
    from app.demo.awards import load_demo_awards
    from app.demo.events import load_demo_events
    from app.demo.proposals import load_demo_proposals
    from app.extensions import db
    from app.models import Council, Survey
    from app.surveys.definitions import definition_for
    from tests.fixtures.surveys import basic_answers, store_response

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, REDIS_URL=redis_url, INSTANCE_DIR=instance,
                     SECRET_KEY=survey_bench.SECRET_KEY)
    with app.app_context():
        survey = db.session.get(Survey, info["survey_id"])
        definition = definition_for(survey.current_version)
        for number in range(RESULTS_RESPONSES):
            store_response(survey, definition, basic_answers(members=Decimal(10 + number)), municipality="707",
                           sector="village")
        survey.is_results_public = True
        by_slug = {council.slug: council for council in db.session.scalars(db.select(Council))}
        load_demo_proposals(by_slug)
        load_demo_events(by_slug)
        load_demo_awards(by_slug)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return info


def page_paths(info: dict) -> list[tuple[str, str]]:
    values = {"council": info["council"], "slug": info["slug"], "token": info["tokens"][0]}
    return [(name, pattern.format(**values)) for name, pattern in PAGES]


def per_request(url: str, redis_url: str, instance: str, paths: list[tuple[str, str]], repeat: int = 30) -> dict:
    """In-process, through the test client with the production config: per page the statements per
    request and where a request's time goes (SQL, rendering templates, the rest: Flask, WTForms,
    Babel, the view's Python)."""
    from flask import before_render_template, template_rendered
    from sqlalchemy import event

    from app import create_app
    from app.extensions import db

    app = create_app("production", SQLALCHEMY_DATABASE_URI=url, REDIS_URL=redis_url, INSTANCE_DIR=instance,
                     SECRET_KEY=survey_bench.SECRET_KEY, RATELIMIT_ENABLED=False)
    clock = {"sql": 0.0, "template": 0.0, "statements": 0, "depth": 0}

    def sql_start(conn, *_):
        conn.info["bench_started"] = time.perf_counter()

    def sql_end(conn, *_):
        clock["sql"] += time.perf_counter() - conn.info.pop("bench_started", time.perf_counter())
        clock["statements"] += 1

    def template_start(*_args, **_kwargs):
        # Only the outermost template: includes and macros render inside it.
        if clock["depth"] == 0:
            clock["template_started"] = time.perf_counter()
        clock["depth"] += 1

    def template_end(*_args, **_kwargs):
        clock["depth"] -= 1
        if clock["depth"] == 0:
            clock["template"] += time.perf_counter() - clock["template_started"]

    figures = {}
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", sql_start)
    event.listen(engine, "after_cursor_execute", sql_end)
    before_render_template.connect(template_start, app)
    template_rendered.connect(template_end, app)
    try:
        client = app.test_client()
        for name, path in paths:
            # Served kept (app/kept_pages.py), as the workers serve it between changes, each request a new
            # visitor without cookies as wrk's (a page with a form makes its CSRF token and session cookie) ...
            app.config["KEPT_PAGES"] = True
            for _ in range(3):
                client.get(path, headers={"Accept-Language": "fi"})  # caches filled, as in a warm worker
            started = time.perf_counter()
            for _ in range(repeat):
                app.test_client(use_cookies=False).get(path, headers={"Accept-Language": "fi"})
            kept = (time.perf_counter() - started) / repeat
            # ... and rendered, as the first visitor after a change gets it.
            app.config["KEPT_PAGES"] = False
            clock.update(sql=0.0, template=0.0, statements=0)
            started = time.perf_counter()
            for _ in range(repeat):
                status = client.get(path, headers={"Accept-Language": "fi"}).status_code
            total = (time.perf_counter() - started) / repeat
            sql, template = clock["sql"] / repeat, clock["template"] / repeat
            # SQL run while a template renders (a lazy load) counts as SQL, not template.
            figures[name] = {"status": status, "queries": clock["statements"] / repeat, "ms": total * 1000,
                             "sql_ms": sql * 1000, "template_ms": template * 1000,
                             "rest_ms": max(0.0, total - sql - template) * 1000, "kept_ms": kept * 1000}
    finally:
        event.remove(engine, "before_cursor_execute", sql_start)
        event.remove(engine, "after_cursor_execute", sql_end)
        before_render_template.disconnect(template_start, app)
        template_rendered.disconnect(template_end, app)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return figures


def measure_database(name: str, url: str, redis, scratch: Path, args) -> dict:
    """Serve the app on `url` and hello-world, each with gunicorn -w 2, and run the rounds."""
    instance = str(scratch / f"instance-{name}")
    print(f"[{name}] preparing the data ...", flush=True)
    info = prepare(url, redis.url, instance)
    paths = page_paths(info)
    env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": survey_bench.SECRET_KEY, "DATABASE_URL": url,
           "REDIS_URL": redis.url, "INSTANCE_PATH": instance, "PYTHONDONTWRITEBYTECODE": "1",
           # the public forms' 30 POSTs per hour per address would answer 429 to a load test
           "RATELIMIT_ENABLED": "false"}
    from tests.fixtures.services import free_port

    ports = {"app": free_port(), "hello": free_port()}
    servers = {}
    try:
        servers["app"] = survey_bench.start_gunicorn("wsgi:app", ports["app"], env, scratch / f"app-{name}.log", [])
        servers["hello"] = survey_bench.start_gunicorn("bench.hello_app:app", ports["hello"], env,
                                                       scratch / f"hello-{name}.log", [])
        survey_bench._wait_http(ports["app"], "/healthz")
        survey_bench._wait_http(ports["hello"], "/")
        for title, path in paths:
            status = warm(ports["app"], path)
            if status != 200:
                print(f"[{name}] WARNING: {title} {path} answers {status}", flush=True)
        runs: dict[str, list[dict]] = {}
        load_args = SimpleNamespace(clients=args.connections, warmup=args.warmup, duration=args.duration)
        for round_number in range(1, args.rounds + 1):
            print(f"[{name}] round {round_number}/{args.rounds}", flush=True)
            for title, server, path in [("hello-world", "hello", "/"), *[(t, "app", p) for t, p in paths]]:
                wrk(ports[server], path, args.warmup, args.connections)  # warm-up, not counted
                runs.setdefault(title, []).append(wrk(ports[server], path, args.duration, args.connections))
            # The POST needs a session and a CSRF token per client: survey_bench's own load client,
            # beside hello-world through the same client.
            runs.setdefault("hello-world (python client)", []).append(
                survey_bench.load(ports["hello"], "hello", load_args, info["tokens"]))
            runs.setdefault("draft-save POST", []).append(
                survey_bench.load(ports["app"], "post", load_args, info["tokens"]))
    finally:
        for process in servers.values():
            survey_bench.stop_process(process)
    print(f"[{name}] profiling a request of each page and each public POST in-process ...", flush=True)
    inside = per_request(url, redis.url, instance, paths)
    post_costs.add_post_targets(url, redis.url, instance)
    return {"runs": runs, "inside": inside, "paths": paths,
            "posts": post_costs.post_costs(url, redis.url, instance, info)}


def _median(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda r: r["rps"])
    return {**ordered[(len(ordered) - 1) // 2], "rounds": [r["rps"] for r in runs]}


def print_pages(results: dict) -> None:
    print("\npublic pages (gunicorn -w 2 sync workers, wrk; the median round by req/s; ratio = req/s / hello-world's)")
    print(f"{'page':<32} {'database':<10} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'queries':>7} "
          f"{'failed':>6}  {'target':<22} rounds req/s")
    for database, result in results.items():
        runs = result["runs"]
        hello = _median(runs["hello-world"])
        python_hello = _median(runs["hello-world (python client)"])
        for title in runs:
            row = _median(runs[title])
            is_post = title == "draft-save POST"
            base = python_hello if title in ("draft-save POST", "hello-world (python client)") else hello
            ratio = row["rps"] / base["rps"] if base["rps"] else float("nan")
            queries = result["inside"].get(title, {}).get("queries")
            target = ""
            if title in result["inside"]:
                ok = ratio >= TARGETS[database] and row["p99_ms"] < P99_TARGET_MS
                target = f"{TARGETS[database]:.0%}, p99<{P99_TARGET_MS:g}: {'met' if ok else 'NOT MET'}"
            elif is_post:
                target = f"{POST_TARGET:.0%}: {'met' if ratio >= POST_TARGET else 'NOT MET'}"
            failed = row.get("failed", row.get("errors", 0))
            print(f"{title:<32} {database:<10} {row['rps']:>8.1f} {ratio:>6.1%} {row['p50_ms']:>7.1f} "
                  f"{row['p99_ms']:>7.1f} {queries if queries is not None else '':>7} {failed:>6}  {target:<22} "
                  + " / ".join(f"{r:.1f}" for r in row["rounds"]))
    print("\nwhere a request's time goes (in-process, test client, production config, warm caches; ms per request):"
          "\nthe render (kept pages off: what the first visitor after a change waits for) and a kept page served")
    print(f"{'page':<24} {'database':<10} {'render':>7} {'SQL':>7} {'template':>9} {'rest':>7} {'queries':>7} "
          f"{'kept':>7}")
    for database, result in results.items():
        for title, figures in result["inside"].items():
            print(f"{title:<24} {database:<10} {figures['ms']:>7.2f} {figures['sql_ms']:>7.2f} "
                  f"{figures['template_ms']:>9.2f} {figures['rest_ms']:>7.2f} {figures['queries']:>7g} "
                  f"{figures['kept_ms']:>7.2f}")
    print("\nwhat a public POST costs (bench/post_costs.py: in-process, one client, production config; ms per POST)")
    print(f"{'POST':<20} {'database':<10} {'total':>7} {'CPU':>7} {'SQL':>7} {'template':>9} {'rest':>7} {'queries':>7} "
          f"{'calls':>7}")
    for database, result in results.items():
        for title, figures in result["posts"].items():
            print(f"{title:<20} {database:<10} {figures['ms']:>7.2f} {figures['cpu_ms']:>7.2f} {figures['sql_ms']:>7.2f} "
                  f"{figures['template_ms']:>9.2f} {figures['rest_ms']:>7.2f} {figures['queries']:>7g} "
                  f"{figures['calls']:>7.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="hello-world and every page interleaved, N times")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per page and round")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds before each")
    parser.add_argument("--connections", type=int, default=10, help="wrk connections (and POST clients)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--report-sizes", default="100000,10000", help="reports_bench sizes; empty: none")
    parser.add_argument("--writer-rows", type=int, default=20000,
                        help="reports_bench: raw rows per XLSX writer candidate side by side (0: none)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        parser.error("wrk is not on PATH (apt-get install wrk)")
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from redis import Redis

    from tests.fixtures.services import PgserverCluster, PostgresCluster, RedisServer, _server_binaries

    scratch = Path(tempfile.mkdtemp(prefix="run-all-bench-"))
    binaries = _server_binaries()
    cluster = PostgresCluster(binaries) if binaries else PgserverCluster()
    redis = RedisServer(scratch)
    results = {}
    try:
        redis.start()
        for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
            if database == "postgresql":
                cluster.start()
                url = cluster.url()
            else:
                # The embedded default: a SQLite file, as config.py makes it without DATABASE_URL.
                url = f"sqlite:///{scratch / 'yhteisaani.sqlite3'}"
            results[database] = measure_database(database, url, redis, scratch, args)
            # The next database has the same ids: nothing cached for this one may answer for it.
            Redis.from_url(redis.url).flushall()
    finally:
        redis.stop()
        cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    print_pages(results)
    sizes = [int(s) for s in args.report_sizes.split(",") if s.strip()]
    if sizes:
        # In a process of their own, as an RQ work horse builds a report: not in this one, which by now holds
        # both databases' prepared and profiled apps (inside it, the quiet run of 6 December 14:08 built the same
        # reports 15-30 % slower than reports_bench.py alone minutes later; see bench/README.md).
        print("\nsurvey reports (bench/reports_bench.py, a process of its own)", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "reports_bench.py"), "--sizes",
                        ",".join(str(size) for size in sizes), "--writer-rows", str(args.writer_rows)], check=True)


if __name__ == "__main__":
    main()
