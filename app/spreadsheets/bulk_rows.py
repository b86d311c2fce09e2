"""An XlsxWriter worksheet that writes many plain rows at once, for the raw data of a report.

XlsxWriter's constant-memory mode costs about 5 µs per cell: every `write_string` checks its arguments,
stores a named tuple, and `_write_cell` turns it into XML with an attribute list and escaping per cell.
A raw-data sheet has 100,000 rows of ~36 non-empty cells of four kinds (text, number, boolean, time),
so `BulkRowsWorksheet.write_rows` writes each row's XML itself, into the same temporary file that
XlsxWriter's own row writer uses, with XlsxWriter's escaping for every text that needs any. Texts are
always inline string cells (`t="inlineStr"`), never formulas: the rule of app/spreadsheets/cells.py.

The rows' XML may also be made apart from the workbook (`RowsXml`, into a file of its own, in another
process) and put into the sheet afterwards (`BulkRowsWorksheet.add_rows_xml`): the report build makes
the raw-data sheet's rows beside the rest of its work that way.

It leans on XlsxWriter's constant-memory internals (`fh`, `previous_row`, `_write_single_row`,
`_check_dimensions`); tests/unit/test_spreadsheet_cells.py reads its cells back with openpyxl and
compares them with `write_xlsx_row`'s, so an XlsxWriter upgrade that moves them fails there.
"""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from xlsxwriter.utility import _datetime_to_excel_datetime, _preserve_whitespace, xl_col_to_name
from xlsxwriter.worksheet import Worksheet
from xlsxwriter.xmlwriter import XMLwriter

from app.spreadsheets.cells import ILLEGAL_IN_XLSX

# A text that XlsxWriter would change on its way into the XML: markup characters, control characters,
# a literal "_x0041_" escape, the two non-characters, or leading or trailing white space.
_NEEDS_ESCAPING = re.compile(r"[&<>\x00-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_ROW_LIMIT = 1_048_576


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
    XlsxWriter format's xf index), anything else its text."""

    def __init__(self, write: Callable[[str], Any], date_style: int | None = None, date_1904: bool = False,
                 remove_timezone: bool = True):
        self.write = write
        self.date_style = date_style
        self.date_1904 = date_1904
        self.remove_timezone = remove_timezone

    def write_rows(self, first_row: int, rows: Iterable[list[Any]], every: int = 0,
                   progress: Callable[[int], None] | None = None) -> RowsSpan:
        """Write `rows` from row `first_row` (from 0) down; `progress(count)` is called every `every` rows."""
        date_style = f' s="{self.date_style}"' if self.date_style is not None else ""
        date_1904, remove_timezone = self.date_1904, self.remove_timezone
        names: list[str] = []
        write = self.write
        row = first_row
        low_column, high_column = None, None
        for row_values in rows:
            if row >= _ROW_LIMIT:
                raise ValueError("more rows than a worksheet holds")
            number = row + 1
            while len(names) < len(row_values):
                names.append(xl_col_to_name(len(names)))
            parts = [f'<row r="{number}">']
            append = parts.append
            first_column = last_column = None
            for column, value in enumerate(row_values):
                if value is None:
                    continue
                if first_column is None:
                    first_column = column
                last_column = column
                cell = f"{names[column]}{number}"
                kind = type(value)
                if kind is str:
                    if _NEEDS_ESCAPING.search(value) is None:
                        append(f'<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>')
                    else:
                        append(f'<c r="{cell}" t="inlineStr">{_text_xml(value)}</c>')
                elif kind is bool:
                    append(f'<c r="{cell}" t="b"><v>{int(value)}</v></c>')
                elif kind is int or kind is float or kind is Decimal:
                    if kind is float and not math.isfinite(value):
                        append(f'<c r="{cell}" t="inlineStr">{_text_xml(str(value))}</c>')
                    else:
                        append(f'<c r="{cell}"><v>{value:.16G}</v></c>')
                elif isinstance(value, (datetime, date)):
                    serial = _datetime_to_excel_datetime(value, date_1904, remove_timezone)
                    append(f'<c r="{cell}"{date_style}><v>{serial:.16G}</v></c>')
                elif isinstance(value, str):
                    append(f'<c r="{cell}" t="inlineStr">{_text_xml(str(value))}</c>')
                elif isinstance(value, (int, float, Decimal)):
                    append(f'<c r="{cell}"><v>{value:.16G}</v></c>')
                else:
                    append(f'<c r="{cell}" t="inlineStr">{_text_xml(str(value))}</c>')
            if first_column is not None:
                append("</row>")
                write("".join(parts))
                if low_column is None or first_column < low_column:
                    low_column = first_column
                if high_column is None or last_column > high_column:
                    high_column = last_column
            row += 1
            if progress and every and (row - first_row) % every == 0:
                progress(row - first_row)
        return RowsSpan(first_row, row, low_column, high_column)


class BulkRowsWorksheet(Worksheet):
    """A worksheet (made with `workbook.add_worksheet(name, worksheet_class=BulkRowsWorksheet)` in a
    constant-memory workbook) that also takes whole rows of plain values."""

    def write_rows(self, first_row: int, rows: Iterable[list[Any]], date_format=None,
                   every: int = 0, progress=None) -> int:
        """Write `rows` from row `first_row` (from 0) down, as `RowsXml` does; returns the row after the
        last one written. `progress(count)` is called every `every` rows."""
        self._start_rows(first_row)
        xml = RowsXml(self.fh.write, date_format._get_xf_index() if date_format is not None else None,
                      self.date_1904, self.remove_timezone)
        span = xml.write_rows(first_row, rows, every, progress)
        self._end_rows(span)
        return span.next_row

    def add_rows_xml(self, source: IO[bytes], span: RowsSpan) -> int:
        """Put rows that `RowsXml` wrote (UTF-8, read from the binary file `source`) into the sheet at the
        place `span` says; returns the row after them. Their date style must be one of this workbook's."""
        self._start_rows(span.first_row)
        self.fh.flush()
        shutil.copyfileobj(source, self.fh.buffer, 1 << 20)
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
