"""Proposals benchmark (not a test): the public proposals list and the Atom feed with 1,000 proposals, beside
hello-world, each under gunicorn -w 2 and measured with wrk.

    .venv/bin/python bench/proposals_bench.py [--rounds 3] [--duration 10] [--connections 10] [--threads 2] [--proposals 1000]

Starts a throwaway PostgreSQL cluster and Redis (tests/fixtures/services.py), applies the migrations, loads
the demo councils and adds N publishable proposals (with their history) to Rääkkylä, serves `wsgi:app`
(production config, RATELIMIT_ENABLED=false) and `bench.hello_app:app` with the gunicorn of
bench/survey_bench.py, and runs `wrk --latency` against hello-world, /raakkyla/proposals/ and
/raakkyla/proposals/feed.atom. Prints requests per second, p99 and the ratio to hello-world (target ≥ 25 %).
Everything is stopped and deleted at the end. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_all import wrk  # noqa: E402
from bench.survey_bench import _wait_http, start_gunicorn, stop_process  # noqa: E402

SECRET_KEY = "proposals-bench-" + "x" * 48
TARGET_RATIO = 0.25


def prepare_data(url: str, redis_url: str, instance: str, count: int) -> None:
    """Migrate, load the demo councils and add `count` publishable proposals with their history."""
    from app import create_app
    from app.demo.loader import load_demo_data
    from app.extensions import db
    from app.models import Council, Proposal, ProposalEvent, ProposalStatus
    from app.models.base import utcnow
    from tests.fixtures.app import migrate_schema

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, REDIS_URL=redis_url, INSTANCE_DIR=instance,
                     SECRET_KEY=SECRET_KEY)
    migrate_schema(app)
    statuses = [ProposalStatus.RECEIVED, ProposalStatus.IN_PREPARATION, ProposalStatus.HANDLED,
                ProposalStatus.NOT_TAKEN_UP]
    with app.app_context():
        load_demo_data(with_surveys=False)
        council = db.session.scalar(db.select(Council).where(Council.slug == "raakkyla"))
        now = utcnow()
        for number in range(count):
            status = statuses[number % len(statuses)]
            received = now - timedelta(hours=6 * (count - number))
            proposal = Proposal(council_id=council.id, title=f"Aloite {number}: kokoustiloja yhdistyksille",
                                description="Kunnan tilat yhdistysten käyttöön iltaisin. " * 8,
                                proposer_name="Aino Esimerkki", proposer_email=f"aloite{number}@example.fi",
                                is_publishable=True, status=status, received_at=received,
                                decision="Hyväksyttiin." if status is ProposalStatus.HANDLED else "",
                                reason="Ei neuvoston asia." if status is ProposalStatus.NOT_TAKEN_UP else "",
                                handled_at=received + timedelta(days=20) if status in (
                                    ProposalStatus.HANDLED, ProposalStatus.NOT_TAKEN_UP) else None)
            proposal.events = [ProposalEvent(status=ProposalStatus.RECEIVED, created_at=received)]
            if status is not ProposalStatus.RECEIVED:
                proposal.events.append(ProposalEvent(status=status, created_at=received + timedelta(days=20)))
            db.session.add(proposal)
        db.session.commit()
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="every scenario interleaved, N times")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=10, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--proposals", type=int, default=1000, help="publishable proposals in the list")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (apt-get install wrk)")
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from tests.fixtures.services import PgserverCluster, PostgresCluster, RedisServer, _server_binaries, free_port

    scratch = Path(tempfile.mkdtemp(prefix="proposals-bench-"))
    binaries = _server_binaries()
    cluster = PostgresCluster(binaries) if binaries else PgserverCluster()
    redis = RedisServer(scratch)
    servers: dict[str, subprocess.Popen] = {}
    try:
        cluster.start()
        redis.start()
        url, instance = cluster.url(), str(scratch / "instance")
        print(f"preparing: migrations, demo councils, {args.proposals} proposals ...", flush=True)
        prepare_data(url, redis.url, instance, args.proposals)
        env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": SECRET_KEY, "DATABASE_URL": url,
               "REDIS_URL": redis.url, "INSTANCE_PATH": instance, "PYTHONDONTWRITEBYTECODE": "1",
               "RATELIMIT_ENABLED": "false"}
        ports = {"app": free_port(), "hello": free_port()}
        servers["app"] = start_gunicorn("wsgi:app", ports["app"], env, scratch / "app.log", [])
        servers["hello"] = start_gunicorn("bench.hello_app:app", ports["hello"], env, scratch / "hello.log", [])
        _wait_http(ports["app"], "/healthz")
        _wait_http(ports["hello"], "/")
        scenarios = [("hello-world GET /", "hello", "/"),
                     ("proposals list GET /raakkyla/proposals/", "app", "/raakkyla/proposals/"),
                     ("Atom feed GET /raakkyla/proposals/feed.atom", "app", "/raakkyla/proposals/feed.atom")]
        rounds = []
        for number in range(1, args.rounds + 1):
            print(f"round {number}/{args.rounds} ...", flush=True)
            rounds.append([wrk(ports[server], path, args.duration, args.connections, args.threads)
                           for _title, server, path in scenarios])
        print()
        print(f"gunicorn -w 2 (sync), PostgreSQL, {args.proposals} proposals; wrk -t{args.threads} "
              f"-c{args.connections} -d{args.duration:g}s, {args.rounds} interleaved rounds (the median round "
              f"by req/s, then every round's ratio); CPUs: {os.cpu_count()}")
        print(f"{'scenario':48} {'req/s':>9} {'p99 ms':>8} {'of hello':>9} {'failed':>8}  rounds (of hello)")
        for index, (title, _server, _path) in enumerate(scenarios):
            ratios = [each[index]["rps"] / each[0]["rps"] if each[0]["rps"] else float("nan") for each in rounds]
            order = sorted(range(len(rounds)), key=lambda n: rounds[n][index]["rps"])
            median = order[len(order) // 2]
            result, ratio = rounds[median][index], ratios[median]
            mark = "" if index == 0 else ("  met" if ratio >= TARGET_RATIO else "  NOT MET")
            spread = " / ".join(f"{each[index]['rps']:.0f} ({r:.0%})" for each, r in zip(rounds, ratios))
            print(f"{title:48} {result['rps']:9.1f} {result['p99_ms']:8.1f} {ratio:9.0%} {result['failed']:8}"
                  f"{mark:9}  {spread}")
    finally:
        for process in servers.values():
            stop_process(process)
        redis.stop()
        cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
