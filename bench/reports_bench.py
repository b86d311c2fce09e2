"""Report benchmark (not a test): 100,000 / 10,000 / 1,000 järjestökysely responses in PostgreSQL.

    .venv/bin/python bench/reports_bench.py [--sizes 100000,10000,1000]

Prints, per size: the app's aggregation time against the bare SQL GROUP BY queries alone, the
whole report (PDF + XLSX of aggregates), raw XLSX and CSV rows per second, and the peak memory of
a worker process that builds the full report (all formats). See bench/README.md.
"""

from __future__ import annotations

import argparse
import atexit
import io
import json
import multiprocessing
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start_postgres() -> tuple[str, callable]:
    """A throwaway cluster; as root it runs as the `postgres` user (initdb refuses root)."""
    base = Path(tempfile.mkdtemp(prefix="reports-bench-pg-"))
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(base, "postgres")
    subprocess.run([*as_user, "initdb", "-A", "trust", "-U", "postgres", "-D", str(base / "data")], check=True,
                   capture_output=True)
    # A port free now (one derived from the pid collided with another engineer's server on this machine).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subprocess.run([*as_user, "pg_ctl", "-D", str(base / "data"), "-w", "-l", str(base / "log"), "start", "-o",
                    f"-p {port} -k {base} -c fsync=off -c synchronous_commit=off -c shared_buffers=256MB "
                    f"-c work_mem=64MB"], check=True, capture_output=True)

    def stop():
        subprocess.run([*as_user, "pg_ctl", "-D", str(base / "data"), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)

    return f"postgresql+psycopg://postgres@localhost:{port}/postgres?host={base}", stop


def make_app(url: str, web: bool = True):
    """The app over `url`, its instance directory a temporary one deleted when the process ends (`web`: as
    `create_app` takes it)."""
    from app import create_app

    instance = tempfile.mkdtemp(prefix="reports-bench-")
    atexit.register(shutil.rmtree, instance, ignore_errors=True)
    return create_app("testing", web=web, SQLALCHEMY_DATABASE_URI=url, REDIS_URL="redis://127.0.0.1:1/0",
                      INSTANCE_DIR=instance)


def random_answers(definition, rng: random.Random) -> dict:
    from surveys import Selection

    q = definition.question
    pick = lambda question, k: tuple(sorted(rng.sample([o.value for o in question.options], k),  # noqa: E731
                                            key=[o.value for o in question.options].index))
    needs = pick(q("needs"), rng.randint(1, 4))
    answers = {
        "association_name": f"Yhdistys {rng.randint(1, 10**6)} ry",
        "home_municipality": rng.choice(["707", "167", "276", "309"]),
        "sector": Selection((rng.choice([o.value for o in q("sector").options]),)),
        "registered_on": datetime(1950, 1, 1).date() + timedelta(days=rng.randint(0, 27000)),
        "members": Decimal(rng.randint(0, 2000)),
        "volunteers": Decimal(rng.randint(0, 80)),
        "paid_staff": Decimal(rng.randint(0, 50)) / 10,
        "activity_types": Selection(pick(q("activity_types"), rng.randint(1, 4))),
        "target_groups": Selection(pick(q("target_groups"), rng.randint(1, 4))),
        "operating_area": Selection((rng.choice([o.value for o in q("operating_area").options]),)),
        "continuity": rng.choice([1, 2, 3, 4, 5, "cannot_say"]),
        "cooperation_views": {r.key: rng.choice([1, 2, 3, 4, 5, "cannot_say"]) for r in q("cooperation_views").rows},
        "municipal_grant": rng.random() < 0.5,
        "county_cooperation": rng.randint(1, 5),
        "needs": Selection(needs),
        "top_needs": tuple(rng.sample(needs, min(3, len(needs)))),
        "knows_council": rng.random() < 0.6,
        "council_interest": False,
        "comments": rng.choice(["", "Kiitos kyselystä!", "Tiloja tarvitaan lisää.", "Avustukset ovat tärkeitä."]),
        "register_consent": True,
    }
    return {k: v for k, v in answers.items() if v != ""}


def load_responses(app, survey, definition, count: int, rng: random.Random) -> float:
    """COPY `count` submitted responses and their answer rows into PostgreSQL; returns seconds."""
    from surveys import answers_to_rows

    from app.extensions import db

    pool = [answers_to_rows(definition, random_answers(definition, rng)) for _ in range(500)]
    started = time.perf_counter()
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT coalesce(max(id), 0) FROM survey_responses")
        first_id = cursor.fetchone()[0] + 1
        now = datetime(2026, 3, 1, tzinfo=timezone.utc)
        sectors = ["sports", "culture", "youth", "social_health", "village"]
        with cursor.copy("COPY survey_responses (id, survey_id, version_id, status, language, municipality_code, "
                         "sector, created_at, updated_at, submitted_at, revision) FROM STDIN") as copy:
            for i in range(count):
                when = now + timedelta(minutes=i)
                copy.write_row((first_id + i, survey.id, survey.current_version.id, "submitted", "fi",
                                rng.choice(["707", "167"]), rng.choice(sectors), when, when, when, 1))
        with cursor.copy("COPY survey_answers (response_id, survey_id, question_key, option, row, value_text, "
                         "value_number) FROM STDIN") as copy:
            for i in range(count):
                for row in pool[rng.randrange(len(pool))]:
                    copy.write_row((first_id + i, survey.id, row.question_key, row.option, row.row, row.value_text,
                                    float(row.value_number) if row.value_number is not None else None))
        cursor.execute("SELECT setval('survey_responses_id_seq', (SELECT max(id) FROM survey_responses))")
        cursor.execute("ANALYZE survey_responses")
        cursor.execute("ANALYZE survey_answers")
        raw.commit()
    finally:
        raw.close()
    return time.perf_counter() - started


SUBMITTED = "JOIN survey_responses r ON r.id = a.response_id WHERE a.survey_id = :s AND r.survey_id = :s AND r.status = 'submitted'"


def bare_sql(keys: dict[str, tuple[str, ...]]) -> list[tuple[str, dict]]:
    """The statements `collect_aggregates` runs, as plain SQL text of the same shape, with their parameters."""
    answered = keys["answered"]
    bits = ", ".join(f"(:k{i}, CAST(:b{i} AS bigint))" for i in range(len(answered)))
    statements = [
        ("SELECT count(*) FROM survey_responses r WHERE r.survey_id = :s AND r.status = 'submitted'", {}),
        # question_respondents: a bitmask of answered questions per response, counted per mask
        (f"SELECT m.mask, count(*) FROM (SELECT a.response_id, bit_or(q.bit) AS mask FROM survey_answers a "
         f"JOIN (VALUES {bits}) AS q (key, bit) ON q.key = a.question_key WHERE a.survey_id = :s "
         f"GROUP BY a.response_id) m JOIN survey_responses r ON r.id = m.response_id "
         f"WHERE r.survey_id = :s AND r.status = 'submitted' GROUP BY m.mask",
         {**{f"k{i}": key for i, key in enumerate(answered)}, **{f"b{i}": 1 << i for i in range(len(answered))}}),
        # tally_answers: one GROUP BY (question, row, option) + number value + year over every answer row
        ("SELECT a.question_key, a.row, a.option, CASE WHEN a.question_key IN :numbers THEN a.value_number END, "
         "CASE WHEN a.question_key IN :dates THEN substr(a.value_text, 1, 4) END, count(*), "
         "coalesce(sum(a.value_number), 0.0), sum(CASE WHEN a.value_number = 1 THEN 1 ELSE 0 END), "
         "sum(CASE WHEN a.value_text IS NOT NULL AND a.value_text <> '' THEN 1 ELSE 0 END) "
         f"FROM survey_answers a {SUBMITTED} GROUP BY 1, 2, 3, 4, 5", {}),
    ]
    # first_texts: the first 300 texts of each free-text question and "other" option, in response order
    for key in keys["free"]:
        statements.append((f"SELECT a.value_text FROM survey_answers a {SUBMITTED} AND a.question_key = :k AND "
                           "a.value_text IS NOT NULL AND a.value_text <> '' ORDER BY a.response_id, a.id LIMIT 300",
                           {"k": key}))
    for key in keys["with_other"]:
        statements.append((f"SELECT a.value_text FROM survey_answers a {SUBMITTED} AND a.question_key = :k AND "
                           "a.value_text IS NOT NULL AND a.value_text <> '' AND a.option = 'other' "
                           "ORDER BY a.response_id, a.id LIMIT 300", {"k": key}))
    return statements


def measure(app, survey_id: int, count: int, writer_rows: int = 20000) -> dict:
    from sqlalchemy import bindparam, text

    from app.extensions import db
    from app.models import Survey
    from app.reports.building import files, pdf
    from app.reports.building.aggregation import ResponseFilter
    from app.reports.building.questions import CHOICE_TYPES, TEXT_TYPES, Presentation
    from app.reports.building.raw import version_raw_data
    from app.reports.building.raw_files import write_raw_files
    from app.reports.kinds.survey import collect_aggregates, question_sections
    from app.reports.building.document import ReportDocument
    from app.surveys.definitions import definition_for

    survey = db.session.get(Survey, survey_id)
    definition = definition_for(survey.current_version)
    questions = [q for q in definition.questions() if q.has_answer]
    keys = {
        "answered": tuple(q.key for q in questions),
        "numbers": tuple(q.key for q in questions if q.type_name == "number"),
        "dates": tuple(q.key for q in questions if q.type_name == "date"),
        "free": tuple(q.key for q in questions if q.type_name in TEXT_TYPES),
        "with_other": tuple(q.key for q in questions if q.type_name in CHOICE_TYPES and getattr(q, "other", False)),
    }
    out = {"responses": count}
    started = time.perf_counter()
    for sql, params in bare_sql(keys):
        statement = text(sql)
        params = {"s": survey_id, **params}
        for name in ("numbers", "dates"):
            if f":{name}" in sql:
                statement = statement.bindparams(bindparam(name, expanding=True))
                params[name] = list(keys[name])
        db.session.execute(statement, params).all()
    out["bare_sql_s"] = time.perf_counter() - started

    started, cpu_started = time.perf_counter(), _cpu_seconds()
    aggregates = collect_aggregates(survey_id, definition, ResponseFilter(), True, 300)
    out["aggregation_s"] = time.perf_counter() - started
    aggregation_cpu_s = _cpu_seconds() - cpu_started
    out["ratio"] = out["aggregation_s"] / out["bare_sql_s"]

    started, cpu_started = time.perf_counter(), _cpu_seconds()
    view = Presentation("fi")
    document = ReportDocument("Järjestökysely", "Tulokset", "Rääkkylä", "fi", datetime.now().date())
    document.sections = question_sections(definition, aggregates, view)
    pdf_bytes = pdf.write_pdf(document)
    xlsx_bytes = files.write_xlsx(document, include_raw=False)
    out["report_pdf_xlsx_s"] = out["aggregation_s"] + time.perf_counter() - started
    out["report_cpu_s"] = aggregation_cpu_s + _cpu_seconds() - cpu_started
    out["pdf_kb"], out["xlsx_kb"] = len(pdf_bytes) // 1024, len(xlsx_bytes) // 1024

    raw = version_raw_data(survey_id, survey.current_version.id, ResponseFilter(), "fi", count)
    started = time.perf_counter()
    produced = sum(1 for _ in raw.rows())
    out["raw_rows_per_s"] = produced / (time.perf_counter() - started)
    # As the build makes them (raw_files.write_raw_files): the rows read from the database once, each written as
    # the raw-data sheet's XML, which the workbook then takes in (the raw XLSX: that pass and the workbook), and the
    # CSV on its own pass (the rows read and written as CSV only; the build writes it in the sheet's pass).
    document.sections, document.raw = [], raw
    with tempfile.TemporaryDirectory(prefix="reports-bench-raw-") as directory:
        started, cpu = time.perf_counter(), time.process_time()
        made = write_raw_files(raw, "fi", Path(directory), csv=False, sheet=True)
        files.write_xlsx(document, raw_rows=made.sheet_rows)
        out["raw_xlsx_rows_per_s"] = count / (time.perf_counter() - started)
        out["raw_xlsx_cpu_rows_per_s"] = count / (time.process_time() - cpu)
    with tempfile.TemporaryDirectory(prefix="reports-bench-raw-") as directory:
        started, cpu = time.perf_counter(), time.process_time()
        made = write_raw_files(raw, "fi", Path(directory), csv=True, sheet=False)
        out["csv_rows_per_s"] = made.rows / (time.perf_counter() - started)
        out["csv_cpu_rows_per_s"] = made.rows / (time.process_time() - cpu)
    # As a large build makes them (REPORT_RAW_SPLIT_ROWS): two processes (forked, as in the work-horse), each making
    # half of the rows' sheet XML (the workbook then taking in both parts) or CSV (the parts then appended to one
    # file); wall seconds, the processes' start included.
    if count >= app.config["REPORT_RAW_SPLIT_ROWS"]:
        with tempfile.TemporaryDirectory(prefix="reports-bench-raw-") as directory:
            started = time.perf_counter()
            made, _forked = _split_raw_files(raw, directory, csv=False, sheet=True)
            files.write_xlsx(document, raw_rows=made.sheet_rows)
            out["raw_xlsx_split_rows_per_s"] = count / (time.perf_counter() - started)
        with tempfile.TemporaryDirectory(prefix="reports-bench-raw-") as directory:
            started = time.perf_counter()
            made, forked = _split_raw_files(raw, directory, csv=True, sheet=False)
            out["csv_split_rows_per_s"] = made.rows / (time.perf_counter() - started)
            out["raw_processes_forked"] = forked
    out["writers"] = compare_writers(raw, writer_rows)
    return out


def _split_raw_files(raw, directory: str, csv: bool, sheet: bool):
    """The raw files made in two parts by the build's own raw-data processes (`raw_files.RawFilesProcess`,
    each describing the rows anew with `raw.remake`) and joined, as `assemble.py` makes them for
    REPORT_RAW_SPLIT_ROWS rows or more: the processes' start is counted. Also whether both were forked (as in
    the RQ work-horse) rather than spawned."""
    from app.reports.building.assemble import raw_parts
    from app.reports.building.raw_files import RawFilesProcess, joined_raw_files

    parts = raw_parts(raw)
    processes = [RawFilesProcess(raw, "fi", Path(directory), csv=csv, sheet=sheet, part=part, name="bench")
                 for part in parts]
    try:
        made = [process.wait(lambda _rows: None) for process in processes]
    finally:
        for process in processes:
            process.stop()
    return (joined_raw_files(made, [part.rows_before for part in parts]),
            all(process.forked for process in processes))


def _cpu_seconds() -> float:
    """This process's CPU seconds and those of its ended children (the chart workers), PostgreSQL's not
    counted: the figure to compare on a busy machine."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _first(rows, limit: int):
    for index, row in enumerate(rows):
        if index == limit:
            return
        yield row


def compare_writers(raw, limit: int) -> dict[str, float | None]:
    """Rows per second of each XLSX writer candidate over the same first `limit` spooled rows, every
    cell through the rules of app/spreadsheets/cells.py where the writer lets them be applied."""
    from datetime import datetime as _datetime

    from app.spreadsheets.cells import write_xlsx_row, xlsx_row

    if limit <= 0:
        return {}
    rows = list(_first(raw.rows(), limit))
    naive = [[v.replace(tzinfo=None) if isinstance(v, _datetime) else v for v in row] for row in rows]

    def openpyxl_write_only():
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Data")
        for row in naive:
            sheet.append(xlsx_row(sheet, row))
        workbook.save(io.BytesIO())

    def xlsxwriter_constant_memory():
        import xlsxwriter

        workbook = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
        sheet = workbook.add_worksheet("Data")
        stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        for index, row in enumerate(naive):
            write_xlsx_row(sheet, index, row, date_format=stamp)
        workbook.close()

    def xlsxwriter_bulk_rows():
        import xlsxwriter

        from app.spreadsheets.bulk_rows import BulkRowsWorksheet

        workbook = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
        sheet = workbook.add_worksheet("Data", worksheet_class=BulkRowsWorksheet)
        stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        sheet.write_rows(0, naive, stamp)
        workbook.close()

    # The rows as the build writes them: runs of cells, a shared answer's run the same object in every row that
    # has it (raw.row_runs(), a pass of its own: each run's XML is made when first written, then kept on it).
    runs = list(_first(raw.row_runs(), limit))

    def xlsxwriter_bulk_runs():
        import xlsxwriter

        from app.spreadsheets.bulk_rows import BulkRowsWorksheet

        workbook = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True, "remove_timezone": True})
        sheet = workbook.add_worksheet("Data", worksheet_class=BulkRowsWorksheet)
        stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        sheet.write_runs(0, runs, stamp)
        workbook.close()

    def pyexcelerate_in_memory():
        # The whole sheet is built in memory first: no streaming.
        from pyexcelerate import Workbook

        workbook = Workbook()
        workbook.new_sheet("Data", data=naive)
        workbook.save(io.BytesIO())

    def rustpy_xlsxwriter_records():
        # Records (one dict per row, streamed), a workbook of its own: every text an inline string.
        from rustpy_xlsxwriter import write_worksheet

        write_worksheet((dict(zip(raw.columns, row)) for row in naive), io.BytesIO(), sheet_name="Data",
                        datetime_format="yyyy-mm-dd hh:mm:ss")

    figures = {}
    for name, write in [("openpyxl write-only", openpyxl_write_only),
                        ("xlsxwriter cell by cell", xlsxwriter_constant_memory),
                        ("xlsxwriter bulk rows", xlsxwriter_bulk_rows),
                        ("xlsxwriter bulk runs", xlsxwriter_bulk_runs),
                        ("pyexcelerate", pyexcelerate_in_memory), ("rustpy-xlsxwriter", rustpy_xlsxwriter_records)]:
        try:
            started = time.perf_counter()
            write()
            figures[name] = len(rows) / (time.perf_counter() - started)
        except ImportError:
            figures[name] = None  # not installed
    return figures


def worker_peak(url: str, survey_id: int, council_id: int) -> dict:
    """Build the full report (PDF, XLSX with raw data, CSV, ZIP) in a fresh process, as the RQ worker's job does:
    `run_build`, whose raw data is made in a process beside it (REPORT_RAW_PROCESS_ROWS). Wall seconds from the
    request to the report being ready, the CPU seconds of the build's process and of the raw data's, and the
    peak memory of each."""
    code = f"""
import os, resource, sys, time, json, warnings
sys.path.insert(0, {str(ROOT)!r})
warnings.simplefilter("ignore")
from bench.reports_bench import make_app
app = make_app({url!r})
with app.app_context():
    from app.extensions import db
    from app.models import Council
    from app.reports.builds import run_build
    from app.reports.requests import request_report
    council = db.session.get(Council, {council_id})
    load_before = os.getloadavg()[0]
    started, cpu_started = time.perf_counter(), time.process_time()
    report, _ = request_report(council, "survey", {{"language": "fi", "formats": ["pdf", "xlsx", "csv", "zip"],
                                                   "survey_id": {survey_id}}}, None)
    db.session.commit()
    run_build(report.id)
    took = time.perf_counter() - started
    db.session.refresh(report)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({{"status": report.status.value, "full_build_s": took,
                      "build_cpu_s": time.process_time() - cpu_started,
                      "raw_process_cpu_s": children.ru_utime + children.ru_stime,
                      "peak_rss_mb": usage.ru_maxrss / 1024, "raw_process_peak_mb": children.ru_maxrss / 1024,
                      "load": (load_before + os.getloadavg()[0]) / 2}}))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"the build failed:\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    if figures["status"] != "done":
        raise RuntimeError(f"the build ended {figures['status']}:\n{result.stderr[-3000:]}")
    return figures


