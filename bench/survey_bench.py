"""Answering benchmark (not a test): a järjestökysely page under gunicorn + PostgreSQL beside hello-world.

    .venv/bin/python bench/survey_bench.py [--duration 10] [--warmup 2] [--clients 10] [--profile]

Starts a throwaway PostgreSQL cluster and Redis (the classes of tests/fixtures/services.py), applies
the migrations, loads the demo data, publishes a järjestökysely with 200 invitations, and serves
`wsgi:app` (the production app, RATELIMIT_ENABLED=false) and `bench.hello_app:app` each with
`gunicorn -w 2` (plus any --gunicorn flags) on loopback. A separate load process with N threads (http.client) then measures, per
scenario, requests per second and p50/p99 latency for: hello-world GET, the survey's first page GET,
and a POST of that page filled in (a draft save that must answer 302 to the next page). It also
prints the first-visit page weight (HTML + linked CSS/JS/fonts/images, bytes on the wire, requests),
the RSS of the gunicorn workers, where the CPU went, and SQL queries per request measured in-process.
Everything is stopped and deleted at the end. See bench/README.md.
"""

from __future__ import annotations

import argparse
import ctypes
import gzip
import html.parser
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET_KEY = "survey-bench-" + "x" * 48
INVITATIONS = 200
POST_OFFSET = 100          # POSTing client i uses invitation POST_OFFSET + i (GET clients use 0..N-1)
WEIGHT_TOKEN = INVITATIONS - 1
FIRST_PAGE, NEXT_PAGE = "basics", "activities"
#: valid answers for the first page (tests/fixtures/surveys.py PAGES["basics"])
BASICS = {"q_association_name": "Rääkkylän kyläyhdistys ry", "q_home_municipality": "707",
          "q_sector": "village", "q_members": "120", "q_paid_staff": "1.5"}
TARGETS = {"get_ratio": 0.25, "post_ratio": 0.12, "p99_ms": 100.0, "weight_kb": 60, "weight_requests": 4}
_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


# --- the load generator (runs in its own process: `survey_bench.py _load < spec.json`) ---------

def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def _keep_cookies(jar: dict[str, str], response: http.client.HTTPResponse) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, value = header.split(";", 1)[0].partition("=")
        jar[name.strip()] = value.strip()


def _client(index: int, spec: dict, start: float, results: list, errors: list) -> None:
    """One client: a kept-open http.client connection (it reconnects when the server closes it)."""
    kind, port = spec["kind"], spec["port"]
    warm_end, end = start + spec["warmup"], start + spec["warmup"] + spec["duration"]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    jar: dict[str, str] = {}
    latencies: list[float] = []
    headers = {"Accept-Language": "fi", "User-Agent": "survey-bench"}

    def call(method: str, path: str, body: str | None = None) -> tuple[int, dict, bytes]:
        sent = dict(headers)
        if jar:
            sent["Cookie"] = _cookie_header(jar)
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            return 0, {"error": repr(error)}, b""
        _keep_cookies(jar, response)
        return response.status, dict(response.getheaders()), data

    if kind == "hello":
        path, method, body = "/", "GET", None
        ok = lambda status, h: status == 200  # noqa: E731
    else:
        token = spec["tokens"][index + (POST_OFFSET if kind == "post" else 0)]
        path = f"/s/{token}/page/{FIRST_PAGE}"
        method, body = "GET", None
        ok = lambda status, h: status == 200  # noqa: E731
        if kind == "post":
            status, _, page = call("GET", path)      # the CSRF token and the session cookie, as a browser
            found = _CSRF.search(page.decode("utf-8", "replace"))
            if status != 200 or not found:
                errors.append(f"client {index}: first GET {status}, csrf token {'found' if found else 'missing'}")
                results.append(latencies)
                return
            csrf = found.group(1) or found.group(2)
            method = "POST"
            expected = f"/s/{token}/page/{NEXT_PAGE}"
            ok = lambda status, h: status == 302 and (h.get("Location") or "").endswith(expected)  # noqa: E731
    number = 0
    while True:
        now = time.perf_counter()
        if now >= end:
            break
        if kind == "post":
            number += 1    # a different member count every time: each save really changes the draft
            body = urlencode({**BASICS, "q_members": str(100 + number % 500), "csrf_token": csrf,
                              "action": "next"})
        began = time.perf_counter()
        status, got, data = call(method, path, body)
        finished = time.perf_counter()
        if began >= warm_end and finished <= end:
            if ok(status, got):
                latencies.append(finished - began)
            else:
                errors.append(f"{status} {got.get('Location') or got.get('error') or data[:120]!r}")
    connection.close()
    results.append(latencies)


