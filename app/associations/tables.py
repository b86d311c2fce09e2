"""Reading and writing spreadsheet files: CSV as Finnish Excel writes it (any encoding, ; or ,) and XLSX."""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.errors import DomainError
from app.spreadsheets.archives import check_xlsx_archive
from app.spreadsheets.cells import csv_row, unescape_csv_text, xlsx_row

MAX_ROWS = 5000
MAX_COLUMNS = 40
_XLSX_MAGIC = b"PK\x03\x04"


class TableFileError(DomainError):
    """The upload is not a readable CSV or XLSX file; belongs beside the file field."""

    def __init__(self, message):
        super().__init__(message, "file")


@dataclass
class TableFile:
    """The rows of an uploaded file with something in them (the header first), each with its row number
    as a spreadsheet program shows it, and how many empty rows were skipped."""

    rows: list[list[str]]
    row_numbers: list[int]
    blank_rows: int

    @property
    def data_rows(self) -> int:
        return len(self.rows) - 1


def read_table(filename: str, data: bytes) -> TableFile:
    """Every row of a CSV or XLSX file as lists of stripped strings, empty rows skipped and counted.

    Never truncates: raises TableFileError when the file cannot be read or has more than MAX_ROWS
    rows with data (empty rows do not count).
    """
    if data.startswith(_XLSX_MAGIC):
        raw = _read_xlsx(data)
    elif filename.lower().endswith(".xlsx"):
        raise TableFileError(_l("The file is not a valid Excel (XLSX) file. Save it again in Excel and upload it."))
    else:
        raw = _read_csv(data)
    table = TableFile([], [], 0)
    for number, row in enumerate(raw, start=1):
        if not any(row):
            table.blank_rows += 1
            continue
        if table.data_rows >= MAX_ROWS:
            raise TableFileError(_l("The file has more than %(max)s rows. Split it into smaller files.", max=MAX_ROWS))
        table.rows.append(_trim(row))
        table.row_numbers.append(number)
    if not table.rows:
        raise TableFileError(_l("The file is empty."))
    return table


def _trim(row: list[str]) -> list[str]:
    while row and not row[-1]:
        row = row[:-1]
    return row


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise TableFileError(_l("The file is not a CSV file. Upload a CSV or XLSX file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Windows writes "CSV" in the Windows code page unless told to use UTF-8.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise TableFileError(_l("The file is not a CSV file in UTF-8 or Windows encoding.")) from None


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ";"


def _read_csv(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)):
            yield [unescape_csv_text(cell.strip()) for cell in row[:MAX_COLUMNS]]
    except csv.Error:
        raise TableFileError(_l("The file is not a valid CSV file.")) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # here, not at import: web workers rarely need it (~40 MB)

    check_xlsx_archive(data, max_strings=(MAX_ROWS + 1) * MAX_COLUMNS)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # openpyxl raises many unrelated errors on a damaged file (zip, XML parser, KeyError, ValueError...).
    except Exception as error:  # noqa: BLE001
        raise _not_xlsx() from error
    try:
        sheet = workbook.worksheets[0]
        # The stored dimension may claim a million rows (formatted columns): read only the rows there are.
        sheet.reset_dimensions()
        yield from _xlsx_rows(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
    finally:
        workbook.close()


def _xlsx_rows(rows: Iterable[tuple]) -> Iterator[list[str]]:
    try:
        for values in rows:
            yield [_cell_text(value) for value in values]
    except Exception as error:  # noqa: BLE001 (as above, while the rows stream)
        raise _not_xlsx() from error


def _not_xlsx() -> TableFileError:
    return TableFileError(_l("The file is not a valid Excel (XLSX) file. Save it again in Excel and upload it."))


def write_csv(rows: list[list[str]]) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark, as Finnish Excel opens it."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(csv_row(row))
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(rows: list[list[str]], title: str) -> bytes:
    """One sheet of text cells (never formulas), header row bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max((len(str(cell.value or "")) for cell in column), default=10)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
