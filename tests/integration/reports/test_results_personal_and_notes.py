"""Public results and publication versions never show contact questions; the results page says its notes
once; publishing while the survey is open with few responses warns that most cells will be hidden."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select
from surveys import Selection

from app.extensions import db
from app.reports.builds import run_build
from app.models import Council, Report, Survey
from app.reports.requests import request_report
from tests.fixtures.surveys import store_response as add_response, basic_answers, store_survey as make_survey
from tests.integration.reports.test_survey_report import _definition

SECRETARY = "sihteeri.raakkyla@example.fi"
PUBLIC_URL = "/raakkyla/surveys/jarjestokysely/results"
CONTACT = {"register_consent": True, "contact_name": "Maija Meikäläinen", "contact_email": "maija@example.fi",
           "contact_phone": "040 123 4567", "contact_language": Selection(("fi",))}


def _survey_with_contacts(app, public: bool = True) -> int:
    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        definition = _definition()
        survey = make_survey(council, definition, public=public)
        for _number in range(6):
            add_response(survey, definition, basic_answers(**CONTACT), municipality="707", sector="sports")
        db.session.commit()
        return survey.id


def test_contact_questions_never_appear_on_the_public_results_page(app, demo):
    _survey_with_contacts(app)
    html = app.test_client().get(PUBLIC_URL + "?lang=fi").get_data(as_text=True)
    assert "Vastauksia: 6" in html or "Responses: 6" in html
    for label in ("Yhteyshenkilön nimi", "Sähköpostiosoite", "Puhelinnumero"):
        assert label not in html, label
    assert "Maija" not in html and "040 123" not in html


def test_the_public_results_page_says_each_note_once(app, demo):
    _survey_with_contacts(app)
    html = app.test_client().get(PUBLIC_URL + "?lang=en").get_data(as_text=True)
    assert "About these results" in html
    note = "Counts under 5 are hidden, and so are other counts wherever a hidden count could otherwise be worked out from a total."
    assert html.count(note) <= 1
    hints = html.count('<p class="hint">')
    assert hints < html.count('<section class="result-section"'), "notes are repeated under every question"


def _report(council_slug: str, survey_id: int, **parameters) -> Report:
    council = db.session.scalar(select(Council).where(Council.slug == council_slug))
    survey = db.session.get(Survey, survey_id)
    report, needs_build = request_report(council, "survey", {"language": "fi", "formats": ["pdf", "xlsx"],
                                                             **parameters, "survey_id": survey.id}, None)
    db.session.commit()
    if needs_build:
        run_build(report.id)
    db.session.expire_all()
    return db.session.get(Report, report.id)


def _pdf_text(report: Report) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.artefact("pdf").data)).pages)


def test_reports_leave_out_contact_questions_unless_staff_include_them(app, demo):
    from openpyxl import load_workbook

    survey_id = _survey_with_contacts(app, public=False)
    with app.app_context():
        for parameters in ({"publication": True}, {}, {"publication": True, "include_contact": True}):
            report = _report("raakkyla", survey_id, **parameters)
            text = _pdf_text(report)
            assert "Yhteyshenkilön nimi" not in text and "Puhelinnumero" not in text, parameters
            workbook = load_workbook(io.BytesIO(report.artefact("xlsx").data), read_only=True)
            cells = {c for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row}
            workbook.close()
            assert "Maija Meikäläinen" not in cells and "contact_name" not in cells, parameters
        full = _report("raakkyla", survey_id, include_contact=True)
        assert "Yhteyshenkilön nimi" in _pdf_text(full)
        workbook = load_workbook(io.BytesIO(full.artefact("xlsx").data), read_only=True)
        cells = {c for row in workbook["Data"].iter_rows(values_only=True) for c in row}
        workbook.close()
        assert "Maija Meikäläinen" in cells


def test_publishing_while_open_with_few_responses_warns_how_many(app, demo, client, login):
    survey_id = _survey_with_contacts(app, public=False)
    login(client, SECRETARY, demo)
    page = client.get(f"/staff/raakkyla/surveys/{survey_id}/results/?lang=en").get_data(as_text=True)
    assert "The survey is still open and has 6 submitted responses so far." in page
    assert "most cells of the tables will show as hidden" in page
