"""The spreadsheet, CSV and chart-archive writers, and the file names and types of each format."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import BarChart
from openpyxl.chart import Reference as _ChartReference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.reports.building import charts
from app.reports.building.document import RawData, ReportDocument, Share
from app.reports.building.formatting import csv_delimiter
from app.spreadsheets.cells import csv_value, xlsx_cell, xlsx_row

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}
# Excel refuses sheet titles over 31 characters or with any of these.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
PROGRESS_EVERY = 5000
PERCENT_FORMAT = "0.0 %"


def _chart_range(sheet_title: str, column: int, first_row: int, last_row: int) -> _ChartReference:
    # A write-only sheet cannot be handed to Reference; the range is named by the sheet's title.
    quoted = sheet_title.replace("'", "''")
    return _ChartReference(range_string=f"'{quoted}'!${get_column_letter(column)}${first_row}:"
                                        f"${get_column_letter(column)}${last_row}")


@dataclass
class BuiltFile:
    format: str
    filename: str
    content_type: str
    data: bytes


def _sheet_title(text: str, used: set[str]) -> str:
    # Runs of spaces (a forbidden character replaced beside one) become one.
    base = " ".join(_SHEET_FORBIDDEN.sub(" ", text).split())[:28].strip() or "Sheet"
    title, number = base, 2
    while title.casefold() in used:
        title = f"{base[:25]} ({number})"
        number += 1
    used.add(title.casefold())
    return title


def _excel_value(value):
    if isinstance(value, datetime):
        # openpyxl cannot write timezone-aware datetimes.
        return value.replace(tzinfo=None)
    return value


def _table_cell(sheet, value):
    if isinstance(value, Share):
        return xlsx_cell(sheet, float(value), number_format=PERCENT_FORMAT)
    return xlsx_cell(sheet, _excel_value(value))


def _native_chart(section, table, header_row: int, title: str) -> BarChart | None:
    """An editable bar chart of a choice question's shares (label column A, share column C)."""
    if section.chart is None or section.chart.kind != "bars" or len(table.columns) != 3 or not table.raw:
        return None
    chart = BarChart()
    chart.type = "bar"
    chart.title = section.title[:250]
    chart.legend = None
    chart.y_axis.title = table.columns[2]
    chart.y_axis.number_format = PERCENT_FORMAT
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1  # shares: the axis ends at 100 %
    chart.y_axis.majorGridlines = None
    last = header_row + len(table.raw)
    chart.add_data(_chart_range(title, 3, header_row, last), titles_from_data=True)
    chart.set_categories(_chart_range(title, 1, header_row + 1, last))
    chart.x_axis.scaling.orientation = "maxMin"  # the first option on top, as in the table
    chart.height = max(6.0, 1.0 + 0.8 * len(table.raw))
    chart.width = 18.0
    return chart


def write_xlsx(document: ReportDocument, include_raw: bool = True,
               progress: Callable[[int], None] | None = None) -> bytes:
    """A write-only workbook: a sheet per section (its tables as numbers) and a raw-data sheet."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    bold = Font(bold=True)
    for section in document.sections:
        if not section.tables and not section.texts and not section.notes:
            continue
        sheet_title = _sheet_title(section.title, used)
        sheet = workbook.create_sheet(sheet_title)
        sheet.column_dimensions["A"].width = 50
        widest = max((len(table.columns) for table in section.tables), default=1)
        for index in range(2, widest + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 16
        sheet.append([xlsx_cell(sheet, section.title, font=Font(bold=True, size=13))])
        row_number = 1
        if section.n_text:
            sheet.append(xlsx_row(sheet, [section.n_text]))
            row_number += 1
        charts_here = []
        for table in section.tables:
            sheet.append([])
            row_number += 1
            if table.caption:
                sheet.append([xlsx_cell(sheet, table.caption, font=bold)])
                row_number += 1
            sheet.append([xlsx_cell(sheet, column, font=bold, alignment=Alignment(wrap_text=True))
                          for column in table.columns])
            row_number += 1
            native = _native_chart(section, table, row_number, sheet_title)
            if native is not None:
                charts_here.append(native)
            for row in table.raw or table.rows:
                sheet.append([_table_cell(sheet, v) for v in row])
                row_number += 1
        for note in section.notes:
            sheet.append(xlsx_row(sheet, [note]))
        if section.texts:
            sheet.append([])
            sheet.append(xlsx_row(sheet, [section.texts_heading]))
            for text in section.texts:
                sheet.append(xlsx_row(sheet, [text]))
        for native in charts_here:
            sheet.add_chart(native, "E3")
    if include_raw and document.raw is not None:
        _raw_sheet(workbook, document.raw, used, progress)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _raw_sheet(workbook: Workbook, raw: RawData, used: set[str], progress) -> None:
    """Headings in the report's language, the keys below them, then the rows; the two header rows
    stay in view and carry the filters."""
    sheet = workbook.create_sheet(_sheet_title("Data", used))
    bold = Font(bold=True)
    for index, heading in enumerate(raw.headings or raw.columns):
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(12, len(heading) * 0.9), 45)
    sheet.freeze_panes = "B3"
    for header in (raw.headings or raw.columns, raw.columns):
        sheet.append(xlsx_row(sheet, header, font=bold))
    last = 2
    for index, row in enumerate(raw.rows(), start=1):
        sheet.append(xlsx_row(sheet, [_excel_value(v) for v in row]))
        last += 1
        if progress and index % PROGRESS_EVERY == 0:
            progress(index)
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(raw.columns))}{last}"


def write_csv(raw: RawData, language: str = "fi", progress: Callable[[int], None] | None = None) -> bytes:
    """Raw rows as UTF-8 CSV with a byte-order mark, so that Excel reads ä and ö right: semicolons
    and decimal commas in Finnish and Swedish, the headings and then the keys as header rows."""
    buffer = io.StringIO()
    delimiter = csv_delimiter(language)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(_csv_value(v, delimiter) for v in raw.headings or raw.columns)
    writer.writerow(_csv_value(v, delimiter) for v in raw.columns)
    for index, row in enumerate(raw.rows(), start=1):
        writer.writerow([_csv_value(v, delimiter) for v in row])
        if progress and index % PROGRESS_EVERY == 0:
            progress(index)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _csv_value(value, delimiter: str):
    """A cell for the CSV writer: texts kept from running as formulas, times as Finns write them in a
    spreadsheet's date column, and decimal commas where the separator is a semicolon."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, (float, Decimal)) and delimiter == ";":
        return str(value).replace(".", ",")
    return csv_value(value)


def write_chart_archive(document: ReportDocument, progress: Callable[[float], None] | None = None) -> bytes:
    """Every chart as PNG and SVG, with its text alternative beside it, in one ZIP file."""
    buffer = io.BytesIO()
    pairs = list(document.charts())
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (section, chart) in enumerate(pairs, start=1):
            stem = f"{index:02d}-{section.key}"
            archive.writestr(f"{stem}.png", charts.render(chart, document.language, "png"))
            archive.writestr(f"{stem}.svg", charts.render(chart, document.language, "svg"))
            archive.writestr(f"{stem}.txt", f"{chart.title}\n\n{chart.alt_text}\n")
            if progress:
                progress(index / max(len(pairs), 1))
    return buffer.getvalue()


def filename(document: ReportDocument, fmt: str) -> str:
    suffix = "-charts.zip" if fmt == "zip" else f".{fmt}"
    return f"{document.filename_stem}{suffix}"
