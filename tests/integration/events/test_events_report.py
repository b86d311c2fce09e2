"""The events report kind and the events section of the annual summary."""

import io
import re
from datetime import datetime, timedelta, timezone

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.events import registration as reg
from app.extensions import db, queue
from app.local_time import utc_to_local
from app.models import Invitation, Registration, RegistrationStatus, Report
from app.models.base import utcnow
from app.reports.builds import run_build
from app.reports.requests import request_report
from tests.fixtures.app import read_csrf_token
from tests.fixtures.councils import council_by_slug
from tests.fixtures.surveys import basic_answers, jarjestokysely, store_response, store_survey

FORUM = datetime(2026, 5, 12, 14, tzinfo=timezone.utc)


def _build(council, kind, year, formats):
    report, needs_build = request_report(council, kind, {"language": "fi", "formats": list(formats), "year": year},
                                         None)
    db.session.commit()
    assert needs_build
    run_build(report.id)
    db.session.expire_all()
    return db.session.get(Report, report.id)


def _event_with_people(make_event):
    event_id = make_event(starts_at=FORUM, ends_at=FORUM + timedelta(hours=3), opens_at=FORUM - timedelta(days=30),
                          closes_at=FORUM - timedelta(days=1), capacity_remote=None)
    people = [("onsite", RegistrationStatus.CONFIRMED, True, "707"), ("onsite", RegistrationStatus.CONFIRMED, True, "707"),
              ("onsite", RegistrationStatus.CONFIRMED, False, "167"), ("remote", RegistrationStatus.CONFIRMED, True, None),
              ("onsite", RegistrationStatus.CANCELLED, False, "707"), ("onsite", RegistrationStatus.WAITING, False, None)]
    for number, (mode, status, attended, code) in enumerate(people, start=1):
        db.session.add(Registration(event_id=event_id, mode=reg.AttendanceMode(mode), status=status, position=number,
                                    is_attended=attended, municipality_code=code, name=None, email=None))
    db.session.commit()
    return event_id


def test_events_report_counts_each_mode_and_municipality(app, make_event):
    with app.test_request_context():
        _event_with_people(make_event)
        report = _build(council_by_slug("raakkyla"), "events", 2026, ("pdf", "xlsx", "csv"))
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.artefact("pdf").data)).pages)
        assert "Järjestöfoorumi" in text and "Osallistui" in text and "Ei saapunut" in text
        workbook = load_workbook(io.BytesIO(report.artefact("xlsx").data), read_only=True)
        cells = [tuple(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
        # registered 4, attended 3, no-shows 1, cancelled 1, waiting 1
        assert any(row[:1] == ("Järjestöfoorumi",) and list(row[2:7]) == [4, 3, 1, 1, 1] for row in cells), cells[:12]
        assert any(row[:3] == ("Paikan päällä", 3, 2) for row in cells)


def test_annual_summary_has_an_events_section(app, make_event):
    with app.test_request_context():
        _event_with_people(make_event)
        report = _build(council_by_slug("raakkyla"), "annual_summary", 2026, ("pdf",))
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.artefact("pdf").data)).pages)
        assert "Tilaisuudet: 1" in text and "Järjestöfoorumi" in text


def test_staff_request_the_events_report_of_a_year_from_the_events_list(app, make_event, signed_in_staff, run_jobs):
    with app.app_context():
        _event_with_people(make_event)
    staff = signed_in_staff("secretary", "raakkyla")
    page = staff.get("/staff/raakkyla/events/").get_data(as_text=True)
    assert '<option value="2026">2026</option>' in page
    answer = staff.post("/staff/raakkyla/events/report", data={"csrf_token": read_csrf_token(page), "year": "2026"})
    assert answer.status_code == 302 and "/staff/raakkyla/reports/" in answer.headers["Location"]
    run_jobs()
    report_page = staff.get(answer.headers["Location"]).get_data(as_text=True)
    links = dict((fmt, link) for link, fmt in re.findall(r'href="(/staff/raakkyla/reports/\d+/files/(\w+))"',
                                                         report_page))
    files = {fmt: staff.get(link) for fmt, link in links.items()}
    assert sorted(files) == ["csv", "pdf", "xlsx"], report_page
    assert all(response.status_code == 200 for response in files.values())
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"].data)).pages)
    assert "Järjestöfoorumi" in text and "2026" in text
    csv_rows = files["csv"].data.decode("utf-8-sig").splitlines()
    assert any(row.startswith("Järjestöfoorumi;") and row.endswith(";2026-05-12;Paikan päällä;3;2;1;1;1;;;;")
               for row in csv_rows), csv_rows


def test_feedback_response_rate_of_the_survey_sent_by_the_worker_is_in_the_events_report(app, make_event, run_jobs,
                                                                                        smtp_server):
    now = utcnow()
    with app.test_request_context():
        council = council_by_slug("raakkyla")
        survey = store_survey(council, slug="palaute")
        db.session.commit()
        event_id = make_event(starts_at=now - timedelta(hours=6), ends_at=now - timedelta(hours=3),
                              opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=8),
                              feedback_survey_id=survey.id, feedback_hours=2)
        for name in ("Aino", "Bertta"):
            reg.add_walk_in(event_id, name, f"{name.lower()}@example.fi")
        db.session.commit()
        queue("default").enqueue("app.jobs.events.send_event_followups")
        run_jobs()
        invitations = db.session.scalars(select(Invitation).where(Invitation.survey_id == survey.id)
                                         .order_by(Invitation.id)).all()
        assert len(invitations) == 2 and len(smtp_server.to("aino@example.fi")) == 1
        store_response(survey, jarjestokysely(), basic_answers(), invitation=invitations[0])
        db.session.commit()
        report = _build(council, "events", utc_to_local(now - timedelta(hours=6)).year, ("pdf", "xlsx"))
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.artefact("pdf").data)).pages)
        assert "Palautekysely: 1 / 2 vastasi" in text
        workbook = load_workbook(io.BytesIO(report.artefact("xlsx").data), read_only=True)
        cells = [tuple(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
        assert any(row[:1] == ("Järjestöfoorumi",) and row[-1] == 50.0 for row in cells), cells[:8]
