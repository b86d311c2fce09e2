"""A large report's raw data made in a process beside the build, through the real RQ worker: the same files,
its failure the report's failure, and the retry."""

from __future__ import annotations

import csv
import io
import subprocess
import textwrap
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Council, Report, ReportStatus, Survey
from app.reports.building.assemble import raw_parts
from app.reports.kinds import kind_for
from tests.integration.reports.test_survey_report import _built, _seven_responses

SECRETARY = "sihteeri.raakkyla@example.fi"


def _request_through_page(client, csrf_token, survey_id):
    url = f"/staff/raakkyla/surveys/{survey_id}/reports/"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "language": "fi",
                                      "formats": ["pdf", "xlsx", "csv", "zip"], "municipality": "", "sector": "",
                                      "crosstab_first": "", "crosstab_second": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def _files(client, location) -> dict[str, bytes]:
    status = client.get(location + "status.json").get_json()
    assert status["status"] == "done", status
    return {item["format"]: client.get(item["url"]).data for item in status["downloads"]}


def _as_csv_text(value) -> str:
    """A cell of the raw-data sheet as the Finnish CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, (float, Decimal)):
        return str(value).replace(".", ",")
    return str(value)


def _sheet_and_csv(files: dict[str, bytes]) -> tuple[list[list[str]], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig")), delimiter=";"))
    sheet = load_workbook(io.BytesIO(files["xlsx"]))["Data"]
    width = len(rows[1])
    cells = [[_as_csv_text(cell.value) for cell in row][:width] for row in sheet.iter_rows(max_col=width)]
    return cells, rows


def _requested_by_the_secretary(app, demo, client, login, csrf_token) -> tuple[int, str]:
    """Seven responses, and the secretary's request of their report through the page: (survey id, its page)."""
    with app.app_context():
        _council, survey, _definition = _seven_responses(app)
        survey_id = survey.id
        db.session.commit()
    login(client, SECRETARY, demo)
    return survey_id, _request_through_page(client, csrf_token, survey_id)


def _built_in_the_job(app, survey_id: int) -> dict[str, bytes]:
    """The survey's report built by the job itself, with the configuration as it is: format -> file."""
    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        report = _built(app, council, db.session.get(Survey, survey_id), crosstab=[])
        return {artefact.format: artefact.data for artefact in report.artefacts}


def test_raw_data_made_beside_the_build_gives_the_files_the_build_alone_gives(
        app, demo, client, login, csrf_token, run_jobs):
    app.config["REPORT_RAW_PROCESS_ROWS"] = 0  # every report's raw data in a process of its own
    survey_id, location = _requested_by_the_secretary(app, demo, client, login, csrf_token)
    run_jobs()
    beside = _files(client, location)
    assert beside["pdf"].startswith(b"%PDF") and beside["zip"].startswith(b"PK")

    sheet, rows = _sheet_and_csv(beside)
    assert len(rows) == 2 + 7 and sheet == rows  # the same headings, keys and cells in both files
    assert rows[2][rows[1].index("paid_staff")] == "1,5"
    assert load_workbook(io.BytesIO(beside["xlsx"]))["Data"].cell(3, 2).number_format == "yyyy-mm-dd hh:mm:ss"

    app.config["REPORT_RAW_PROCESS_ROWS"] = 10**9  # the same raw data made in the build's own process
    alone = _built_in_the_job(app, survey_id)
    assert alone["csv"] == beside["csv"]
    assert _sheet_and_csv(alone)[0] == sheet


def test_the_worker_process_builds_a_report_whose_raw_data_it_makes_in_two_halves_beside_the_build(
        app, demo, client, login, csrf_token, worker_process):
    """The real `flask worker`: its work-horse, which has one thread, forks the raw-data processes."""
    survey_id, location = _requested_by_the_secretary(app, demo, client, login, csrf_token)
    worker = worker_process(burst=True, REPORT_RAW_PROCESS_ROWS="0", REPORT_RAW_SPLIT_ROWS="0")
    assert worker.wait(timeout=300) == 0
    files = _files(client, location)
    assert files["pdf"].startswith(b"%PDF") and files["zip"].startswith(b"PK")
    sheet, rows = _sheet_and_csv(files)
    assert len(rows) == 2 + 7 and sheet == rows

    app.config.update(REPORT_RAW_PROCESS_ROWS=10**9, REPORT_RAW_SPLIT_ROWS=10**9)
    assert _built_in_the_job(app, survey_id)["csv"] == files["csv"]


