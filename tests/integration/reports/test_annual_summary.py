"""The annual summary: channel sections, a regional council's local councils, and the report row's generic subject."""

from __future__ import annotations

import io
import json
import re
import warnings
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import Council, Report, Response, ResponseStatus, Survey
from app.models.base import utcnow
from app.reports.builds import run_build
from app.reports.requests import ReportRequestError, request_report
from app.reports.sections.base import AnnualSection, DuplicateAnnualSection, register_section

MIGRATIONS = str(Path(__file__).resolve().parents[3] / "migrations")


def _summary(council: Council, year: int, formats=("pdf", "xlsx")) -> Report:
    report, needs_build = request_report(council, "annual_summary",
                                         {"language": "fi", "formats": list(formats), "year": year}, None)
    db.session.commit()
    assert needs_build
    run_build(report.id)
    db.session.expire_all()
    return db.session.get(Report, report.id)


def _pdf_text(report: Report) -> str:
    reader = PdfReader(io.BytesIO(report.artefact("pdf").data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _outokumpu_survey() -> tuple[Council, Survey, int]:
    council = db.session.scalar(select(Council).where(Council.slug == "outokumpu"))
    survey = db.session.scalar(select(Survey).where(Survey.council_id == council.id))
    submitted = db.session.scalar(select(func.count(Response.id)).where(
        Response.survey_id == survey.id, Response.status == ResponseStatus.SUBMITTED))
    return council, survey, submitted


def test_regional_summary_counts_the_surveys_of_its_local_councils_with_a_breakdown(app, demo):
    with app.app_context():
        local, survey, submitted = _outokumpu_survey()
        assert submitted == 15
        region = db.session.scalar(select(Council).where(Council.slug == "pohjois-karjala"))
        assert local.parent_id == region.id
        year = survey.opens_at.year
        # The region's own: the demo seminar's feedback survey, when it opened in the same year (not in early January).
        own = db.session.scalars(select(Survey).where(Survey.council_id == region.id)).all()
        own_surveys = [s for s in own if s.opens_at.year == year]
        own_responses = db.session.scalar(select(func.count(Response.id)).where(
            Response.survey_id.in_([s.id for s in own_surveys] or [0]),
            Response.status == ResponseStatus.SUBMITTED))
        report = _summary(region, year)
        assert report.subject is None

        pdf = _pdf_text(report)
        assert f"Kyselyitä: {1 + len(own_surveys)} Vastauksia: {15 + own_responses}" in pdf, pdf[:600]
        assert "0 kyselyä" not in pdf
        assert "Kyselyt neuvottelukunnittain" in pdf
        assert re.search(re.escape(local.name("fi")) + r" 1 15\b", pdf), pdf
        assert re.search(re.escape(region.name("fi")) + rf" {len(own_surveys)} {own_responses}\b", pdf)

        workbook = load_workbook(io.BytesIO(report.artefact("xlsx").data), read_only=True)
        rows = [tuple(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        assert (local.name("fi"), 1, 15) in rows


def test_local_council_summary_shows_only_its_own_surveys_without_a_breakdown(app, demo):
    with app.app_context():
        local, survey, submitted = _outokumpu_survey()
        pdf = _pdf_text(_summary(local, survey.opens_at.year, formats=("pdf",)))
        assert f"Kyselyitä: 1 Vastauksia: {submitted}" in pdf
        assert "neuvottelukunnittain" not in pdf


def test_a_channel_without_data_in_the_year_leaves_its_section_out(app, demo):
    with app.app_context():
        region = db.session.scalar(select(Council).where(Council.slug == "pohjois-karjala"))
        report = _summary(region, 2019)
        pdf = _pdf_text(report)
        assert "Kyselyitä" not in pdf and "Vastauksia per kysely" not in pdf
        assert "Neuvottelukunnalla ei ollut raportoitavaa toimintaa vuonna 2019." in pdf
        workbook = load_workbook(io.BytesIO(report.artefact("xlsx").data), read_only=True)
        workbook.close()


def test_a_second_annual_section_with_a_taken_name_fails_when_its_module_is_imported(app):
    with pytest.raises(DuplicateAnnualSection):
        @register_section
        class AnotherSurveys(AnnualSection):  # noqa: F841
            name = "surveys"


def test_survey_report_names_its_survey_as_subject_and_refuses_another_councils_survey(app, demo):
    with app.test_request_context("/?lang=en"):
        local, survey, _submitted = _outokumpu_survey()
        report, needs_build = request_report(local, "survey", {"language": "fi", "formats": ["pdf"],
                                                               "survey_id": survey.id}, None)
        assert needs_build and report.subject == f"survey:{survey.id}"
        assert report.parameters["survey_id"] == survey.id
        db.session.rollback()
        other = db.session.scalar(select(Council).where(Council.slug == "kainuu"))
        with pytest.raises(ReportRequestError, match="This survey belongs to another council."):
            request_report(other, "survey", {"language": "fi", "formats": ["pdf"], "survey_id": survey.id}, None)


def test_report_rows_from_before_the_migration_keep_their_survey(app, demo):
    with app.app_context():
        local, survey, _submitted = _outokumpu_survey()
        db.session.remove()
        with warnings.catch_warnings():
            # migrations/env.py still calls Flask-SQLAlchemy's deprecated get_engine().
            warnings.filterwarnings("ignore", message=".*get_engine.*", category=DeprecationWarning)
            downgrade(directory=MIGRATIONS, revision="a7c3e9d1b2f4")  # just before the subject column
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO reports (council_id, survey_id, kind, parameters_json, fingerprint, status, progress, "
                "step, attempts, created_at) VALUES (:council, :survey, 'survey', :parameters, 'x', 'failed', 0, '', "
                "0, :now)"), {"council": local.id, "survey": survey.id, "now": utcnow(),
                              "parameters": json.dumps({"language": "fi", "formats": ["pdf"]})})
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*get_engine.*", category=DeprecationWarning)
            upgrade(directory=MIGRATIONS)
        report = db.session.scalars(select(Report)).one()
        assert report.subject == f"survey:{survey.id}"
        assert report.parameters == {"language": "fi", "formats": ["pdf"], "survey_id": survey.id}
