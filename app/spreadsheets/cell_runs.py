"""Runs of cells: cells side by side in a row, which each writer turns into its text once however many rows share them.

A report's raw row is mostly made of answers that many responses share (a choice, a point, a number): its
producer gives each such answer as one `CellRun`, the same object for every row that has the answer, and
each writer (the sheet's XML, `bulk_rows.RowsXml.write_runs`; the CSV, `reports/building/files.py`) turns
the run into its own text the first time it meets it and keeps that text on the run. A run no other row
shares (a text answer, the response's id) is made for its row alone and costs what a cell costs.

A run's kept texts are those of the writers of one pass over the rows: a producer makes its runs anew for
each pass (each `RawData.runs()` call), and a pass is written by at most one writer of each kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


class CellRun:
    """The cells `values` from column `start` (from 0) on; None is an empty cell."""

    __slots__ = ("start", "end", "values", "xml", "csv")

    def __init__(self, start: int, values: tuple):
        self.start = start
        self.end = start + len(values)
        self.values = values
        # Each writer's text for the run, made when it first writes it (see the module's docstring).
        self.xml: tuple[str, ...] | None = None
        self.csv: tuple[Any, ...] | None = None


def runs_of_rows(rows: Iterable[list[Any]]) -> Iterator[list[CellRun]]:
    """Plain rows of cells as rows of one run each."""
    for row in rows:
        yield [CellRun(0, tuple(row))]


def cells_of_runs(runs: Iterable[CellRun], width: int) -> list[Any]:
    """The row of `width` cells that `runs` make."""
    cells: list[Any] = [None] * width
    for run in runs:
        cells[run.start:run.end] = run.values
    return cells