def run_load(spec: dict) -> dict:
    """N client threads for warmup + duration seconds; latencies of requests inside the window."""
    import resource

    results: list[list[float]] = []
    errors: list[str] = []
    start = time.perf_counter() + 0.2
    threads = [threading.Thread(target=_client, args=(i, spec, start, results, errors), daemon=True)
               for i in range(spec["clients"])]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, start + spec["warmup"] - time.perf_counter()))
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    time.sleep(spec["duration"])
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    for thread in threads:
        thread.join(timeout=30)
    latencies = sorted(x for client in results for x in client)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)

    def pct(p: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, max(0, int(round(p / 100 * len(latencies) + 0.5)) - 1))] * 1000

    return {"ok": len(latencies), "errors": len(errors), "error_samples": errors[:5],
            "rps": len(latencies) / spec["duration"], "p50_ms": pct(50), "p99_ms": pct(99),
            "max_ms": latencies[-1] * 1000 if latencies else float("nan"),
            "client_cpu": cpu / spec["duration"], "clients_finished": len(results)}


# --- servers ------------------------------------------------------------------------------------

def _die_with_parent() -> None:
    """preexec_fn: the server gets SIGTERM if this benchmark dies without cleaning up."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _wait_http(port: int, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not answer {path} within {timeout} s")


def start_gunicorn(target: str, port: int, env: dict, log: Path, extra: list[str]) -> subprocess.Popen:
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", *extra,
               "--pythonpath", str(ROOT), "--log-level", "warning", "--error-logfile", str(log), target]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=_die_with_parent)


def stop_process(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def busy_seconds() -> float:
    """CPU seconds spent by everything on the machine (all CPUs, not idle or iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])     # utime, stime
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


# --- data ---------------------------------------------------------------------------------------

def prepare_data(url: str, redis_url: str, instance: str) -> dict:
    """Migrate, load the demo data, publish a järjestökysely with INVITATIONS invitations."""
    from app import create_app
    from app.demo.loader import load_demo_data
    from app.extensions import db
    from app.models import AccessMode, Council, Invitation, Survey, SurveyVersion
    from app.models.base import utcnow
    from app.surveys.tokens import issue_invitation_token
    from surveys import canonical_json, content_hash, load_file
    from tests.fixtures.app import migrate_schema

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, REDIS_URL=redis_url, INSTANCE_DIR=instance,
                     SECRET_KEY=SECRET_KEY)
    migrate_schema(app)
    library = ROOT / "surveys" / "library" / "jarjestokysely.yaml"
    with app.app_context():
        load_demo_data()
        db.session.commit()
        definition = load_file(library)
        council = db.session.scalar(db.select(Council).where(Council.slug == "raakkyla"))
        now = utcnow()
        survey = Survey(council=council, slug="jarjestokysely-bench", title="Järjestökysely",
                        access_mode=AccessMode.BOTH, allows_editing_after_submit=True,
                        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
        survey.versions.append(SurveyVersion(number=1, definition_json=canonical_json(definition),
                                             content_hash=content_hash(definition), source_name=library.name))
        tokens = []
        for number in range(INVITATIONS):
            invitation = Invitation(survey=survey, email=f"yhdistys{number}@example.fi", language="fi",
                                    municipality_code="707", sector="village", token_hash="", token_nonce="")
            tokens.append(issue_invitation_token(invitation))
            db.session.add(invitation)
        db.session.add(survey)
        db.session.commit()
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        info = {"tokens": tokens, "survey_id": survey.id, "council": council.slug, "slug": survey.slug,
                "definition_json_kb": len(canonical_json(definition)) / 1024}
        db.session.remove()
        db.engine.dispose()
    return info


# --- page weight --------------------------------------------------------------------------------

class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = set((a.get("rel") or "").split())
        if tag == "link" and a.get("href") and rel & {
                "stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon", "manifest"}:
            self.found.append(("icon" if rel == {"icon"} else "link", a["href"]))
        elif tag in ("script", "img", "source", "iframe") and a.get("src"):
            self.found.append((tag, a["src"]))


def _raw_get(port: int, path: str, cookie: str | None) -> tuple[int, bytes, dict, bytes]:
    """One request on its own socket: (wire bytes, headers as read, headers dict, decoded body)."""
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: survey-bench\r\n"
               "Accept: */*\r\nAccept-Language: fi\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n"
               + (f"Cookie: {cookie}\r\n" if cookie else "") + "Connection: close\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode("latin-1"))
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    wire = b"".join(chunks)
    head, _, body = wire.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), value.strip())
    if headers.get("transfer-encoding", "").lower() == "chunked":
        decoded, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                break
            decoded, rest = decoded + rest[:size], rest[size + 2:]
        body = decoded
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return len(wire), head, headers, body


