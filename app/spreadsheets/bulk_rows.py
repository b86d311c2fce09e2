"""An XlsxWriter worksheet that writes many plain rows at once, for the raw data of a report.

XlsxWriter's constant-memory mode costs about 5 µs per cell: every `write_string` checks its arguments,
stores a named tuple, and `_write_cell` turns it into XML with an attribute list and escaping per cell.
A raw-data sheet has 100,000 rows of ~36 non-empty cells of four kinds (text, number, boolean, time),
so `BulkRowsWorksheet.write_rows` writes each row's XML itself, into the same temporary file that
XlsxWriter's own row writer uses, with XlsxWriter's escaping for every text that needs any. Texts are
always inline string cells (`t="inlineStr"`), never formulas: the rule of app/spreadsheets/cells.py.

It leans on XlsxWriter's constant-memory internals (`fh`, `previous_row`, `_write_single_row`,
`_check_dimensions`); tests/unit/test_spreadsheet_cells.py reads its cells back with openpyxl and
compares them with `write_xlsx_row`'s, so an XlsxWriter upgrade that moves them fails there.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

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


class BulkRowsWorksheet(Worksheet):
    """A worksheet (made with `workbook.add_worksheet(name, worksheet_class=BulkRowsWorksheet)` in a
    constant-memory workbook) that also takes whole rows of plain values."""

    def write_rows(self, first_row: int, rows: Iterable[list[Any]], date_format=None,
                   every: int = 0, progress=None) -> int:
        """Write `rows` from row `first_row` (from 0) down; returns the row after the last one written.

        A text is an inline string cell (control characters dropped), None nothing, a bool a boolean,
        an int, float or Decimal a number, a date or time (naive wall clock) a number in `date_format`,
        anything else its text. `progress(count)` is called every `every` rows."""
        if not self.constant_memory:
            raise ValueError("write_rows needs a workbook in constant_memory mode")
        if first_row < self.previous_row or (first_row == self.previous_row and self.table.get(first_row)):
            raise ValueError("rows are written top down: row %d is behind the rows written" % first_row)
        # Any row written cell by cell before goes out first.
        self._write_single_row(first_row)
        date_style = f' s="{date_format._get_xf_index()}"' if date_format is not None else ""
        date_1904, remove_timezone = self.date_1904, self.remove_timezone
        names: list[str] = []
        write = self.fh.write
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
        if low_column is not None:
            # The sheet's dimensions, as write_string would have kept them.
            self._check_dimensions(first_row, low_column)
            self._check_dimensions(row - 1, high_column)
            self.previous_row = row - 1
        return row
