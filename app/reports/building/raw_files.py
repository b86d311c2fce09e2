"""The raw data's files, made in one pass over its rows: the CSV and the raw-data sheet's rows (their XML,
put into the workbook later), in the build's own process or, for a large report, in a process beside it.

Producing a raw row (its answer rows read and turned into cells) costs as much as writing it, and the
rest of a build (aggregation, charts, the PDF) runs on another core meanwhile: `RawFilesProcess` starts
a spawned process that opens the app with the worker's configuration, reads the rows and writes both
files into a directory of the build, while the build's own process lays out and writes everything
else. It is one job: the process is the build's, stopped with it, and its failure is the build's.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import force_locale

from app import create_app
from app.extensions import db
from app.models import Report
from app.reports.building.document import RawData
from app.reports.building.files import DATETIME_STYLE, PROGRESS_EVERY, WORKBOOK_OPTIONS, SheetRows, csv_writer
from app.reports.kinds import kind_for
from app.spreadsheets.bulk_rows import RowsXml

# The raw sheet's rows start below its two header rows.
FIRST_SHEET_ROW = 2
# Seconds between looks at the process while the build waits for it (each may beat the progress).
WAIT_INTERVAL = 0.5


@dataclass
class RawFiles:
    """What `write_raw_files` made: how many rows, the CSV (UTF-8 with a byte-order mark) and the sheet's rows."""

    rows: int
    csv_path: Path | None = None
    sheet_rows: SheetRows | None = None


def write_raw_files(raw: RawData, language: str, directory: Path, csv: bool, sheet: bool,
                    progress: Callable[[int], None] | None = None) -> RawFiles:
    """Read the rows of `raw` once and write the CSV (`csv`) and the raw-data sheet's rows (`sheet`) into
    `directory`; `progress(rows)` is called every PROGRESS_EVERY rows."""
    csv_path = directory / "raw.csv" if csv else None
    sheet_path = directory / "raw-sheet.xml" if sheet else None
    count = 0
    with (csv_path.open("w", encoding="utf-8-sig", newline="") if csv_path else _Nowhere()) as csv_file, \
            (sheet_path.open("w", encoding="utf-8") if sheet_path else _Nowhere()) as sheet_file:
        write_csv_row = csv_writer(csv_file, raw, language) if csv_path else None
        xml = RowsXml(sheet_file.write, DATETIME_STYLE, remove_timezone=WORKBOOK_OPTIONS["remove_timezone"])

        def rows():
            nonlocal count
            for count, runs in enumerate(raw.row_runs(), start=1):  # noqa: B007 (the count is read after the loop)
                if write_csv_row is not None:
                    write_csv_row(runs)
                yield runs

        if sheet_path is not None:
            span = xml.write_runs(FIRST_SHEET_ROW, rows(), PROGRESS_EVERY, progress)
        else:
            for index, _row in enumerate(rows(), start=1):
                if progress and index % PROGRESS_EVERY == 0:
                    progress(index)
    return RawFiles(count, csv_path, SheetRows(sheet_path, span) if sheet_path else None)


class _Nowhere:
    """A file that is not asked for."""

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        return None

    def write(self, _text: str) -> None:
        return None


def report_raw_files(report_id: int, directory: Path, csv: bool, sheet: bool,
                     progress: Callable[[int], None] | None = None) -> RawFiles:
    """`write_raw_files` for the raw data of a report whose kind gives it (`ReportKind.raw_data`), in the
    report's language."""
    report = db.session.get(Report, report_id)
    language = report.parameters.get("language", "fi")
    with force_locale(language):
        raw = kind_for(report.kind).raw_data(report)
        return write_raw_files(raw, language, directory, csv, sheet, progress)


class RawFilesProcess:
    """`report_raw_files` in a process of its own (spawned: a fork would copy the worker's threads' locks)."""

    def __init__(self, report_id: int, directory: Path, csv: bool, sheet: bool):
        context = multiprocessing.get_context("spawn")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_run_in_process, name=f"report-{report_id}-raw-data", daemon=True,
            args=(_picklable_config(current_app.config), report_id, directory, csv, sheet, sender))
        self._process.start()
        sender.close()
        self.rows = 0

    def wait(self, beat: Callable[[int], None]) -> RawFiles:
        """The files once the process has made them; `beat(rows)` is called while waiting. Raises the
        process's own error, or RuntimeError when it ended without a word (killed)."""
        while True:
            if self._receiver.poll(WAIT_INTERVAL):
                try:
                    kind, value = self._receiver.recv()
                except EOFError:
                    self._process.join(5)
                    raise RuntimeError(f"the raw data process ended with code {self._process.exitcode}") from None
                if kind == "rows":
                    self.rows = value
                elif kind == "done":
                    self._process.join(5)
                    return value
                else:
                    raise value
            beat(self.rows)

    def stop(self) -> None:
        """End the process if it still runs (the build failed or was taken over)."""
        self._receiver.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(10)


def _picklable_config(config) -> dict[str, Any]:
    # Everything the worker's app was configured with, so the process sees the same database and settings.
    return {key: value for key, value in config.items() if key.isupper()}


def _run_in_process(config: dict[str, Any], report_id: int, directory: Path, csv: bool, sheet: bool,
                    sender) -> None:
    try:
        app = create_app(config["ENV_NAME"], **config)
        with app.app_context():
            files = report_raw_files(report_id, directory, csv, sheet, lambda rows: sender.send(("rows", rows)))
            db.session.remove()
        sender.send(("done", files))
    except BrokenPipeError:
        return  # the build that waited for it is gone
    except Exception as error:  # noqa: BLE001 (every error is the build's, which records it)
        try:
            sender.send(("error", error))
        except Exception:  # noqa: BLE001 (an error that does not pickle goes as its text)
            sender.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    finally:
        sender.close()
