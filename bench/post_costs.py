"""What one public POST costs in-process: the draft save, the event registration and the award nomination.

    .venv/bin/python bench/post_costs.py [--databases sqlite,postgresql] [--repeat 40] [--profile [--sort calls]]

Prepares survey_bench's data (demo councils, a järjestökysely with invitations), an event of Rääkkylä with
room for every registration and the demo award rounds (lappi's is open), then sends each POST `--repeat`
times through the test client of the production app (RATELIMIT_ENABLED=false, as the wrk benches serve it;
`--rate-limit` turns the limits on with budgets no run uses up, to see what the counting in Redis costs),
one client, warm caches. Prints per POST the milliseconds it took, split into SQL (cursor events), templates
(the outermost render_template; e-mails are composed through the Jinja environment and count in the rest)
and the rest (Flask, WTForms, sessions, the view's and the domain's Python), the statements per POST and
the Python function calls per POST (counted with cProfile over five more POSTs: a figure the machine's load
does not move) and, on PostgreSQL, the CPU the cluster's processes used per POST (server CPU ms).
`--profile` adds a cProfile (CPU time) of each POST.
This is the figure to compare before and after a change: it does not move with the machine's load as
much as the req/s of the gunicorn benches do.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import pstats
import re
import shutil
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import survey_bench  # noqa: E402  (after the path: the bench runs as a script)

EVENT_PATH = "/raakkyla/events/post-costs/"
AWARD_PATH = "/lappi/award/"
NOMINATION = {
    "nominee_kind": "person", "nominee_name": "Aino Esimerkki", "municipality_code": "698",
    "deed": "Piti kylän kirjastoa auki vapaaehtoisvoimin koko talven ja järjesti lapsille satutunteja.",
    "reason": "Ilman häntä kylässä ei olisi kirjastoa eikä paikkaa, jossa lapset kokoontuvat.",
    "nominator_name": "Eero Ehdottaja", "nominator_email": "eero.ehdottaja@example.fi",
    "nominator_phone": "040 123 4567", "may_contact_nominee": "y", "website": "", "action": "send",
}
CALL_COUNT_POSTS = 5
_HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|form_started)"[^>]*value="([^"]*)"')


def prepare(url: str, redis_url: str, instance: str) -> dict:
    """survey_bench's data, then add_post_targets."""
    info = survey_bench.prepare_data(url, redis_url, instance)
    add_post_targets(url, redis_url, instance)
    return info


def add_post_targets(url: str, redis_url: str, instance: str) -> None:
    """What the event and award POSTs need beside survey_bench's data: an event of Rääkkylä with room for
    every registration, open now, and the demo award rounds (lappi's takes nominations; added once)."""
    from app import create_app
    from app.demo.awards import load_demo_awards
    from app.extensions import db
    from app.models import Council, Event, EventStatus
    from app.models.base import utcnow

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, REDIS_URL=redis_url, INSTANCE_DIR=instance,
                     SECRET_KEY=survey_bench.SECRET_KEY)
    with app.app_context():
        by_slug = {council.slug: council for council in db.session.scalars(db.select(Council))}
        load_demo_awards(by_slug)
        now = utcnow()
        db.session.add(Event(council=by_slug["raakkyla"], slug="post-costs", status=EventStatus.PUBLISHED,
                             title_fi="Järjestöfoorumi", description_fi="Tervetuloa.", place="Kunnantalo",
                             starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=30, hours=3),
                             opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=29),
                             capacity_onsite=100_000, capacity_remote=0))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _hidden(page: str) -> dict:
    return dict(_HIDDEN.findall(page))


def server_cpu_seconds(postmaster: int) -> float:
    """CPU seconds used so far by a PostgreSQL cluster's processes (the postmaster and its children)."""
    return survey_bench.cpu_seconds([postmaster, *survey_bench.children(postmaster)])