# Issue 16's targets: (figure, comparison, limit, which sizes).
TARGETS = [
    ("report_pdf_xlsx_s", "<=", 1.5, 10000), ("report_pdf_xlsx_s", "<=", 5.0, 100000),
    ("full_build_s", "<=", 20.0, 100000), ("peak_rss_mb", "<", 500.0, 100000),
    ("raw_process_peak_mb", "<", 500.0, 100000),
    # The raw rows as a build of 100,000 makes them: in two processes (REPORT_RAW_SPLIT_ROWS).
    ("csv_split_rows_per_s", ">=", 20000.0, 100000), ("raw_xlsx_split_rows_per_s", ">=", 10000.0, 100000),
]


def run(sizes: list[int], writer_rows: int = 20000) -> list[dict]:
    """Load the responses, print the table, the writers side by side and the targets; the figures."""
    url, stop = start_postgres()
    results = []
    try:
        app = make_app(url)
        with app.app_context():
            from flask_babel import force_locale
            from flask_migrate import upgrade
            from sqlalchemy import select
            from surveys import load_file

            from app.demo.loader import load_demo_data
            from app.extensions import db
            from app.models import Council
            from tests.fixtures.surveys import store_survey as make_survey

            upgrade()
            load_demo_data()
            council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
            definition = load_file(ROOT / "surveys" / "library" / "jarjestokysely.yaml")
            rng = random.Random(2026)
            surveys = {}
            for size in sizes:
                surveys[size] = make_survey(council, definition, slug=f"bench-{size}")
            db.session.commit()
            for size in sizes:
                seconds = load_responses(app, surveys[size], definition, size, rng)
                print(f"loaded {size:>7} responses with COPY in {seconds:6.1f} s", flush=True)
            print()
            header = (f"{'responses':>9} {'bare SQL s':>10} {'aggregation s':>13} {'ratio':>6} {'PDF+XLSX s':>10} "
                      f"{'its CPU s':>9} {'raw rows/s':>10} {'raw XLSX rows/s':>15} {'CSV rows/s':>10} {'full build s':>12} "
                      f"{'its CPU s':>9} {'child procs CPU s':>17} {'peak MB (child)':>15} {'load':>5}")
            print(header)
            for size in sizes:
                with force_locale("fi"):
                    figures = measure(app, surveys[size].id, size, writer_rows)
                figures.update(worker_peak(url, surveys[size].id, council.id))
                results.append(figures)
                print(f"{size:>9} {figures['bare_sql_s']:>10.2f} {figures['aggregation_s']:>13.2f} "
                      f"{figures['ratio']:>6.2f} {figures['report_pdf_xlsx_s']:>10.2f} {figures['report_cpu_s']:>9.2f} "
                      f"{figures['raw_rows_per_s']:>10,.0f} "
                      f"{figures['raw_xlsx_rows_per_s']:>15,.0f} {figures['csv_rows_per_s']:>10,.0f} "
                      f"{figures['full_build_s']:>12.1f} {figures['build_cpu_s']:>9.1f} "
                      f"{figures['raw_process_cpu_s']:>17.1f} "
                      f"{figures['peak_rss_mb']:>8.0f} ({figures['raw_process_peak_mb']:>4.0f}) {figures['load']:>5.1f}",
                      flush=True)
    finally:
        stop()
    print("\nraw rows per second made as a large build makes them (two processes, REPORT_RAW_SPLIT_ROWS)")
    for figures in results:
        if "raw_xlsx_split_rows_per_s" in figures:
            print(f"{figures['responses']:>9} raw XLSX {figures['raw_xlsx_split_rows_per_s']:>9,.0f}   "
                  f"CSV {figures['csv_split_rows_per_s']:>9,.0f}   "
                  f"({'forked' if figures['raw_processes_forked'] else 'spawned'} processes)")
    print("\nraw rows per second of this process's CPU (the figures to compare on a busy machine)")
    for figures in results:
        print(f"{figures['responses']:>9} raw XLSX {figures['raw_xlsx_cpu_rows_per_s']:>9,.0f}   "
              f"CSV {figures['csv_cpu_rows_per_s']:>9,.0f}")
    print(f"\nXLSX writers side by side: the first {writer_rows:,} raw rows of each size (rows/s)")
    names = list(results[0]["writers"]) if results else []
    print(f"{'responses':>9} " + " ".join(f"{name:>27}" for name in names))
    for figures in results:
        print(f"{figures['responses']:>9} " + " ".join(
            f"{figures['writers'][name]:>27,.0f}" if figures["writers"][name] else f"{'not installed':>27}"
            for name in names))
    print("\ntargets")
    for key, op, limit, size in TARGETS:
        figures = next((f for f in results if f["responses"] == size), None)
        if figures is None or key not in figures:
            continue
        value = figures[key]
        met = value <= limit if op == "<=" else value < limit if op == "<" else value >= limit
        print(f"  {key} at {size:,}: {value:,.2f} {op} {limit:,} {'met' if met else 'NOT MET'}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,10000,1000")
    parser.add_argument("--writer-rows", type=int, default=20000,
                        help="raw rows each XLSX writer candidate writes in the side-by-side comparison (0: none)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    run([int(s) for s in args.sizes.split(",")], args.writer_rows)


if __name__ == "__main__":
    main()
