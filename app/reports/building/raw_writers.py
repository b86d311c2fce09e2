"""What the raw rows are written with, in the build's process and in a raw-data process beside it (which
imports no chart or PDF library): the CSV's rows, and the raw-data sheet's time style and workbook options."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from app.reports.building.document import RawData
from app.reports.building.formatting import csv_delimiter
from app.spreadsheets.bulk_rows import RowsSpan
from app.spreadsheets.cell_runs import CellRun
from app.spreadsheets.cells import csv_value

PROGRESS_EVERY = 5000
WORKBOOK_OPTIONS = {"constant_memory": True, "remove_timezone": True}
# The xf index of the time format: the first one the workbook numbers (files._Formats), so that the raw-data
# sheet's rows can be made before the workbook exists, in another process (raw_files.py).
DATETIME_STYLE = 1


@dataclass
class SheetRows:
    """The raw-data sheet's rows made apart from the workbook (`bulk_rows.RowsXml`, dates in
    DATETIME_STYLE): their XML in files, and where they lie."""

    paths: tuple[Path, ...]  # one file, or the parts made apart, whose rows follow each other
    span: RowsSpan



def csv_writer(stream: IO[str], raw: RawData, language: str, headers: bool = True
               ) -> Callable[[list[CellRun]], None]:
    """Write the CSV's two header rows to `stream` (text; the byte-order mark is the caller's) unless
    `headers` is false (a part of the rows that follows another); returns the function that writes one raw
    row given as runs of cells (`RawData.row_runs`)."""
    delimiter = csv_delimiter(language)
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    if headers:
        writer.writerow(_csv_value(v, delimiter) for v in raw.headings or raw.columns)
        writer.writerow(_csv_value(v, delimiter) for v in raw.columns)
    writerow = writer.writerow
    blank: list[Any] = [None] * len(raw.columns)

    def write_row(runs: list[CellRun]) -> None:
        cells = blank[:]
        for run in runs:
            texts = run.csv
            if texts is None:
                # Made once per run, kept on it. Most cells of a raw row are empty or whole numbers, which
                # csv.writer writes as they are (None as nothing): only the rest go through _csv_value.
                texts = run.csv = tuple(v if v is None or type(v) is int else _csv_value(v, delimiter)
                                        for v in run.values)
                if run.end > len(blank):
                    blank.extend([None] * (run.end - len(blank)))
                    cells.extend([None] * (run.end - len(cells)))
            cells[run.start:run.end] = texts
        writerow(cells)

    return write_row


def _csv_value(value, delimiter: str):
    """A cell for the CSV writer: texts kept from running as formulas, times as Finns write them in a
    spreadsheet's date column, and decimal commas where the separator is a semicolon."""
    if isinstance(value, datetime):
        # isoformat makes a naive time's text (every raw row's submission time) in a third of strftime's time.
        return value.isoformat(" ", "seconds") if value.tzinfo is None else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, (float, Decimal)) and delimiter == ";":
        return str(value).replace(".", ",")
    return csv_value(value)