def test_raw_data_process_that_fails_fails_the_report_and_the_retry_succeeds(
        app, demo, client, login, csrf_token, run_jobs):
    app.config.update(REPORT_RAW_PROCESS_ROWS=0, REPORT_JOB_RETRIES=0)
    survey_id, location = _requested_by_the_secretary(app, demo, client, login, csrf_token)
    # The build's own database connection is made already; the process beside it opens the app anew
    # from this configuration and cannot reach its database.
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:////no-such-directory/reports.db"
    run_jobs()
    app.config["SQLALCHEMY_DATABASE_URI"] = database
    page = client.get(location).get_data(as_text=True)
    assert client.get(location + "status.json").get_json()["status"] == "failed"
    assert "OperationalError" in page
    with app.app_context():
        report = db.session.scalar(select(Report).order_by(Report.id.desc()))
        assert report.status is ReportStatus.FAILED and report.artefacts == []
        assert report.error.startswith("The report could not be built because of an unexpected error.")

    response = client.post(location + "retry", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    run_jobs()
    files = _files(client, location)
    sheet, rows = _sheet_and_csv(files)
    assert sheet == rows and len(rows) == 9


def test_raw_data_made_in_two_halves_gives_the_files_the_build_alone_gives(
        app, demo, client, login, csrf_token, run_jobs):
    # Every report's raw data in two processes beside the build, each making half of the rows.
    app.config.update(REPORT_RAW_PROCESS_ROWS=0, REPORT_RAW_SPLIT_ROWS=0)
    survey_id, location = _requested_by_the_secretary(app, demo, client, login, csrf_token)
    run_jobs()
    halves = _files(client, location)
    with app.test_request_context():
        report = db.session.scalar(select(Report).order_by(Report.id.desc()))
        parts = raw_parts(kind_for(report.kind).raw_data(report))
        assert [(part.after_id > 0, part.rows_before) for part in parts] == [(False, 0), (True, 3)]

    sheet, rows = _sheet_and_csv(halves)
    assert len(rows) == 2 + 7 and sheet == rows
    assert [int(row[0]) for row in rows[2:]] == sorted(int(row[0]) for row in rows[2:])

    app.config.update(REPORT_RAW_PROCESS_ROWS=10**9, REPORT_RAW_SPLIT_ROWS=10**9)
    alone = _built_in_the_job(app, survey_id)
    assert alone["csv"] == halves["csv"]
    alone_sheet = load_workbook(io.BytesIO(alone["xlsx"]))["Data"]
    halves_sheet = load_workbook(io.BytesIO(halves["xlsx"]))["Data"]
    assert halves_sheet.dimensions == alone_sheet.dimensions and halves_sheet.auto_filter.ref == alone_sheet.auto_filter.ref
    assert ([[(cell.value, cell.number_format) for cell in row] for row in halves_sheet.iter_rows()]
            == [[(cell.value, cell.number_format) for cell in row] for row in alone_sheet.iter_rows()])


def test_the_raw_data_process_starts_without_the_report_kinds_charts_pdf_or_migrations(app):
    """What a raw-data process imports (its target's module, its raw data's remake, the app without web) is
    what reading and writing the rows needs: the report kinds, matplotlib, fpdf and Alembic would add about
    0.9 s of CPU to each process's start."""
    heavy = ("app.reports.kinds", "app.reports.building.charts", "matplotlib", "fpdf", "alembic", "flask_migrate")
    script = (
        "import sys\n"
        "import app.reports.building.raw_files, app.reports.building.raw\n"
        "from app import create_app\n"
        f"create_app('testing', web=False, SQLALCHEMY_DATABASE_URI={app.config['SQLALCHEMY_DATABASE_URI']!r},"
        f" INSTANCE_DIR={app.config['INSTANCE_DIR']!r})\n"
        f"print(sorted(name for name in {heavy!r} if name in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[3])
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def _run_alone(app, code: str) -> list[str]:
    """`code` after opening the test's app in a fresh Python process with one thread, as the RQ work-horse that
    builds a report (this test process runs threads, in which the raw-data processes are spawned): its lines."""
    script = (
        "from app import create_app\n"
        f"app = create_app('testing', web=False, SQLALCHEMY_DATABASE_URI={app.config['SQLALCHEMY_DATABASE_URI']!r},"
        f" INSTANCE_DIR={app.config['INSTANCE_DIR']!r}, REDIS_URL={app.config['REDIS_URL']!r})\n"
        + textwrap.dedent(code))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()



def test_in_the_work_horse_the_raw_data_processes_are_forked_make_the_same_files_and_leave_its_connection_alone(
        app, demo):
    with app.app_context():
        _council, survey, _definition = _seven_responses(app)
        survey_id, version_id = survey.id, survey.current_version.id
        db.session.commit()
    lines = _run_alone(app, f"""
        import tempfile
        from pathlib import Path
        from flask_babel import force_locale
        from sqlalchemy import text
        from app.extensions import db
        from app.reports.building.aggregation import ResponseFilter
        from app.reports.building.assemble import raw_parts
        from app.reports.building.raw import version_raw_data
        from app.reports.building.raw_files import RawFilesProcess, joined_raw_files, write_raw_files

        app.config["REPORT_RAW_SPLIT_ROWS"] = 0
        with app.app_context(), force_locale("fi"), tempfile.TemporaryDirectory() as alone, \\
                tempfile.TemporaryDirectory() as beside:
            raw = version_raw_data({survey_id}, {version_id}, ResponseFilter(), "fi", 7)
            parts = raw_parts(raw)
            # The build's own connection, back in its pool when the processes are forked (on PostgreSQL its
            # server process's id: a connection closed by a child would be replaced by a new one).
            who = "SELECT pg_backend_pid()" if db.engine.dialect.name == "postgresql" else "SELECT 1"
            before = db.session.execute(text(who)).scalar()
            db.session.commit()
            processes = [RawFilesProcess(raw, "fi", Path(beside), csv=True, sheet=True, part=part) for part in parts]
            made = [process.wait(lambda rows: None) for process in processes]
            for process in processes:
                process.stop()
            joined = joined_raw_files(made, [part.rows_before for part in parts])
            print("forked", [process.forked for process in processes], "exit codes",
                  [process._process.exitcode for process in processes])
            here = write_raw_files(raw, "fi", Path(alone), csv=True, sheet=True)
            print("rows", joined.rows, "csv", "same" if joined.csv_path.read_bytes() == here.csv_path.read_bytes()
                  else "differs")
            print("the build's connection", "the same" if db.session.execute(text(who)).scalar() == before else "new")
    """)
    assert lines == ["forked [True, True] exit codes [0, 0]", "rows 7 csv same", "the build's connection the same"]


def test_a_forked_raw_data_process_that_fails_fails_the_build_with_its_error(app, demo):
    with app.app_context():
        _council, survey, _definition = _seven_responses(app)
        survey_id, version_id = survey.id, survey.current_version.id
        db.session.commit()
    lines = _run_alone(app, f"""
        import tempfile
        from pathlib import Path
        from flask_babel import force_locale
        from app.reports.building import raw_files
        from app.reports.building.aggregation import ResponseFilter
        from app.reports.building.raw import version_raw_data

        def failing(*args, **kwargs):
            raise ValueError("no room left on the disk")

        raw_files.write_raw_files = failing  # in the forked process only: this one never writes
        with app.app_context(), force_locale("fi"), tempfile.TemporaryDirectory() as beside:
            raw = version_raw_data({survey_id}, {version_id}, ResponseFilter(), "fi", 7)
            process = raw_files.RawFilesProcess(raw, "fi", Path(beside), csv=True, sheet=False)
            try:
                process.wait(lambda rows: None)
            except ValueError as error:
                print("forked", process.forked, "error", error)
            finally:
                process.stop()
    """)
    assert lines == ["forked True error no room left on the disk"]
