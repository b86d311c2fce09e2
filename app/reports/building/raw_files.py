"""The raw data's files, made in one pass over its rows: the CSV and the raw-data sheet's rows (their XML,
put into the workbook later), in the build's own process or, for a large report, in a process beside it.

Producing a raw row (its answer rows read and turned into cells) costs as much as writing it, and the
rest of a build (aggregation, charts, the PDF) runs on another core meanwhile: `RawFilesProcess` starts
a process that describes the raw data anew (`RawData.remake`), reads the rows and writes both files into a
directory of the build, while the build's own process lays out and writes everything else. In the RQ
work-horse the process is forked and starts at once; where forking is unsafe (another thread runs, as in the
test suite) it is spawned and opens the app with the worker's configuration (`create_app(web=False)`),
importing only what the rows need (this module, the raw data's and the app's; no report kind, chart or PDF
library), so that it starts in about a second. It is one job: the process is the build's, stopped with it, and its failure is
the build's.

A very large raw data (REPORT_RAW_SPLIT_ROWS) is made in two such processes, each a part of the rows by
response id (`RawPart`): the second's sheet rows are numbered from where the first's end (the row count
below the boundary id, found with one query), its CSV has no headers; `joined_raw_files` puts them together.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from flask_babel import force_locale

from app import create_app
from app.extensions import db
from app.forked_processes import fork_context
from app.reports.building.document import RawData
from app.reports.building.raw_writers import DATETIME_STYLE, PROGRESS_EVERY, WORKBOOK_OPTIONS, SheetRows, csv_writer
from app.spreadsheets.bulk_rows import RowsSpan, RowsXml

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


@dataclass(frozen=True)
class RawPart:
    """A part of the raw rows, made apart from the rest: the rows with ids above `after_id` and up to
    `up_to_id` (None: to the end), which follow `rows_before` rows (0: the first part, the one with the
    CSV's headers and byte-order mark)."""

    after_id: int
    up_to_id: int | None
    rows_before: int

    @property
    def name(self) -> str:
        return f"-from-{self.rows_before}"


def write_raw_files(raw: RawData, language: str, directory: Path, csv: bool, sheet: bool,
                    progress: Callable[[int], None] | None = None, part: RawPart | None = None) -> RawFiles:
    """Read the rows of `raw` (or of its `part`) once and write the CSV (`csv`) and the raw-data sheet's
    rows (`sheet`) into `directory`; `progress(rows)` is called every PROGRESS_EVERY rows."""
    suffix = part.name if part is not None else ""
    first = part is None or part.rows_before == 0
    csv_path = directory / f"raw{suffix}.csv" if csv else None
    sheet_path = directory / f"raw-sheet{suffix}.xml" if sheet else None
    count = 0
    csv_encoding = "utf-8-sig" if first else "utf-8"
    with (csv_path.open("w", encoding=csv_encoding, newline="") if csv_path else _Nowhere()) as csv_file, \
            (sheet_path.open("w", encoding="utf-8") if sheet_path else _Nowhere()) as sheet_file:
        write_csv_row = csv_writer(csv_file, raw, language, headers=first) if csv_path else None
        xml = RowsXml(sheet_file.write, DATETIME_STYLE, remove_timezone=WORKBOOK_OPTIONS["remove_timezone"])
        row_runs = raw.row_runs((part.after_id, part.up_to_id) if part is not None else None)

        def rows():
            nonlocal count
            for count, runs in enumerate(row_runs, start=1):  # noqa: B007 (the count is read after the loop)
                if write_csv_row is not None:
                    write_csv_row(runs)
                yield runs

        if sheet_path is not None:
            first_row = FIRST_SHEET_ROW + (part.rows_before if part is not None else 0)
            span = xml.write_runs(first_row, rows(), PROGRESS_EVERY, progress)
        else:
            for index, _row in enumerate(rows(), start=1):
                if progress and index % PROGRESS_EVERY == 0:
                    progress(index)
    return RawFiles(count, csv_path, SheetRows((sheet_path,), span) if sheet_path else None)


def joined_raw_files(parts: list[RawFiles], first_rows: list[int]) -> RawFiles:
    """The raw files of `parts` (made by `write_raw_files` for parts that follow each other) as one: the
    CSV parts appended to the first one's file, the sheet's rows in each part's file. `first_rows` is the
    row count each part was made to follow; a part that has other rows before it than those (responses
    came or went between the split and the reading) fails the build, whose retry makes them anew."""
    rows = 0
    for made, rows_before in zip(parts, first_rows, strict=True):
        if rows != rows_before:
            raise RuntimeError("the raw data's rows changed while its parts were made")
        rows += made.rows
    first = parts[0]
    if first.csv_path is not None:
        with first.csv_path.open("ab") as csv_file:
            for made in parts[1:]:
                with made.csv_path.open("rb") as part_file:
                    shutil.copyfileobj(part_file, csv_file, 1 << 20)
    sheet_rows = None
    if first.sheet_rows is not None:
        spans = [made.sheet_rows.span for made in parts]
        lows = [span.low_column for span in spans if span.low_column is not None]
        highs = [span.high_column for span in spans if span.high_column is not None]
        sheet_rows = SheetRows(tuple(path for made in parts for path in made.sheet_rows.paths),
                               RowsSpan(spans[0].first_row, spans[-1].next_row, min(lows, default=None),
                                        max(highs, default=None)))
    return RawFiles(rows, first.csv_path, sheet_rows)


class _Nowhere:
    """A file that is not asked for."""

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        return None

    def write(self, _text: str) -> None:
        return None


class RawFilesProcess:
    """`write_raw_files` for `raw` (or its `part`) in a process of its own, which makes the raw data anew
    (`raw.remake`) in the report's `language`. The process is forked where that is safe (`fork_context`: the RQ
    work-horse has one thread), and begins at once with the app and its imports; else it is spawned and opens
    the app from the worker's configuration first, which takes about a second (`forked` says which)."""

    def __init__(self, raw: RawData, language: str, directory: Path, csv: bool, sheet: bool,
                 part: RawPart | None = None, name: str = "report"):
        if raw.remake is None:
            raise ValueError("this raw data is made in the build's own process only")
        context = fork_context()
        self.forked = context is not None
        if context is None:
            context = multiprocessing.get_context("spawn")
            opening = _picklable_config(current_app.config)
        else:
            opening = current_app._get_current_object()
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_run_in_process, name=f"{name}-raw-data{part.name if part else ''}", daemon=True,
            args=(opening, raw.remake, language, directory, csv, sheet, sender, part))
        self._process.start()
        sender.close()
        self.rows = 0
        self._done = False

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
                    # Its files are whole: the process ends on its own meanwhile (`stop` joins it).
                    self._done = True
                    return value
                else:
                    raise value
            beat(self.rows)

    def stop(self) -> None:
        """Wait for a process that has made its files to end, and end one that still runs (the build failed or was
        taken over)."""
        self._receiver.close()
        if self._done:
            self._process.join(10)
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(10)


