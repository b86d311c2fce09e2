"""An XlsxWriter worksheet that writes many plain rows at once, for the raw data of a report.

XlsxWriter's constant-memory mode costs about 5 µs per cell: every `write_string` checks its arguments,
stores a named tuple, and `_write_cell` turns it into XML with an attribute list and escaping per cell.
A raw-data sheet has 100,000 rows of ~36 non-empty cells of four kinds (text, number, boolean, time),
so `BulkRowsWorksheet.write_rows` writes each row's XML itself, into the same temporary file that
XlsxWriter's own row writer uses, with XlsxWriter's escaping for every text that needs any. Texts are
always inline string cells (`t="inlineStr"`), never formulas: the rule of app/spreadsheets/cells.py.

Rows may come as runs of cells (`app/spreadsheets/cell_runs.py`), whose XML is made once per run: the
raw data's answers that many responses share cost a slice and a join per row. The rows' XML may also be
made apart from the workbook (`RowsXml`, into a file of its own, in another process) and put into the
written workbook afterwards (`BulkRowsWorksheet.reserve_rows`, `put_in_reserved_rows`: streamed into the
sheet's part of the package, deflated at a lower level than XlsxWriter's): the report build makes the
raw-data sheet's rows beside the rest of its work that way.

It leans on XlsxWriter's constant-memory internals (`fh`, `previous_row`, `_write_single_row`,
`_check_dimensions`); tests/unit/test_spreadsheet_cells.py reads its cells back with openpyxl and
compares them with `write_xlsx_row`'s, so an XlsxWriter upgrade that moves them fails there.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from xlsxwriter.utility import _datetime_to_excel_datetime, _preserve_whitespace, xl_col_to_name
from xlsxwriter.worksheet import Worksheet
from xlsxwriter.xmlwriter import XMLwriter

from app.spreadsheets.cell_runs import CellRun, runs_of_rows
from app.spreadsheets.cells import ILLEGAL_IN_XLSX

# A text that XlsxWriter would change on its way into the XML: markup characters, control characters,
# a literal "_x0041_" escape, the two non-characters, or leading or trailing white space.
_NEEDS_ESCAPING = re.compile(r"[&<>\x00-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_ROW_LIMIT = 1_048_576
# The place left in a sheet's XML for rows put in after the workbook is written (reserve_rows), and the
# compression of the sheet that gets them: zlib's level 1 deflates a raw-data sheet's XML ≈ 3 times as fast as
# XlsxWriter's level 6 (0.14 against 0.44 s of CPU for 20,000 rows, 28 MB), for a file ≈ 38 % larger.
_RESERVED = "<!--reserved rows-->"
_RESERVED_BYTES = _RESERVED.encode()
RESERVED_ROWS_COMPRESSLEVEL = 1
# Where a cell's reference has its row number, in a run's XML made before the row is known: a control
# character, which no text keeps in the XML (ILLEGAL_IN_XLSX drops it).
ROW_NUMBER = "\x00"


def _text_xml(value: str) -> str:
    """The inside of an inline string cell for `value`, as XlsxWriter's own row writer makes it."""
    if ILLEGAL_IN_XLSX.search(value):
        value = ILLEGAL_IN_XLSX.sub("", value)
    value = XMLwriter._escape_control_characters(value)
    preserve = ' xml:space="preserve"' if _preserve_whitespace(value) else ""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<is><t{preserve}>{value}</t></is>"


@dataclass(frozen=True)
class RowsSpan:
    """Where rows written by `RowsXml` lie: the rows from `first_row` to before `next_row`, and the
    lowest and highest column holding a value (None when every row was empty)."""

    first_row: int
    next_row: int
    low_column: int | None = None
    high_column: int | None = None


