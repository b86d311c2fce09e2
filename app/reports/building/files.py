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

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from app.reports.building import charts
from app.reports.building.document import RawData, ReportDocument
from app.spreadsheets.cells import csv_row, xlsx_cell, xlsx_row

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}
# Excel refuses sheet titles over 31 characters or with any of these.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
PROGRESS_EVERY = 5000


@dataclass
class BuiltFile:
    format: str
    filename: str
    content_type: str
    data: bytes


def _sheet_title(text: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", text).strip()[:28] or "Sheet"
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


def write_xlsx(document: ReportDocument, include_raw: bool = True,
               progress: Callable[[int], None] | None = None) -> bytes:
    """A write-only workbook: a sheet per section (its tables as numbers) and a raw-data sheet."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    bold = Font(bold=True)
    for section in document.sections:
        if not section.tables and not section.texts and not section.notes:
            continue
        sheet = workbook.create_sheet(_sheet_title(section.title, used))
        sheet.column_dimensions["A"].width = 50
        sheet.append([xlsx_cell(sheet, section.title, font=Font(bold=True, size=13))])
        if section.n_text:
            sheet.append(xlsx_row(sheet, [section.n_text]))
        for table in section.tables:
            sheet.append([])
            if table.caption:
                sheet.append([xlsx_cell(sheet, table.caption, font=bold)])
            sheet.append([xlsx_cell(sheet, column, font=bold, alignment=Alignment(wrap_text=True))
                          for column in table.columns])
            for row in table.raw or table.rows:
                sheet.append(xlsx_row(sheet, [_excel_value(v) for v in row]))
        for note in section.notes:
            sheet.append(xlsx_row(sheet, [note]))
        if section.texts:
            sheet.append([])
            sheet.append(xlsx_row(sheet, [section.texts_heading]))
            for text in section.texts:
                sheet.append(xlsx_row(sheet, [text]))
    if include_raw and document.raw is not None:
        _raw_sheet(workbook, document.raw, used, progress)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _raw_sheet(workbook: Workbook, raw: RawData, used: set[str], progress) -> None:
    sheet = workbook.create_sheet(_sheet_title("Data", used))
    sheet.append(xlsx_row(sheet, raw.columns))
    for index, row in enumerate(raw.rows(), start=1):
        sheet.append(xlsx_row(sheet, [_excel_value(v) for v in row]))
        if progress and index % PROGRESS_EVERY == 0:
            progress(index)


def write_csv(raw: RawData, progress: Callable[[int], None] | None = None) -> bytes:
    """Raw rows as UTF-8 CSV with a byte-order mark, so that Excel reads ä and ö right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_row(raw.columns))
    for index, row in enumerate(raw.rows(), start=1):
        writer.writerow(csv_row(v.isoformat() if isinstance(v, datetime) else v for v in row))
        if progress and index % PROGRESS_EVERY == 0:
            progress(index)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


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