def page_weight(port: int, token: str) -> dict:
    """A first visit to the survey's first page: the HTML and every resource it and its CSS link to."""
    first = f"/s/{token}/page/{FIRST_PAGE}"
    rows = []
    wire, _, headers, body = _raw_get(port, first, None)
    cookie = "; ".join(c.split(";", 1)[0] for c in [headers.get("set-cookie", "")] if c)
    rows.append({"what": "html", "path": first, "wire": wire, "body": len(body),
                 "encoding": headers.get("content-encoding", "identity"), "gzip": len(gzip.compress(body, 6)),
                 "cache": headers.get("cache-control", "")})
    parser = _Links()
    parser.feed(body.decode("utf-8", "replace"))
    queue = [(kind, urljoin(first, href)) for kind, href in parser.found]
    seen = {first}
    while queue:
        kind, target = queue.pop(0)
        parts = urlsplit(target)
        if parts.netloc and parts.netloc != f"127.0.0.1:{port}" or target.startswith("data:"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in seen:
            continue
        seen.add(path)
        wire, _, headers, body = _raw_get(port, path, cookie)
        kind = {"link": "css" if path.split("?")[0].endswith(".css") else "link", "script": "js"}.get(kind, kind)
        if kind == "icon" and any(row["what"] == "icon" for row in rows):
            # The page's icons are alternatives (SVG, and ICO for browsers without SVG icons): a browser loads
            # one of them, counted here as the heavier.
            earlier = next(row for row in rows if row["what"] == "icon")
            if wire <= earlier["wire"]:
                continue
            rows.remove(earlier)
        if re.search(r"\.(woff2?|ttf|otf|eot)$", parts.path):
            kind = "font"
        rows.append({"what": kind, "path": path, "wire": wire, "body": len(body),
                     "encoding": headers.get("content-encoding", "identity"),
                     "gzip": len(gzip.compress(body, 6)), "cache": headers.get("cache-control", "")})
        if path.split("?")[0].endswith(".css"):
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", body.decode("utf-8", "replace")):
                queue.append(("font" if re.search(r"\.(woff2?|ttf|otf)", ref) else "img", urljoin(path, ref)))
            for ref in re.findall(r"@import\s+['\"]([^'\"]+)['\"]", body.decode("utf-8", "replace")):
                queue.append(("link", urljoin(path, ref)))
    return {"rows": rows, "wire": sum(r["wire"] for r in rows), "requests": len(rows),
            "gzip_body": sum(r["gzip"] for r in rows), "body": sum(r["body"] for r in rows)}


# --- in-process diagnosis: SQL per request --------------------------------------------------------

def diagnose(url: str, redis_url: str, instance: str, tokens: list[str], profile: bool) -> dict:
    """SQL statements and SQL time per GET and per POST, through the test client (single-threaded)."""
    from sqlalchemy import event

    from app import create_app
    from app.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, REDIS_URL=redis_url, INSTANCE_DIR=instance,
                     SECRET_KEY=SECRET_KEY, RATELIMIT_ENABLED=False)
    app.config["BABEL_DEFAULT_LOCALE"] = "fi"
    state = {"n": 0, "t": 0.0, "statements": []}
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, params, context, many):
        context._bench_started = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn, cursor, statement, params, context, many):
        state["n"] += 1
        state["t"] += time.perf_counter() - context._bench_started
        state["statements"].append(" ".join(statement.split())[:110])

    client = app.test_client()
    out = {}
    get_path = f"/s/{tokens[0]}/page/{FIRST_PAGE}"
    post_token = tokens[POST_OFFSET + 50]
    post_path = f"/s/{post_token}/page/{FIRST_PAGE}"
    csrf_page = client.get(post_path, headers={"Accept-Language": "fi"}).get_data(as_text=True)
    found = _CSRF.search(csrf_page)
    csrf = found.group(1) or found.group(2)
    client.post(post_path, data={**BASICS, "csrf_token": csrf, "action": "next"})   # the draft exists

    def one(kind: str, number: int):
        if kind == "get":
            response = client.get(get_path, headers={"Accept-Language": "fi"})
            assert response.status_code == 200, response.status_code
        else:
            response = client.post(post_path, data={**BASICS, "q_members": str(200 + number), "csrf_token": csrf,
                                                    "action": "next"})
            assert response.status_code == 302, response.status_code

    rounds = 40
    for kind in ("get", "post"):
        one(kind, 0)
        state.update(n=0, t=0.0, statements=[])
        started = time.perf_counter()
        for number in range(rounds):
            one(kind, number + 1)
        took = time.perf_counter() - started
        out[kind] = {"queries": state["n"] / rounds, "sql_ms": state["t"] / rounds * 1000,
                     "total_ms": took / rounds * 1000,
                     "statements": state["statements"][: int(state["n"] / rounds)]}
        if profile:
            import cProfile
            import io
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for number in range(rounds):
                one(kind, 1000 + number)
            profiler.disable()
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(30)
            out[kind]["profile"] = stream.getvalue()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return out