class RowsXml:
    """Rows of plain values as a worksheet's `<row>` elements, written to `write`.

    A text is an inline string cell (control characters dropped), None nothing, a bool a boolean,
    an int, float or Decimal a number, a date or time a number in the cell style `date_style` (an
    XlsxWriter format's xf index), anything else its text.

    Rows come as runs of cells (`app/spreadsheets/cell_runs.py`): a run's cells are turned into XML once,
    with a placeholder for the row number, and kept on the run; a row is its runs' XML joined, the row
    number put in. A run shared by many rows (a raw row's common answer) costs a slice and a join per row."""

    def __init__(self, write: Callable[[str], Any], date_style: int | None = None, date_1904: bool = False,
                 remove_timezone: bool = True):
        self.write = write
        self.date_style = date_style
        self.date_1904 = date_1904
        self.remove_timezone = remove_timezone

    def write_rows(self, first_row: int, rows: Iterable[list[Any]], every: int = 0,
                   progress: Callable[[int], None] | None = None) -> RowsSpan:
        """Write `rows` from row `first_row` (from 0) down; `progress(count)` is called every `every` rows."""
        return self.write_runs(first_row, runs_of_rows(rows), every, progress)

    def write_runs(self, first_row: int, rows: Iterable[list[CellRun]], every: int = 0,
                   progress: Callable[[int], None] | None = None) -> RowsSpan:
        """Write rows given as runs of cells from row `first_row` (from 0) down; `progress(count)` is called
        every `every` rows. A run's XML is made the first time it is written and kept on it (`CellRun.xml`)."""
        date_style = f' s="{self.date_style}"' if self.date_style is not None else ""
        date_1904, remove_timezone = self.date_1904, self.remove_timezone
        names: list[str] = []
        blank: list[str] = []
        write = self.write
        row = first_row
        low_column, high_column = None, None

        def run_xml(run: CellRun, parts: list[str]) -> tuple[str, ...]:
            # Each cell's XML, its reference ending in ROW_NUMBER, and the sheet's columns widened to the run.
            nonlocal low_column, high_column
            while len(names) < run.end:
                names.append(xl_col_to_name(len(names)))
            if len(blank) < run.end:
                blank.extend([""] * (run.end - len(blank)))
            if len(parts) < run.end:
                parts.extend([""] * (run.end - len(parts)))
            cells = []
            for column, value in enumerate(run.values, start=run.start):
                if value is None:
                    cells.append("")
                    continue
                if low_column is None or column < low_column:
                    low_column = column
                if high_column is None or column > high_column:
                    high_column = column
                cells.append(_cell_xml(names[column], value, date_style, date_1904, remove_timezone))
            texts = tuple(cells)
            run.xml = texts
            return texts

        for runs in rows:
            if row >= _ROW_LIMIT:
                raise ValueError("more rows than a worksheet holds")
            parts = blank[:]
            for run in runs:
                texts = run.xml
                if texts is None:
                    texts = run_xml(run, parts)
                parts[run.start:run.end] = texts
            cells = "".join(parts)
            if cells:
                number = str(row + 1)
                write(f'<row r="{number}">{cells.replace(ROW_NUMBER, number)}</row>')
            row += 1
            if progress and every and (row - first_row) % every == 0:
                progress(row - first_row)
        return RowsSpan(first_row, row, low_column, high_column)


def _cell_xml(name: str, value: Any, date_style: str, date_1904: bool, remove_timezone: bool) -> str:
    """One cell's XML in column `name`, its row number left as ROW_NUMBER."""
    cell = f"{name}{ROW_NUMBER}"
    kind = type(value)
    if kind is str:
        if _NEEDS_ESCAPING.search(value) is None:
            return f'<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>'
        return f'<c r="{cell}" t="inlineStr">{_text_xml(value)}</c>'
    if kind is bool:
        return f'<c r="{cell}" t="b"><v>{int(value)}</v></c>'
    if kind is int or kind is float or kind is Decimal:
        if kind is float and not math.isfinite(value):
            return f'<c r="{cell}" t="inlineStr">{_text_xml(str(value))}</c>'
        return f'<c r="{cell}"><v>{value:.16G}</v></c>'
    if isinstance(value, (datetime, date)):
        serial = _datetime_to_excel_datetime(value, date_1904, remove_timezone)
        return f'<c r="{cell}"{date_style}><v>{serial:.16G}</v></c>'
    if isinstance(value, str):
        return f'<c r="{cell}" t="inlineStr">{_text_xml(str(value))}</c>'
    if isinstance(value, (int, float, Decimal)):
        return f'<c r="{cell}"><v>{value:.16G}</v></c>'
    return f'<c r="{cell}" t="inlineStr">{_text_xml(str(value))}</c>'