def post_costs(url: str, redis_url: str, instance: str, info: dict, repeat: int = 40,
               profile: bool = False, sort: str = "cumulative", only: str = "", rate_limit: bool = False,
               postmaster: int | None = None, callers: str = "", callees: str = "") -> dict:
    """In-process per POST: ms, SQL ms, template ms, the rest, statements; optionally a pyinstrument text.
    With `postmaster` (a PostgreSQL cluster's process id) also the CPU its processes used per POST."""
    from flask import before_render_template, template_rendered
    from sqlalchemy import event

    from app import create_app
    from app.extensions import db

    # The rate limits on (each POST counts in Redis) with budgets no run uses up, or off as the wrk benches run.
    limits = ({"RATELIMIT_PUBLIC_FORMS": "1000000 per hour", "RATELIMIT_INVITATION_ANSWERS": "1000000 per hour"}
              if rate_limit else {"RATELIMIT_ENABLED": False})
    app = create_app("production", SQLALCHEMY_DATABASE_URI=url, REDIS_URL=redis_url, INSTANCE_DIR=instance,
                     SECRET_KEY=survey_bench.SECRET_KEY, **limits)
    clock = {"sql": 0.0, "template": 0.0, "statements": 0, "depth": 0, "last": []}

    def sql_start(conn, *_):
        conn.info["bench_started"] = time.perf_counter()

    def sql_end(conn, _cursor, statement, *_):
        clock["sql"] += time.perf_counter() - conn.info.pop("bench_started", time.perf_counter())
        clock["statements"] += 1
        clock["last"].append(" ".join(statement.split())[:140])

    def template_start(*_args, **_kwargs):
        if clock["depth"] == 0:
            clock["template_started"] = time.perf_counter()
        clock["depth"] += 1

    def template_end(*_args, **_kwargs):
        clock["depth"] -= 1
        if clock["depth"] == 0:
            clock["template"] += time.perf_counter() - clock["template_started"]

    # The production session cookie is Secure: the test client sends it over https only, and CSRF over
    # https wants a Referer of the same host.
    client = app.test_client()
    base = "https://localhost"
    headers = {"Accept-Language": "fi", "Referer": base + "/"}

    survey_path = f"/s/{info['tokens'][survey_bench.POST_OFFSET + 60]}/page/{survey_bench.FIRST_PAGE}"
    survey_page = client.get(base + survey_path, headers=headers).get_data(as_text=True)
    survey_csrf = survey_bench._CSRF.search(survey_page)
    survey_csrf = survey_csrf.group(1) or survey_csrf.group(2)
    event_hidden = _hidden(client.get(base + EVENT_PATH, headers=headers).get_data(as_text=True))
    award_hidden = _hidden(client.get(base + AWARD_PATH, headers=headers).get_data(as_text=True))
    time.sleep(app.config["PUBLIC_FORM_MIN_FILL_SECONDS"] + 0.3)  # the forms' stamps must be old enough

    def survey_post(number: int):
        return client.post(base + survey_path, headers=headers, data={
            **survey_bench.BASICS, "q_members": str(100 + number), "csrf_token": survey_csrf, "action": "next"})

    def event_post(number: int):
        return client.post(base + EVENT_PATH, headers=headers, data={
            **event_hidden, "step": "register", "name": "Bench Person", "mode": "onsite", "consent": "y",
            "email": f"post-costs-{number}-{time.monotonic_ns()}@example.fi"})

    def award_post(_number: int):
        return client.post(base + AWARD_PATH, headers=headers, data={**award_hidden, **NOMINATION})

    posts = [("survey draft save", survey_post), ("event registration", event_post),
             ("award nomination", award_post)]
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", sql_start)
    event.listen(engine, "after_cursor_execute", sql_end)
    before_render_template.connect(template_start, app)
    template_rendered.connect(template_end, app)
    figures = {}
    try:
        for name, post in posts:
            if only and only not in name:
                continue
            for number in range(3):
                response = post(number)
                if response.status_code != 302:
                    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
                    raise RuntimeError(f"{name} answered {response.status_code}: {' '.join(text.split())[-400:]}")
            clock["last"] = []
            post(9)
            one_post = list(clock["last"])
            clock.update(sql=0.0, template=0.0, statements=0)
            server_started = server_cpu_seconds(postmaster) if postmaster else 0.0
            started, cpu_started = time.perf_counter(), time.process_time()
            for number in range(repeat):
                post(10 + number)
            total = (time.perf_counter() - started) / repeat
            cpu = (time.process_time() - cpu_started) / repeat
            server_cpu = (server_cpu_seconds(postmaster) - server_started) / repeat if postmaster else None
            sql, template = clock["sql"] / repeat, clock["template"] / repeat
            figures[name] = {"queries": clock["statements"] / repeat, "ms": total * 1000, "cpu_ms": cpu * 1000,
                             "server_cpu_ms": None if server_cpu is None else server_cpu * 1000,
                             "sql_ms": sql * 1000,
                             "template_ms": template * 1000,
                             "rest_ms": max(0.0, total - sql - template) * 1000, "statements": one_post}
            # Python function calls per POST: unlike CPU ms, a count the neighbours' load does not move.
            counter = cProfile.Profile()
            counter.enable()
            for number in range(CALL_COUNT_POSTS):
                post(500 + number)
            counter.disable()
            figures[name]["calls"] = pstats.Stats(counter).total_calls / CALL_COUNT_POSTS
            if profile:
                # CPU time, not wall time: on a shared machine the waits say more about the neighbours. Or, with
                # --sort calls, a counter ticking at every call and return, so that each function's "cumtime" is
                # the Python calls made under it per POST (a figure the load does not move).
                profiler = (cProfile.Profile(itertools.count().__next__, 0.5 / repeat) if sort == "calls"
                            else cProfile.Profile(time.process_time))
                profiler.enable()
                for number in range(repeat):
                    post(1000 + number)
                profiler.disable()
                stream = io.StringIO()
                stats = pstats.Stats(profiler, stream=stream)
                stats.total_tt /= repeat
                if sort == "calls":
                    stats.sort_stats("cumulative").print_stats(200)
                    if callees:
                        stats.print_callees(callees)
                elif sort in ("tottime", "all"):
                    stats.sort_stats("tottime" if sort == "tottime" else "cumulative").print_stats(60)
                else:
                    stats.sort_stats("cumulative").print_stats(
                        r"/(app|forms|surveys)/|icalendar|jinja2/environment|sqlalchemy/orm/(session|scoping)|"
                        r"wtforms/form", 45)
                if callers:
                    stats.sort_stats("tottime").print_callers(callers, 30)
                figures[name]["profile"] = stream.getvalue()
    finally:
        event.remove(engine, "before_cursor_execute", sql_start)
        event.remove(engine, "after_cursor_execute", sql_end)
        before_render_template.disconnect(template_start, app)
        template_rendered.disconnect(template_end, app)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return figures


