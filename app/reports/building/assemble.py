"""Turn a report into its files: the kind lays out the document, the writers produce each format."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack

from flask_babel import gettext as _

from app.models import Report
from app.reports.building import charts, files, pdf
from app.reports.building.files import BuiltFile
from app.reports.building.raw import read_once
from app.reports.kinds import kind_for

# Rough share of the build time per format, for the progress bar.
WEIGHTS = {"pdf": 40, "xlsx": 25, "csv": 15, "zip": 20}
LAYOUT_SHARE = 20


def build_files(report: Report, progress: Callable[[int, str], None]) -> list[BuiltFile]:
    """Every requested format of the report as bytes; `progress(percent, step)` reports along the way."""
    kind = kind_for(report.kind)
    parameters = report.parameters
    document = kind.build_document(report, lambda share, step: progress(int(LAYOUT_SHARE * share), step))
    formats = [f for f in parameters.get("formats") or ["pdf"] if f in kind.formats]
    total = sum(WEIGHTS[f] for f in formats) or 1
    done = 0
    built: list[BuiltFile] = []

    def stage(share: float, step: str) -> None:
        progress(LAYOUT_SHARE + int((100 - LAYOUT_SHARE - 2) * (done + WEIGHTS[fmt] * min(share, 1.0)) / total), step)

    expected = document.raw.expected if document.raw else 0
    # Each chart is drawn once for the PDF and the archive (at the archive's resolution when it is asked for).
    images = charts.ChartImages(document.language, charts.PNG_DPI if "zip" in formats else pdf.CHART_DPI,
                                with_svg="zip" in formats)
    with ExitStack() as stack:
        stack.callback(images.close)
        if document.raw is not None and {"xlsx", "csv"} <= set(formats):
            # Both carry the raw rows: they are read from the database and put together once.
            document.raw = stack.enter_context(read_once(document.raw))
        for fmt in formats:
            if fmt == "pdf":
                step = _("Drawing charts and writing the PDF")
                stage(0, step)
                data = pdf.write_pdf(document, lambda share, step=step: stage(share, step), images)
            elif fmt == "xlsx":
                step = _("Writing the spreadsheet")
                stage(0, step)
                data = files.write_xlsx(document, progress=lambda rows, step=step: stage(rows / max(expected, 1), step))
            elif fmt == "csv":
                if document.raw is None:
                    continue
                step = _("Writing the raw data")
                stage(0, step)
                data = files.write_csv(document.raw, document.language, progress=lambda rows, step=step: stage(rows / max(expected, 1), step))
            else:
                step = _("Drawing the charts for download")
                stage(0, step)
                data = files.write_chart_archive(document, lambda share, step=step: stage(share, step), images)
            built.append(BuiltFile(fmt, files.filename(document, fmt), files.CONTENT_TYPES[fmt], data))
            done += WEIGHTS[fmt]
    return built