def _picklable_config(config) -> dict[str, Any]:
    # Everything the worker's app was configured with, so the process sees the same database and settings.
    return {key: value for key, value in config.items() if key.isupper()}


def _opened_app(opening: Flask | dict[str, Any]) -> Flask:
    """The app a raw-data process works in: when forked, the worker's own, whose inherited database connections
    belong to the worker and are left alone (a new pool; the old one's connections neither used nor closed);
    when spawned, one opened from the worker's configuration."""
    if isinstance(opening, Flask):
        with opening.app_context():
            db.engine.dispose(close=False)
        return opening
    return create_app(opening["ENV_NAME"], web=False, **opening)


def _run_in_process(opening: Flask | dict[str, Any], remake: Callable[[], RawData], language: str, directory: Path,
                    csv: bool, sheet: bool, sender, part: RawPart | None) -> None:
    try:
        app = _opened_app(opening)
        with app.app_context(), force_locale(language):
            raw = remake()
            # A pass over the rows leaves no cyclic garbage (none found after 20,000 rows; the raw rows' test
            # checks it), while the collector's passes over the rows in the making cost about a tenth of its
            # time: the process, which ends with the pass, runs it without them.
            gc.disable()
            files = write_raw_files(raw, language, directory, csv, sheet, lambda rows: sender.send(("rows", rows)),
                                    part)
            db.session.remove()
            db.engine.dispose()
        sender.send(("done", files))
        sender.close()
        # Ended at once, its connections closed: the interpreter's own teardown of what the pass made (≈ 0.4 s at
        # 20,000 rows, measured) would only hold a core the build and the other part want.
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    except BrokenPipeError:
        return  # the build that waited for it is gone
    except Exception as error:  # noqa: BLE001 (every error is the build's, which records it)
        _send_error(sender, error)
    finally:
        sender.close()


def _send_error(sender, error: Exception) -> None:
    try:
        sender.send(("error", error))
    except BrokenPipeError:
        return  # the build that waited for it is gone
    except Exception:  # noqa: BLE001 (an error that does not pickle goes as its text)
        sender.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
