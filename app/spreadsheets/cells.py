"""The one rule for cells in every CSV and XLSX file the platform writes: text stays text, never a formula.

Every writer of a spreadsheet or CSV file (report files, raw data, survey export, register export,
templates, and any channel added later) must pass each value, headers included, through this module:
`csv_row` for a CSV row, `xlsx_row` (or `xlsx_cell`) for an XLSX row, in normal and write-only
workbooks alike. Answers come from anonymous visitors and labels from staff; either may start with
"=", "+", "-" or "@", which Excel and LibreOffice run as a formula (formula or CSV injection).

- XLSX: a text is written as a text cell (`data_type` "s"). openpyxl would otherwise store a text
  starting with "=" as a formula and "#N/A" as an error, and it raises on control characters, which
  are dropped here. The report workbooks are written with XlsxWriter (several times faster on raw
  data): `write_xlsx_row` writes a text with `write_string`, never with `write`, which would run it;
  a raw-data sheet of many rows goes through `app/spreadsheets/bulk_rows.py`, which writes the same cells.
- CSV has no cell types, so a text that a spreadsheet program would run gets an apostrophe in front
  (the OWASP rule): one that starts with = + - @ tab or carriage return, also after leading
  whitespace, or with their full-width forms. A text made only of digits, spaces and + - ( ) . ,
  (a phone number, a negative number) cannot call anything and is written as it is.
  `unescape_csv_text` undoes the prefix when such a file is read back in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any


_FORMULA_FIRST = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_RUN_FIRST = frozenset("\t\r")
_NUMBER_LIKE = re.compile(r"[\d\s+\-().,]*\d[\d\s+\-().,]*")
# The control characters XML 1.0 forbids; openpyxl raises IllegalCharacterError on them.
ILLEGAL_IN_XLSX = re.compile(r"[\000-\010\013\014\016-\037]")


def needs_prefix(value: str) -> bool:
    """Whether a spreadsheet program reading `value` from a CSV file could run it as a formula."""
    if not value:
        return False
    if value[0] in _RUN_FIRST:
        return True
    stripped = value.lstrip()
    if not stripped or stripped[0] not in _FORMULA_FIRST:
        return False
    return _NUMBER_LIKE.fullmatch(value) is None


def csv_text(value: str) -> str:
    """`value` as a CSV cell that no spreadsheet program runs."""
    return "'" + value if needs_prefix(value) else value


def unescape_csv_text(value: str) -> str:
    """The text that `csv_text` wrote as `value` (an apostrophe only this module added goes away)."""
    return value[1:] if value.startswith("'") and needs_prefix(value[1:]) else value


def csv_value(value: Any) -> Any:
    """One value for `csv.writer`: texts made safe, None empty, everything else as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A row for `csv.writer.writerow`."""
    return [csv_value(value) for value in values]


def xlsx_cell(sheet, value: Any, font=None, alignment=None, number_format: str | None = None):
    """A cell for `sheet.append` (write-only or normal sheet): a text is always a text cell."""
    # Here, not at import: openpyxl is big and most web requests write no spreadsheet.
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = ILLEGAL_IN_XLSX.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    return cell


def xlsx_row(sheet, values: Iterable[Any], font=None) -> list:
    """A row of cells for `sheet.append`."""
    return [xlsx_cell(sheet, value, font=font) for value in values]


def write_xlsx_row(worksheet, row: int, values: Iterable[Any], cell_format=None, date_format=None) -> None:
    """Write `values` into row `row` (from 0) of an XlsxWriter worksheet: a text always as a text cell
    (control characters dropped), None as nothing, a time (naive, wall clock) in `date_format`."""
    write_string, write_number = worksheet.write_string, worksheet.write_number
    for column, value in enumerate(values):
        if value is None:
            continue
        if isinstance(value, str):
            if ILLEGAL_IN_XLSX.search(value):
                value = ILLEGAL_IN_XLSX.sub("", value)
            write_string(row, column, value, cell_format)
        elif isinstance(value, bool):
            worksheet.write_boolean(row, column, value, cell_format)
        elif isinstance(value, (int, float, Decimal)):
            write_number(row, column, value, cell_format)
        elif isinstance(value, (datetime, date)):
            worksheet.write_datetime(row, column, value, date_format or cell_format)
        else:
            write_string(row, column, ILLEGAL_IN_XLSX.sub("", str(value)), cell_format)


def unique_heading(name: str, taken: list[str]) -> str:
    """``name``, or ``name_2``, ``name_3``… when a column of the sheet already has it."""
    unique, number = name, 2
    while unique in taken:
        unique, number = f"{name}_{number}", number + 1
    return unique
