"""The spreadsheet, CSV and chart-archive writers, and the file names and types of each format."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass

import xlsxwriter

from app.reports.building import charts
from app.reports.building.document import RawData, ReportDocument, Share
from app.reports.building.raw_writers import DATETIME_STYLE, PROGRESS_EVERY, WORKBOOK_OPTIONS, SheetRows, csv_writer
from app.spreadsheets.bulk_rows import BulkRowsWorksheet, put_in_reserved_rows
from app.spreadsheets.cells import write_xlsx_row

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}
# Excel refuses sheet titles over 31 characters or with any of these.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
PERCENT_FORMAT = "0.0 %"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
# A workbook without raw data is small (a few thousand cells): kept in memory, it is written without the
# temporary file per sheet and the package's files that constant-memory mode makes and removes (on a busy
# disk those cost more than the workbook's CPU).
SMALL_WORKBOOK_OPTIONS = {"in_memory": True, "remove_timezone": True}
# XlsxWriter sizes charts in pixels (96 per inch); a row is 20 pixels high unless set otherwise.
_PIXELS_PER_CM = 96 / 2.54
_ROW_PIXELS = 20


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


class _Formats:
    """The workbook's cell formats, made once (XlsxWriter keeps every format it is given)."""

    def __init__(self, workbook):
        self.datetime = workbook.add_format({"num_format": DATETIME_FORMAT})
        if self.datetime._get_xf_index() != DATETIME_STYLE:
            raise RuntimeError("the time format must be the workbook's first numbered format")
        self.bold = workbook.add_format({"bold": True})
        self.title = workbook.add_format({"bold": True, "font_size": 13})
        self.heading = workbook.add_format({"bold": True, "text_wrap": True})
        self.percent = workbook.add_format({"num_format": PERCENT_FORMAT})


def _table_row(sheet, row: int, values: list, formats: _Formats) -> None:
    write_xlsx_row(sheet, row, [None if isinstance(v, Share) else v for v in values],
                   date_format=formats.datetime)
    for column, value in enumerate(values):
        if isinstance(value, Share):
            sheet.write_number(row, column, float(value), formats.percent)


def _native_chart(workbook, section, table, header_row: int, title: str):
    """An editable bar chart of a choice question's shares (label column A, share column C);
    `header_row` counts from 0."""
    if section.chart is None or section.chart.kind != "bars" or len(table.columns) != 3 or not table.raw:
        return None
    chart = workbook.add_chart({"type": "bar"})
    last = header_row + len(table.raw)
    chart.add_series({"name": [title, header_row, 2], "categories": [title, header_row + 1, 0, last, 0],
                      "values": [title, header_row + 1, 2, last, 2], "fill": {"color": charts.BAR_COLOUR}})
    chart.set_title({"name": section.title[:250]})
    chart.set_legend({"none": True})
    # In a bar chart XlsxWriter's x axis is the horizontal one: the shares, from 0 to 100 %.
    chart.set_x_axis({"name": table.columns[2], "num_format": PERCENT_FORMAT, "min": 0, "max": 1,
                      "major_gridlines": {"visible": False}})
    chart.set_y_axis({"reverse": True})  # the first option on top, as in the table
    chart.set_size({"width": round(18.0 * _PIXELS_PER_CM), "height": _chart_height(table)})
    return chart


def _chart_height(table) -> int:
    """A native chart's height in pixels: room for each option's bar."""
    return round(max(6.0, 1.0 + 0.8 * len(table.raw)) * _PIXELS_PER_CM)


