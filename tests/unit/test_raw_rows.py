"""The raw data's rows: an answer's cells worked out once and written again give the cells worked out anew,
and the files written from them."""

from __future__ import annotations

import gc
import io
from datetime import date, datetime, timezone
from decimal import Decimal

from openpyxl import load_workbook
from surveys import Selection, answers_to_rows

from app.reports.building.document import RawData, ReportDocument
from app.reports.building.files import write_csv, write_xlsx
from app.reports.building.raw import row_builder, runs_builder
from app.reports.building.raw_files import write_raw_files
from app.spreadsheets.cell_runs import cells_of_runs
from app.surveys.stored_answers import values_from_columns
from tests.fixtures.surveys import basic_answers, jarjestokysely


def _stored(definition, answers) -> list[tuple]:
    """The columns the database gives back: (question_key, option, row, value_text, value_number as float)."""
    return [(row.question_key, row.option, row.row, row.value_text,
             float(row.value_number) if row.value_number is not None else None)
            for row in answers_to_rows(definition, answers)]


RESPONSES = [
    basic_answers(),
    basic_answers(members=Decimal(7), paid_staff=Decimal("0.5"), sector=Selection(("other",), "Kylätoiminta"),
                  needs=Selection(("premises",)), top_needs=("premises",), registered_on=date(1987, 5, 2)),
    basic_answers(activity_types=Selection(("events",)), cooperation_views={"municipality_knows": "cannot_say"}),
    basic_answers(),  # the same rows again: an answer's cells must not leak between responses
    basic_answers(members=Decimal(7), comments="Kiitos!", registered_on=date(2001, 1, 31)),
]


def test_rows_built_with_known_answers_equal_rows_each_built_by_a_new_builder():
    definition = jarjestokysely()
    _columns, _headings, build = row_builder(definition, "fi")
    when = datetime(2026, 3, 1, 7, 18, tzinfo=timezone.utc)
    for number, answers in enumerate(RESPONSES * 2, start=1):
        fixed = (number, when, "fi", "707", "sports")
        rows = _stored(definition, answers)
        _c, _h, fresh = row_builder(definition, "fi")
        assert build(fixed, rows) == fresh(fixed, rows)
    columns, _h, build = row_builder(definition, "fi")
    cells = dict(zip(columns, build((1, when, "fi", None, None), _stored(definition, RESPONSES[1]))))
    assert cells["members"] == 7 and cells["paid_staff"] == Decimal("0.5") and cells["sector.other"] == "Kylätoiminta"
    # A date's cells are kept like a choice's, each date its own.
    dates = [dict(zip(columns, build((2, when, "fi", None, None), _stored(definition, answers))))["registered_on"]
             for answers in (RESPONSES[1], RESPONSES[4], RESPONSES[1], RESPONSES[0])]
    assert dates == ["1987-05-02", "2001-01-31", "1987-05-02", None]
    # A text question's cell is its text as the survey engine reads it back.
    for answers in RESPONSES:
        stored = _stored(definition, answers)
        cells = dict(zip(columns, build((1, when, "fi", None, None), stored)))
        values = values_from_columns(definition, stored)
        assert [cells[key] for key in ("association_name", "comments")] == \
            [values.get("association_name"), values.get("comments")]


def test_rows_of_unknown_or_left_out_questions_give_no_cells():
    definition = jarjestokysely()
    columns, _headings, build = row_builder(definition, "fi", excluded={"members"})
    assert "members" not in columns
    row = build((1, datetime(2026, 3, 1, tzinfo=timezone.utc), "fi", None, None),
                [("no_such_question", "x", None, None, None), ("members", None, None, None, 7.0)])
    assert row[5:] == [None] * (len(columns) - 5)


def test_files_of_rows_whose_answers_share_runs_are_the_files_of_their_cells():
    """The CSV and the raw-data sheet write each shared answer's text once: the files are those of the
    same rows written cell by cell."""
    definition = jarjestokysely()
    columns, headings, build = runs_builder(definition, "fi")
    when = datetime(2026, 3, 1, 7, 18, tzinfo=timezone.utc)
    runs = [build((number, when, "fi", "707", "sports"), _stored(definition, answers))
            for number, answers in enumerate(RESPONSES * 3, start=1)]
    cells = [cells_of_runs(row, len(columns)) for row in runs]
    shared = RawData(columns, lambda: iter(cells), len(cells), headings, runs=lambda: iter(runs))
    plain = RawData(columns, lambda: iter(cells), len(cells), headings)
    assert {id(run) for run in runs[0][2:]} & {id(run) for run in runs[3][2:]}  # the same answers, the same runs

    assert write_csv(shared, "fi") == write_csv(plain, "fi")
    sheets = []
    for raw in (shared, plain):
        document = ReportDocument("Raportti", "", "Rääkkylä", "fi", date(2026, 3, 2))
        document.raw = raw
        workbook = load_workbook(io.BytesIO(write_xlsx(document)))
        sheets.append([[cell.value for cell in row] for row in workbook["Data"].iter_rows()])
    assert sheets[0] == sheets[1] and len(sheets[0]) == 2 + len(cells)
    assert sheets[0][2 + 4][columns.index("members")] == 7


def test_a_pass_over_the_raw_rows_leaves_no_cyclic_garbage(tmp_path):
    """The raw-data process writes its rows with the garbage collector off (raw_files._run_in_process): a pass
    must free everything it makes by reference counting alone, or that process's memory would grow."""
    definition = jarjestokysely()
    when = datetime(2026, 3, 1, 7, 18, tzinfo=timezone.utc)
    stored = [_stored(definition, answers) for answers in RESPONSES * 40]

    def runs_between(_after=0, _up_to=None):
        build = runs_builder(definition, "fi")[2]
        for number, rows in enumerate(stored, start=1):
            yield build((number, when, "fi", "707", "sports"), rows)

    columns, headings, _build = runs_builder(definition, "fi")
    raw = RawData(columns, None, len(stored), headings, runs=runs_between, runs_between=runs_between)
    write_raw_files(raw, "fi", tmp_path, csv=True, sheet=True)  # the caches the pass reads, filled
    gc.collect()
    existing = {id(thing) for thing in gc.get_objects()}  # another test's objects may fall into a cycle meanwhile
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        made = write_raw_files(raw, "fi", tmp_path, csv=True, sheet=True)
        assert made.rows == len(stored)
        del made, raw, runs_between
        gc.collect()
        assert [thing for thing in gc.garbage if id(thing) not in existing] == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