def print_costs(database: str, figures: dict, statements: bool = False) -> None:
    print(f"\n[{database}] in-process, one client, per POST")
    print(f"{'POST':24} {'ms':>7} {'CPU ms':>7} {'SQL ms':>7} {'tmpl ms':>8} {'rest ms':>8} {'queries':>8} {'calls':>7}"
          f" {'server CPU ms':>13}")
    for name, row in figures.items():
        server = "" if row.get("server_cpu_ms") is None else f"{row['server_cpu_ms']:13.2f}"
        print(f"{name:24} {row['ms']:7.2f} {row['cpu_ms']:7.2f} {row['sql_ms']:7.2f} {row['template_ms']:8.2f} {row['rest_ms']:8.2f} "
              f"{row['queries']:8.1f} {row['calls']:7.0f} {server}")
    if statements:
        for name, row in figures.items():
            print(f"\n--- the statements of one {name} ({database}) ---")
            print("\n".join(row["statements"]))
    for name, row in figures.items():
        if "profile" in row:
            print(f"\n--- {name} ({database}) ---\n{row['profile']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--profile", action="store_true", help="a cProfile (CPU time) of each POST")
    parser.add_argument("--statements", action="store_true", help="the SQL statements of one POST of each")
    parser.add_argument("--rate-limit", action="store_true",
                        help="with the rate limits on (budgets no run uses up), to see what counting costs")
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime", "all", "calls"),
                        help="the profile's order: cumulative (the app's functions), tottime, all (cumulative, every "
                             "function), calls (every function by the Python calls under it per POST)")
    parser.add_argument("--callers", default="",
                        help="with --profile, also who calls the functions whose name matches this (a regex)")
    parser.add_argument("--callees", default="",
                        help="with --sort calls: also the functions called by those matching this pattern, with the "
                             "calls under each")
    parser.add_argument("--only", default="", help="only the POSTs whose name contains this (survey, event, award)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")

    from tests.fixtures.services import PgserverCluster, PostgresCluster, RedisServer, _server_binaries

    scratch = Path(tempfile.mkdtemp(prefix="post-costs-"))
    redis = RedisServer(scratch)
    cluster = None
    try:
        redis.start()
        for database in args.databases.split(","):
            if database == "postgresql":
                binaries = _server_binaries()
                cluster = PostgresCluster(binaries) if binaries else PgserverCluster()
                cluster.start()
                url = cluster.url()
            else:
                url = f"sqlite:///{scratch / 'post-costs.db'}"
            instance = str(scratch / f"instance-{database}")
            info = prepare(url, redis.url, instance)
            # The PostgreSQL server's own CPU per POST (its processes share the machine's cores with the app's).
            postmaster = (int((cluster.data / "postmaster.pid").read_text().split()[0])
                          if database == "postgresql" and hasattr(cluster, "data") else None)
            print_costs(database, post_costs(url, redis.url, instance, info, args.repeat, args.profile,
                                             args.sort, args.only, args.rate_limit, postmaster,
                                             callers=args.callers, callees=args.callees), args.statements)
    finally:
        redis.stop()
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
