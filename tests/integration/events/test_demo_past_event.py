"""The demo's past event: Pohjois-Karjala's spring seminar, checked in, with the library's feedback survey sent
to those who came and half of them answering, so that the events report shows feedback results from the demo."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import func, select

from app.demo.loader import load_demo_data
from app.demo.past_event import ANSWERED, EVENT_SLUG
from app.extensions import db
from app.models import Event, Invitation, Report, Response, ResponseStatus
from app.models.base import utcnow
from app.reports.builds import run_build
from app.reports.requests import request_report
from app.surveys.publishing import library_definitions


def test_the_demo_seminar_is_past_checked_in_and_its_feedback_half_answered_once(app, demo):
    with app.test_request_context():
        assert load_demo_data()["councils"] == 0
        db.session.commit()
        seminar = db.session.scalar(select(Event).where(Event.slug == EVENT_SLUG))
        assert seminar.council.slug == "pohjois-karjala" and seminar.ends_at < utcnow()
        attended = [r for r in seminar.registrations if r.is_attended]
        assert len(attended) == 31 and sum(r.is_walk_in for r in attended) == 2
        survey = seminar.feedback_survey
        assert survey.title == "Tilaisuuden palaute" and survey.closes_at < utcnow()
        assert db.session.scalar(select(func.count()).select_from(Invitation)
                                 .where(Invitation.survey_id == survey.id)) == 31
        assert db.session.scalar(select(func.count()).select_from(Response).where(
            Response.survey_id == survey.id, Response.status == ResponseStatus.SUBMITTED)) == ANSWERED
        assert db.session.scalar(select(func.count()).select_from(Event).where(Event.slug == EVENT_SLUG)) == 1


def test_the_demo_events_report_shows_the_seminars_feedback_in_finnish(app, demo):
    with app.test_request_context():
        seminar = db.session.scalar(select(Event).where(Event.slug == EVENT_SLUG))
        report, needs_build = request_report(seminar.council, "events", {
            "language": "fi", "formats": ["pdf"], "year": seminar.starts_at.year}, None)
        db.session.commit()
        run_build(report.id)
        db.session.expire_all()
        report = db.session.get(Report, report.id)
        pages = PdfReader(io.BytesIO(report.artefact("pdf").data)).pages
        text = " ".join(page.extract_text() for page in pages).replace("\xa0", " ")
        assert f"Palautekysely: {ANSWERED} / 31 vastasi (51,6 %)." in text
        assert "Palaute: Järjestöjen kevätseminaari" in text
        assert "1. Kuinka tyytyväinen olit tilaisuuteen kokonaisuutena?" in text


def test_the_feedback_survey_is_offered_in_the_staffs_library():
    assert [entry.title for entry in library_definitions("sv")] == ["Organisationsenkät", "Respons på evenemanget"]