# --- main ---------------------------------------------------------------------------------------

def load(port: int, kind: str, args, tokens: list[str]) -> dict:
    spec = {"port": port, "kind": kind, "clients": args.clients, "warmup": args.warmup,
            "duration": args.duration, "tokens": tokens}
    process = subprocess.Popen([sys.executable, __file__, "_load"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True, preexec_fn=_die_with_parent)
    out, _ = process.communicate(json.dumps(spec), timeout=args.warmup + args.duration + 120)
    result = json.loads(out.strip().splitlines()[-1])
    result["load_pid"] = process.pid
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per scenario")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds before each scenario")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients (threads)")
    parser.add_argument("--rounds", type=int, default=3, help="repeat hello/GET/POST interleaved; median round and the spread")
    parser.add_argument("--profile", action="store_true", help="also print cProfile of GET and POST in-process")
    parser.add_argument("--gunicorn", default="", metavar="FLAGS",
                        help='more gunicorn flags for both servers, e.g. "-k gthread --threads 4"')
    args = parser.parse_args()
    if args.clients > POST_OFFSET or POST_OFFSET + args.clients > INVITATIONS - 1:
        parser.error(f"at most {POST_OFFSET} clients")
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from tests.fixtures.services import PgserverCluster, PostgresCluster, RedisServer, _server_binaries, free_port

    scratch = Path(tempfile.mkdtemp(prefix="survey-bench-"))
    binaries = _server_binaries()
    cluster = PostgresCluster(binaries) if binaries else PgserverCluster()
    redis = RedisServer(scratch)
    servers: dict[str, subprocess.Popen] = {}
    try:
        cluster.start()
        redis.start()
        url = cluster.url()
        instance = str(scratch / "instance")
        print("preparing: migrations, demo data, a järjestökysely with "
              f"{INVITATIONS} invitations ...", flush=True)
        info = prepare_data(url, redis.url, instance)
        tokens = info["tokens"]
        env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": SECRET_KEY, "DATABASE_URL": url,
               "REDIS_URL": redis.url, "INSTANCE_PATH": instance, "PYTHONDONTWRITEBYTECODE": "1",
               # the public forms' 30 POSTs per hour per address would answer 429 to a load test
               "RATELIMIT_ENABLED": "false"}
        ports = {"app": free_port(), "hello": free_port()}
        extra = args.gunicorn.split()
        servers["app"] = start_gunicorn("wsgi:app", ports["app"], env, scratch / "app.log", extra)
        servers["hello"] = start_gunicorn("bench.hello_app:app", ports["hello"], env, scratch / "hello.log", extra)
        _wait_http(ports["app"], "/healthz")
        _wait_http(ports["hello"], "/")

        postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0]) if hasattr(cluster, "data") else 0
        scenarios = [("hello-world GET", "hello", "hello"), ("survey page GET", "app", "get"),
                     ("survey page POST (draft save)", "app", "post")]
        rounds: dict[str, list[dict]] = {kind: [] for _, _, kind in scenarios}
        for title, server, kind in scenarios * args.rounds:
            workers = children(servers[server].pid)
            groups = {"gunicorn workers": workers, "postgres": [postmaster, *children(postmaster)] if postmaster else [],
                      "redis": [redis.process.pid]}
            before = {name: cpu_seconds(pids) for name, pids in groups.items()}
            busy_before = busy_seconds()
            started = time.monotonic()
            print(f"running {title}: {args.clients} clients, {args.warmup:g} s warm-up + {args.duration:g} s ...",
                  flush=True)
            result = load(ports[server], kind, args, tokens)
            wall = time.monotonic() - started
            groups["postgres"] = [postmaster, *children(postmaster)] if postmaster else []
            result["cpu"] = {name: (cpu_seconds(pids) - before.get(name, 0)) / wall for name, pids in groups.items()}
            # the load process is gone by now: its share comes from its own rusage (measured window only)
            result["cpu"]["other"] = max(0.0, (busy_seconds() - busy_before) / wall - sum(result["cpu"].values())
                                         - result["client_cpu"])
            rounds[kind].append(result)
        results = {}
        for kind, runs in rounds.items():
            ordered = sorted(runs, key=lambda r: r["rps"])
            results[kind] = {**ordered[(len(ordered) - 1) // 2], "round_rps": [r["rps"] for r in runs]}

        memory = {}
        for name, process in servers.items():
            workers = children(process.pid)
            memory[name] = {"master": status_kb(process.pid, "VmRSS"),
                            "workers": [(status_kb(p, "VmRSS"), status_kb(p, "VmHWM")) for p in workers]}
        weight = page_weight(ports["app"], tokens[WEIGHT_TOKEN])
        for process in servers.values():
            stop_process(process)
        diagnosis = diagnose(url, redis.url, instance, tokens, args.profile)
        report(args, results, weight, memory, diagnosis, info)
    finally:
        for process in servers.values():
            stop_process(process)
        redis.stop()
        cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def _mark(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def report(args, results: dict, weight: dict, memory: dict, diagnosis: dict, info: dict) -> None:
    hello = results["hello"]["rps"]
    print()
    print(f"gunicorn -w 2 {args.gunicorn or '(sync workers)'} on 127.0.0.1, PostgreSQL; {args.clients} concurrent clients, "
          f"{args.duration:g} s measured after {args.warmup:g} s warm-up; CPUs: {os.cpu_count()}")
    print()
    header = (f"{'scenario':<30} {'req/s':>8} {'vs hello':>8} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} "
              f"{'ok':>6} {'errors':>6}  CPU cores: client / workers / postgres / other")
    print(header)
    print("-" * len(header))
    names = {"hello": "hello-world GET", "get": "survey page GET", "post": "survey page POST (draft save)"}
    for kind, result in results.items():
        cpu = result["cpu"]
        print(f"{names[kind]:<30} {result['rps']:>8.1f} {result['rps'] / hello:>8.1%} {result['p50_ms']:>7.1f} "
              f"{result['p99_ms']:>7.1f} {result['max_ms']:>7.1f} {result['ok']:>6} {result['errors']:>6}  "
              f"{result['client_cpu']:.2f} / {cpu['gunicorn workers']:.2f} / {cpu['postgres']:.2f} / {cpu['other']:.2f}")
        if len(result["round_rps"]) > 1:
            print(f"{'':<32}req/s per round: {', '.join(f'{x:.1f}' for x in result['round_rps'])} (median shown)")
        for sample in result["error_samples"]:
            print(f"{'':<32}error: {sample}")
    print()
    print("first visit of the first survey page (no cookies; Accept-Encoding: gzip, deflate, br, zstd)")
    print(f"  {'resource':<44} {'wire B':>8} {'body B':>8} {'encoding':>9} {'gzip -6 B':>9}  cache-control")
    for row in weight["rows"]:
        print(f"  {row['what'] + ' ' + row['path'][:38]:<44} {row['wire']:>8} {row['body']:>8} {row['encoding']:>9} "
              f"{row['gzip']:>9}  {row['cache'] or '-'}")
    print(f"  {'total: ' + str(weight['requests']) + ' requests':<44} {weight['wire']:>8} {weight['body']:>8} "
          f"{'':>9} {weight['gzip_body']:>9}")
    print()
    print("gunicorn memory after the run (VmRSS / VmHWM peak, MB)")
    for name, figures in memory.items():
        workers = ", ".join(f"{rss / 1024:.1f} / {hwm / 1024:.1f}" for rss, hwm in figures["workers"])
        print(f"  {name:<6} master {figures['master'] / 1024:5.1f}   workers {workers}")
    print()
    print(f"in-process, one request at a time (test client, same database; definition JSON "
          f"{info['definition_json_kb']:.0f} KB)")
    for kind in ("get", "post"):
        d = diagnosis[kind]
        print(f"  {kind.upper():<5} {d['queries']:4.1f} SQL statements, {d['sql_ms']:5.1f} ms in SQL of "
              f"{d['total_ms']:5.1f} ms per request")
        for statement in d["statements"]:
            print(f"        {statement}")
    print()
    get, post = results["get"], results["post"]
    kb = weight["wire"] / 1024
    checks = [
        (f"survey GET >= {TARGETS['get_ratio']:.0%} of hello-world req/s", f"{get['rps'] / hello:.1%}",
         get["rps"] / hello >= TARGETS["get_ratio"]),
        (f"page POST >= {TARGETS['post_ratio']:.0%} of hello-world req/s", f"{post['rps'] / hello:.1%}",
         post["rps"] / hello >= TARGETS["post_ratio"]),
        (f"survey GET p99 < {TARGETS['p99_ms']:.0f} ms", f"{get['p99_ms']:.1f} ms", get["p99_ms"] < TARGETS["p99_ms"]),
        (f"page POST p99 < {TARGETS['p99_ms']:.0f} ms", f"{post['p99_ms']:.1f} ms", post["p99_ms"] < TARGETS["p99_ms"]),
        (f"page weight < {TARGETS['weight_kb']} KB on the wire", f"{kb:.1f} KB", kb < TARGETS["weight_kb"]),
        (f"page weight in <= {TARGETS['weight_requests']} requests", f"{weight['requests']}",
         weight["requests"] <= TARGETS["weight_requests"]),
        ("no errors in the measured windows", f"{get['errors'] + post['errors'] + results['hello']['errors']}",
         get["errors"] + post["errors"] + results["hello"]["errors"] == 0),
    ]
    print("targets")
    for title, value, ok in checks:
        print(f"  {title:<44} {value:>10}  {_mark(ok)}")
    other = max(r["cpu"]["other"] for r in results.values())
    if other > 0.2:
        print(f"\nnote: processes outside this benchmark used up to {other:.2f} CPU cores during a scenario "
              f"(of {os.cpu_count()}); the figures are disturbed by that load, rerun on a quiet machine.")
    if results["hello"]["client_cpu"] > 0.8:
        print(f"\nnote: the load client used {results['hello']['client_cpu']:.2f} of a core during hello-world on "
              f"{os.cpu_count()} CPUs; hello-world's rate (and so each ratio's denominator) is partly client-bound.")
    for kind in ("get", "post"):
        if "profile" in diagnosis[kind]:
            print(f"\ncProfile, {kind.upper()} x40 in-process (cumulative):\n{diagnosis[kind]['profile']}")


if __name__ == "__main__":
    if sys.argv[1:] == ["_load"]:
        print(json.dumps(run_load(json.loads(sys.stdin.read()))))
    else:
        main()