def write_xlsx(document: ReportDocument, include_raw: bool = True,
               progress: Callable[[int], None] | None = None, raw_rows: SheetRows | None = None) -> bytes:
    """A workbook written row by row (XlsxWriter's constant-memory mode; in memory when it has no raw
    data): a sheet per section (its tables as numbers, a native chart of a choice question's shares;
    sections that follow each other with the same `sheet` key share one) and a raw-data sheet, whose rows
    are `raw_rows` when they were made already, else read from `document.raw`."""
    buffer = io.BytesIO()
    with_raw = include_raw and document.raw is not None
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS if with_raw else SMALL_WORKBOOK_OPTIONS)
    formats = _Formats(workbook)
    used: set[str] = set()
    sheet, sheet_key, sheet_title, row, below_charts = None, "", "", 0, 0
    for section in document.sections:
        if not section.tables and not section.texts and not section.notes and not section.sheet:
            continue
        if sheet is None or not section.sheet or section.sheet != sheet_key:
            sheet_title = _sheet_title(section.title, used)
            sheet = workbook.add_worksheet(sheet_title)
            sheet.set_column(0, 0, 50)
            sheet_key, start, below_charts = section.sheet, 0, 0
        else:
            # An empty row between sections that share the sheet, and none beside the charts above.
            start = max(row + 1, below_charts)
        widest = max((len(table.columns) for table in section.tables), default=1)
        if widest > 1:
            sheet.set_column(1, widest - 1, 16)
        write_xlsx_row(sheet, start, [section.title], formats.title)
        row = start + 1
        if section.n_text:
            write_xlsx_row(sheet, row, [section.n_text])
            row += 1
        charts_here = []
        for table in section.tables:
            row += 1  # an empty row before each table
            if table.caption:
                write_xlsx_row(sheet, row, [table.caption], formats.bold)
                row += 1
            write_xlsx_row(sheet, row, table.columns, formats.heading)
            native = _native_chart(workbook, section, table, row, sheet_title)
            if native is not None:
                charts_here.append(native)
                below_charts = start + 2 + -(-_chart_height(table) // _ROW_PIXELS) + 1
            row += 1
            for values in table.raw or table.rows:
                _table_row(sheet, row, values, formats)
                row += 1
        for note in section.notes:
            write_xlsx_row(sheet, row, [note])
            row += 1
        if section.texts:
            row += 1
            write_xlsx_row(sheet, row, [section.texts_heading])
            row += 1
            for text in section.texts:
                write_xlsx_row(sheet, row, [text])
                row += 1
        for native in charts_here:
            sheet.insert_chart(start + 2, 4, native)  # E3 of a sheet of its own
    reserved = False
    if with_raw:
        reserved = _raw_sheet(workbook, document.raw, used, formats, progress, raw_rows)
    workbook.close()
    if not reserved:
        return buffer.getvalue()
    with ExitStack() as stack:
        parts = [stack.enter_context(path.open("rb")) for path in raw_rows.paths]
        return put_in_reserved_rows(buffer.getvalue(), parts)


def _raw_sheet(workbook, raw: RawData, used: set[str], formats: _Formats, progress, made: SheetRows | None) -> bool:
    """Headings in the report's language, the keys below them, then the rows; the two header rows
    stay in view and carry the filters. True when the rows were `made` already: their place is reserved,
    for `put_in_reserved_rows` once the workbook is written."""
    sheet = workbook.add_worksheet(_sheet_title("Data", used), worksheet_class=BulkRowsWorksheet)
    headings = raw.headings or raw.columns
    for index, heading in enumerate(headings):
        sheet.set_column(index, index, min(max(12, len(heading) * 0.9), 45))
    sheet.freeze_panes(2, 1)
    write_xlsx_row(sheet, 0, headings, formats.bold)
    write_xlsx_row(sheet, 1, raw.columns, formats.bold)
    if made is None:
        row = sheet.write_runs(2, raw.row_runs(), formats.datetime, PROGRESS_EVERY, progress)
    else:
        row = sheet.reserve_rows(made.span)
    sheet.autofilter(1, 0, row - 1, len(raw.columns) - 1)
    return made is not None


def write_csv(raw: RawData, language: str = "fi", progress: Callable[[int], None] | None = None) -> bytes:
    """Raw rows as UTF-8 CSV with a byte-order mark, so that Excel reads ä and ö right: semicolons
    and decimal commas in Finnish and Swedish, the headings and then the keys as header rows."""
    buffer = io.StringIO()
    write_row = csv_writer(buffer, raw, language)
    for index, runs in enumerate(raw.row_runs(), start=1):
        write_row(runs)
        if progress and index % PROGRESS_EVERY == 0:
            progress(index)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def write_chart_archive(document: ReportDocument, progress: Callable[[float], None] | None = None,
                        images: charts.ChartImages | None = None) -> bytes:
    """Every chart as PNG and SVG, with its text alternative beside it, in one ZIP file; `images` are the
    charts drawn once for every file of the report."""
    images = images or charts.ChartImages(document.language, charts.PNG_DPI, for_archive=True)
    buffer = io.BytesIO()
    pairs = list(document.charts())
    images.draw_ahead(chart for _, chart in pairs)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (section, chart) in enumerate(pairs, start=1):
            stem = f"{index:02d}-{section.key}"
            archive.writestr(f"{stem}.png", images.png(chart))
            archive.writestr(f"{stem}.svg", images.svg(chart))
            archive.writestr(f"{stem}.txt", f"{chart.title}\n\n{chart.alt_text}\n")
            if progress:
                progress(index / max(len(pairs), 1))
    return buffer.getvalue()


def filename(document: ReportDocument, fmt: str) -> str:
    suffix = "-charts.zip" if fmt == "zip" else f".{fmt}"
    return f"{document.filename_stem}{suffix}"
