"""Turn a report into its files: the kind lays out the document, the writers produce each format.

The raw data (the CSV and the workbook's raw-data sheet) is read once and written into both files by
`raw_files`; a report with REPORT_RAW_PROCESS_ROWS raw rows or more has them made in a process beside
the build, which meanwhile aggregates, draws and writes the PDF and the charts; with REPORT_RAW_SPLIT_ROWS
or more, in two processes, each making half of the rows (by response id), their files joined after.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from app.models import Report
from app.reports.building import charts, files, pdf
from app.reports.building.files import BuiltFile
from app.reports.building.document import RawData
from app.reports.building.raw_files import RawFiles, RawFilesProcess, RawPart, joined_raw_files, write_raw_files
from app.reports.kinds import kind_for

# Rough share of the build time per format, for the progress bar.
WEIGHTS = {"pdf": 40, "xlsx": 25, "csv": 15, "zip": 20}
LAYOUT_SHARE = 20
# The order the files are made in: the raw data's last, so that a process making it has the longest start.
MAKING_ORDER = ("pdf", "zip", "csv", "xlsx")


def build_files(report: Report, progress: Callable[[int, str], None]) -> list[BuiltFile]:
    """Every requested format of the report as bytes, in the order asked; `progress(percent, step)`
    reports along the way."""
    kind = kind_for(report.kind)
    formats = [f for f in report.parameters.get("formats") or ["pdf"] if f in kind.formats]
    wants_raw = {"xlsx", "csv"} & set(formats)
    raw = kind.raw_data(report) if wants_raw else None
    with ExitStack() as stack:
        directory = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="report-raw-")))
        beside: list[RawFilesProcess] = []
        beside_rows = raw is not None and raw.remake is not None and raw.expected >= current_app.config[
            "REPORT_RAW_PROCESS_ROWS"]
        parts = raw_parts(raw) if beside_rows else []
        for part in parts:
            process = RawFilesProcess(raw, report.parameters.get("language", "fi"), directory, csv="csv" in formats,
                                      sheet="xlsx" in formats, part=part, name=f"report-{report.id}")
            stack.callback(process.stop)
            beside.append(process)
        document = kind.build_document(report, lambda share, step: progress(int(LAYOUT_SHARE * share), step))
        if raw is None:
            raw = document.raw
        else:
            document.raw = raw
        total = sum(WEIGHTS[f] for f in formats) or 1
        done = 0

        def stage(fmt: str, share: float, step: str) -> None:
            progress(LAYOUT_SHARE + int((100 - LAYOUT_SHARE - 2) * (done + WEIGHTS[fmt] * min(share, 1.0)) / total), step)

        expected = raw.expected if raw is not None else 0
        # Each chart is drawn once for the PDF and the archive (at the archive's resolution when it is asked for).
        images = charts.ChartImages(document.language, charts.PNG_DPI if "zip" in formats else pdf.CHART_DPI,
                                    for_archive="zip" in formats)
        stack.callback(images.close)
        made_raw: RawFiles | None = None
        built: dict[str, BuiltFile] = {}
        for fmt in sorted(formats, key=MAKING_ORDER.index):
            if fmt in ("xlsx", "csv") and raw is not None and made_raw is None:
                step = _("Writing the raw data")
                stage(fmt, 0, step)

                def rows_done(rows: int, fmt=fmt, step=step) -> None:
                    stage(fmt, rows / max(expected, 1), step)

                made_raw = (_wait_for_parts(beside, parts, rows_done) if beside else
                            write_raw_files(raw, document.language, directory, "csv" in formats, "xlsx" in formats,
                                            rows_done))
            if fmt == "pdf":
                step = _("Drawing charts and writing the PDF")
                stage(fmt, 0, step)
                data = pdf.write_pdf(document, lambda share, step=step: stage("pdf", share, step), images)
            elif fmt == "xlsx":
                stage(fmt, 1, _("Writing the spreadsheet"))
                data = files.write_xlsx(document, raw_rows=made_raw.sheet_rows if made_raw else None)
            elif fmt == "csv":
                if made_raw is None:
                    continue
                data = made_raw.csv_path.read_bytes()
            else:
                step = _("Drawing the charts for download")
                stage(fmt, 0, step)
                data = files.write_chart_archive(document, lambda share, step=step: stage("zip", share, step), images)
            built[fmt] = BuiltFile(fmt, files.filename(document, fmt), files.CONTENT_TYPES[fmt], data)
            done += WEIGHTS[fmt]
    return [built[fmt] for fmt in formats if fmt in built]


def raw_parts(raw: RawData) -> list[RawPart | None]:
    """The parts that processes beside the build make the raw data in: two halves by id when there are
    REPORT_RAW_SPLIT_ROWS rows or more and the rows come in parts (one query finds the first half's last
    id), else the whole in one."""
    if raw.expected >= current_app.config["REPORT_RAW_SPLIT_ROWS"] and raw.id_of_row is not None:
        half = raw.expected // 2
        boundary = raw.id_of_row(half - 1) if half > 0 else None
        if boundary is not None:
            return [RawPart(0, boundary, 0), RawPart(boundary, None, half)]
    return [None]


def _wait_for_parts(processes: list[RawFilesProcess], parts: list[RawPart | None],
                    rows_done: Callable[[int], None]) -> RawFiles:
    """The raw files once every process has made its part, joined; `rows_done(rows)` beats meanwhile."""
    made = []
    for process in processes:
        made.append(process.wait(lambda _rows: rows_done(sum(each.rows for each in processes))))
    if parts == [None]:
        return made[0]
    return joined_raw_files(made, [part.rows_before for part in parts])