class BulkRowsWorksheet(Worksheet):
    """A worksheet (made with `workbook.add_worksheet(name, worksheet_class=BulkRowsWorksheet)` in a
    constant-memory workbook) that also takes whole rows of plain values."""

    def write_rows(self, first_row: int, rows: Iterable[list[Any]], date_format=None,
                   every: int = 0, progress=None) -> int:
        """Write `rows` from row `first_row` (from 0) down, as `RowsXml` does; returns the row after the
        last one written. `progress(count)` is called every `every` rows."""
        return self.write_runs(first_row, runs_of_rows(rows), date_format, every, progress)

    def write_runs(self, first_row: int, rows: Iterable[list[CellRun]], date_format=None,
                   every: int = 0, progress=None) -> int:
        """`write_rows` for rows given as runs of cells (`RowsXml.write_runs`)."""
        self._start_rows(first_row)
        xml = RowsXml(self.fh.write, date_format._get_xf_index() if date_format is not None else None,
                      self.date_1904, self.remove_timezone)
        span = xml.write_runs(first_row, rows, every, progress)
        self._end_rows(span)
        return span.next_row

    def reserve_rows(self, span: RowsSpan) -> int:
        """Leave the place of rows that `RowsXml` wrote elsewhere (the place `span` says), for
        `put_in_reserved_rows` to put them into the written workbook; returns the row after them. Their
        date style must be one of this workbook's. The sheet's dimensions count them already."""
        self._start_rows(span.first_row)
        self.fh.write(_RESERVED)
        self._end_rows(span)
        return span.next_row

    def _start_rows(self, first_row: int) -> None:
        if not self.constant_memory:
            raise ValueError("bulk rows need a workbook in constant_memory mode")
        if first_row < self.previous_row or (first_row == self.previous_row and self.table.get(first_row)):
            raise ValueError("rows are written top down: row %d is behind the rows written" % first_row)
        # Any row written cell by cell before goes out first.
        self._write_single_row(first_row)

    def _end_rows(self, span: RowsSpan) -> None:
        if span.low_column is not None:
            # The sheet's dimensions, as write_string would have kept them.
            self._check_dimensions(span.first_row, span.low_column)
            self._check_dimensions(span.next_row - 1, span.high_column)
            self.previous_row = span.next_row - 1


def put_in_reserved_rows(xlsx: bytes, rows: IO[bytes] | Sequence[IO[bytes]],
                         compresslevel: int = RESERVED_ROWS_COMPRESSLEVEL) -> bytes:
    """The workbook `xlsx` (as XlsxWriter wrote it) with the rows of `rows` (UTF-8 XML from `RowsXml`; or
    several such files, whose rows follow each other, one after the other) in the place that
    `BulkRowsWorksheet.reserve_rows` left. The package is written anew, every part as it was, the sheet
    with the rows streamed into its part at `compresslevel`."""
    output = io.BytesIO()
    parts = [rows] if hasattr(rows, "read") else list(rows)
    size = 0
    for part_rows in parts:
        size += part_rows.seek(0, io.SEEK_END)
        part_rows.seek(0)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as target:
        placed = False
        for info in source.infolist():
            data = source.read(info)
            reserved = _RESERVED_BYTES in data if info.filename.startswith("xl/worksheets/") else False
            if not reserved:
                target.writestr(zipfile.ZipInfo(info.filename, info.date_time), data)
                continue
            if placed:
                raise ValueError("rows reserved in more than one sheet")
            placed = True
            head, tail = data.split(_RESERVED_BYTES)
            # A new part's time is 1980-01-01, as XlsxWriter gives its parts.
            with target.open(info.filename, "w",
                             force_zip64=len(head) + size + len(tail) > zipfile.ZIP64_LIMIT) as part:
                part.write(head)
                for part_rows in parts:
                    shutil.copyfileobj(part_rows, part, 1 << 20)
                part.write(tail)
        if not placed:
            raise ValueError("no sheet has rows reserved")
    return output.getvalue()
