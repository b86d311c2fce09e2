"""The shape of a built report: sections with a chart, its data table and notes, in one language.

A report kind fills a ReportDocument from aggregates; the PDF, XLSX and chart writers read only this,
so every format shows the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from app.spreadsheets.cell_runs import CellRun, runs_of_rows

ChartKind = Literal["bars", "diverging", "histogram", "ranking", "stacked"]


@dataclass
class Chart:
    """What to draw: labels, series of values and a text alternative for people who cannot see it.

    - bars: one value per label (percentages), `series` holds one list.
    - diverging / stacked: one row per label, one segment per category in `categories`
      (percentages of the row); diverging centres the middle category on zero.
    - histogram: `values` (value, count) pairs; `markers` named vertical lines (mean, median...).
    - ranking: mean rank per label in `series[0]` (lower is more important).
    """

    kind: ChartKind
    title: str
    labels: list[str]
    series: list[list[float]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    values: list[tuple[float, int]] = field(default_factory=list)
    markers: list[tuple[str, float]] = field(default_factory=list)
    x_label: str = ""
    y_label: str = ""  # what the vertical axis counts (histogram: respondents)
    n_label: str = ""
    alt_text: str = ""


class Share(float):
    """A share from 0 to 1 among a table's raw values: a spreadsheet stores it as that fraction,
    formatted as a percentage (0.125 shows as 12,5 %)."""


@dataclass
class Table:
    """A data table: column headings and rows of already formatted cells; `numeric` marks columns
    that are numbers (right-aligned), `raw` keeps the unformatted values for spreadsheets."""

    columns: list[str]
    rows: list[list[str]]
    raw: list[list[Any]] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)
    caption: str = ""


@dataclass
class Section:
    """One question (or one topic) of a report."""

    key: str
    title: str
    n_text: str = ""
    chart: Chart | None = None
    tables: list[Table] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    texts_heading: str = ""
    notes: list[str] = field(default_factory=list)
    heading_level: int = 2
    headline: str = ""  # the one-line result for the summary page, from what the section shows
    # Sections that follow each other with the same sheet key share one worksheet of the spreadsheet
    # (an event's feedback questions); an empty key gives the section a sheet of its own.
    sheet: str = ""


@dataclass
class RawData:
    """Raw rows for CSV and the XLSX raw-data sheet, produced lazily so that they stream."""

    columns: list[str]  # unique keys
    rows: Callable[[], Iterator[list[Any]]]
    expected: int = 0
    headings: list[str] | None = None  # in the report's language; the keys when None
    # The same rows as runs of cells, the runs of shared answers shared between rows, so that the raw
    # files' writers make each one's text once (app/spreadsheets/cell_runs.py); None: each row one run.
    runs: Callable[[], Iterator[list[CellRun]]] | None = None
    # Rows that can be read in parts by their id (a survey's, by response id): the rows' runs with ids above
    # the first and up to the second (None: to the end), and the id of the row at an offset (from 0) in id
    # order (None: fewer rows). Both None: the rows come in one part only.
    runs_between: Callable[[int, int | None], Iterator[list[CellRun]]] | None = None
    id_of_row: Callable[[int], int | None] | None = None
    # The same raw data described anew in another process (a raw-data process beside the build): a picklable
    # call, a module-level function with its arguments, whose module imports only what reading the rows
    # needs; None: the rows are made in the build's own process.
    remake: Callable[[], RawData] | None = None

    def row_runs(self, part: tuple[int, int | None] | None = None) -> Iterator[list[CellRun]]:
        """The rows as runs of cells, made anew for this pass; only those with ids in `part` (above its first,
        up to its second) when it is given (`runs_between`)."""
        if part is not None:
            if self.runs_between is None:
                raise ValueError("these rows do not come in parts")
            return self.runs_between(*part)
        return self.runs() if self.runs is not None else runs_of_rows(self.rows())


@dataclass
class ReportDocument:
    title: str
    subtitle: str
    council_name: str
    language: str
    generated_on: date
    cover_lines: list[str] = field(default_factory=list)
    key_figures: Table | None = None  # on the cover, below its lines
    contents_heading: str = ""  # the table of contents' heading; none without it
    summary: Section | None = None  # the summary page after the contents (PDF only)
    notes: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    raw: RawData | None = None
    filename_stem: str = "report"

    def charts(self) -> Iterator[tuple[Section, Chart]]:
        for section in self.sections:
            if section.chart is not None:
                yield section, section.chart


def common_notes(sections: list["Section"]) -> list[str]:
    """The notes that more than one section carries, in order: a page says them once, at the top."""
    seen: dict[str, int] = {}
    for section in sections:
        for note in dict.fromkeys(str(note) for note in section.notes):
            seen[note] = seen.get(note, 0) + 1
    return [note for note, times in seen.items() if times > 1]
