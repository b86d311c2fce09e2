"""The feedback survey's results in the events report: PDF, spreadsheet and CSV, in Finnish and Swedish."""

import csv
import io
from datetime import datetime, timedelta, timezone

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select
from surveys import Selection, definition_from_dict

from app.events import followups
from app.events import registration as reg
from app.extensions import db
from app.local_time import utc_to_local
from app.models import Invitation, Report, ResponseStatus
from app.models.base import utcnow
from app.reports.builds import run_build
from app.reports.requests import request_report
from tests.fixtures.app import read_csrf_token
from tests.fixtures.councils import council_by_slug
from tests.fixtures.surveys import store_response, store_survey

FORUM = datetime(2026, 5, 12, 14, tzinfo=timezone.utc)
SENT = FORUM + timedelta(hours=6)
FEEDBACK = {
    "key": "tilaisuuspalaute",
    "title": {"fi": "Tilaisuuden palaute", "sv": "Respons på evenemanget", "en": "Event feedback"},
    "pages": [{"key": "p1", "title": {"fi": "Palaute", "sv": "Respons", "en": "Feedback"}, "questions": [
        {"key": "useful", "type": "single_choice",
         "label": {"fi": "Oliko tilaisuudesta hyötyä?", "sv": "Hade du nytta av evenemanget?",
                   "en": "Was the event useful?"},
         "options": [{"value": "much", "label": {"fi": "Paljon", "sv": "Mycket", "en": "Much"}},
                     {"value": "some", "label": {"fi": "Jonkin verran", "sv": "Något", "en": "Some"}},
                     {"value": "none", "label": {"fi": "Ei lainkaan", "sv": "Inte alls", "en": "Not at all"}}]},
        {"key": "again", "type": "yes_no",
         "label": {"fi": "Osallistuisitko uudelleen?", "sv": "Skulle du delta igen?", "en": "Would you come again?"}},
        {"key": "improve", "type": "long_text",
         "label": {"fi": "Mitä voisimme parantaa?", "sv": "Vad kunde vi förbättra?", "en": "What could we improve?"}},
        {"key": "name", "type": "short_text", "personal": True,
         "label": {"fi": "Nimesi (vapaaehtoinen)", "sv": "Ditt namn (frivilligt)", "en": "Your name (optional)"}},
    ]}],
}
ANSWERS = [
    {"useful": Selection(("much",)), "again": True, "improve": "Enemmän kahvia", "name": "Aino Attendee"},
    {"useful": Selection(("much",)), "again": True},
    {"useful": Selection(("some",)), "again": False, "improve": "Pidempi tauko"},
]


def _build(council, year: int, language: str) -> Report:
    report, needs_build = request_report(council, "events", {"language": language, "formats": ["pdf", "xlsx", "csv"],
                                                             "year": year}, None)
    db.session.commit()
    assert needs_build
    run_build(report.id)
    db.session.expire_all()
    return db.session.get(Report, report.id)


def _past_event_with_feedback(make_event, answers: list[dict], send: bool = True) -> tuple[int, object]:
    """A forum on 12 May 2026 whose four attendees got the feedback survey, answered by `answers` in order;
    plus a draft through the fifth invitation and a response by the open link, which never count."""
    council = council_by_slug("raakkyla")
    definition = definition_from_dict(FEEDBACK)
    survey = store_survey(council, definition, slug="palaute")
    db.session.commit()
    event_id = make_event(starts_at=FORUM, ends_at=FORUM + timedelta(hours=3), opens_at=FORUM - timedelta(days=30),
                          closes_at=FORUM - timedelta(days=1), feedback_survey_id=survey.id, feedback_hours=2)
    for name in ("Aino", "Bertta", "Cecilia", "Daniel", "Eemeli"):
        reg.add_walk_in(event_id, name, f"{name.lower()}@example.fi", now=FORUM + timedelta(hours=1))
    db.session.commit()
    if not send:
        return event_id, survey
    assert followups.send_due_feedback(now=SENT) == 5
    db.session.commit()
    invitations = db.session.scalars(select(Invitation).where(Invitation.survey_id == survey.id)
                                     .order_by(Invitation.id)).all()
    for invitation, given in zip(invitations, answers):
        store_response(survey, definition, given, invitation=invitation, submitted_at=SENT + timedelta(hours=1))
    store_response(survey, definition, {"useful": Selection(("none",)), "improve": "Luonnos ei näy"},
                   invitation=invitations[4], status=ResponseStatus.DRAFT)
    store_response(survey, definition, {"useful": Selection(("none",)), "improve": "Avoin linkki ei näy"},
                   submitted_at=SENT)
    db.session.commit()
    return event_id, survey


def _pdf_text(report: Report) -> str:
    pages = PdfReader(io.BytesIO(report.artefact("pdf").data)).pages
    return " ".join(page.extract_text() for page in pages).replace("\xa0", " ")


def _sheets(report: Report) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(report.artefact("xlsx").data), read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def _csv(report: Report) -> list[list[str]]:
    return list(csv.reader(io.StringIO(report.artefact("csv").data.decode("utf-8-sig")), delimiter=";"))


def test_events_report_shows_the_feedback_results_of_the_attendees_in_finnish(app, make_event):
    with app.test_request_context():
        _past_event_with_feedback(make_event, ANSWERS)
        report = _build(council_by_slug("raakkyla"), 2026, "fi")

        text = _pdf_text(report)
        assert "Palautekysely: 3 / 5 vastasi (60 %)." in text
        assert "Palaute: Järjestöfoorumi" in text and "Palautekysely: Tilaisuuden palaute · N = 3" in text
        assert "1. Oliko tilaisuudesta hyötyä?" in text and "2. Osallistuisitko uudelleen?" in text
        assert "Paljon 2 66,7 %" in text and "Jonkin verran 1 33,3 %" in text and "Ei lainkaan 0 0 %" in text
        assert "Enemmän kahvia" in text and "Pidempi tauko" in text
        # Only the event's submitted responses count; contact details are left out, as in the survey's own report.
        assert "Luonnos ei näy" not in text and "Avoin linkki ei näy" not in text
        assert "Aino Attendee" not in text and "Nimesi" not in text

        sheets = _sheets(report)
        feedback = sheets["Palaute Järjestöfoorumi"]
        assert feedback[0] == ("Palaute: Järjestöfoorumi",) + (None,) * (len(feedback[0]) - 1)
        assert ("1. Oliko tilaisuudesta hyötyä?",) == feedback[[row[0] for row in feedback].index(
            "1. Oliko tilaisuudesta hyötyä?")][:1]
        rows = {row[0]: row[1:3] for row in feedback if row and row[0]}
        assert rows["Paljon"] == (2, 2 / 3) and rows["Jonkin verran"] == (1, 1 / 3) and rows["Ei lainkaan"] == (0, 0)
        assert rows["Kyllä"] == (2, 2 / 3) and rows["Ei"] == (1, 1 / 3)
        assert "Enemmän kahvia" in rows and "Aino Attendee" not in rows
        assert not any("Nimesi" in str(cell) for sheet in sheets.values() for row in sheet for cell in row)
        # Each choice question's chart stands beside its table, the second below the first (6 cm, 12 rows).
        charts = load_workbook(io.BytesIO(report.artefact("xlsx").data))["Palaute Järjestöfoorumi"]._charts
        first, second = sorted(chart.anchor._from.row for chart in charts)
        assert second - first >= 12

        data = _csv(report)
        assert data[0][-4:] == ["Palautekysymys", "Vastaus", "Luku", "Arvo"]
        assert data[1][-4:] == ["feedback_question", "feedback_answer", "feedback_measure", "feedback_value"]
        figures = [row for row in data[2:] if row[-4]]
        assert ["Järjestöfoorumi", "Rääkkylän paikallis-JANE", "2026-05-12", "", "", "", "", "", "",
                "1. Oliko tilaisuudesta hyötyä?", "Paljon", "Vastaajia", "2"] in figures
        assert ["1. Oliko tilaisuudesta hyötyä?", "Paljon", "Osuus vastaajista (%)", "66,7"] in [r[-4:] for r in figures]
        assert ["2. Osallistuisitko uudelleen?", "Ei", "Vastaajia", "1"] in [r[-4:] for r in figures]
        # The rows of the modes keep their place, the feedback columns empty.
        assert ["Järjestöfoorumi", "Rääkkylän paikallis-JANE", "2026-05-12", "Paikan päällä", "5", "5", "0", "0", "0",
                "", "", "", ""] in data


def test_events_report_shows_the_feedback_results_in_swedish(app, make_event):
    with app.test_request_context():
        _past_event_with_feedback(make_event, ANSWERS)
        report = _build(council_by_slug("raakkyla"), 2026, "sv")

        text = _pdf_text(report)
        assert "Respons: Föreningsforum" in text and "Responsenkät: Respons på evenemanget · N = 3" in text
        assert "Responsenkät: 3 av 5 svarade (60 %)." in text
        assert "1. Hade du nytta av evenemanget?" in text and "Mycket 2 66,7 %" in text and "Något 1 33,3 %" in text

        rows = {row[0]: row[1:3] for row in _sheets(report)["Respons Föreningsforum"] if row and row[0]}
        assert rows["Mycket"] == (2, 2 / 3) and rows["Ja"] == (2, 2 / 3) and rows["Nej"] == (1, 1 / 3)

        data = _csv(report)
        assert data[0][-4:] == ["Responsfråga", "Svar", "Uppgift", "Värde"]
        figures = [row[-4:] for row in data[2:] if row[-4]]
        assert ["1. Hade du nytta av evenemanget?", "Mycket", "Svarande", "2"] in figures
        assert ["1. Hade du nytta av evenemanget?", "Mycket", "Andel av de svarande (%)", "66,7"] in figures


def test_feedback_survey_without_responses_says_so(app, make_event):
    with app.test_request_context():
        _past_event_with_feedback(make_event, [])
        report = _build(council_by_slug("raakkyla"), 2026, "fi")
        text = _pdf_text(report)
        assert "Palaute: Järjestöfoorumi" in text and "Palautekysely: Tilaisuuden palaute · N = 0" in text
        assert "Palautekyselyyn ei ole vielä vastattu." in text and "Oliko tilaisuudesta hyötyä?" not in text
        feedback = _sheets(report)["Palaute Järjestöfoorumi"]
        assert ("Palautekyselyyn ei ole vielä vastattu.",) in [row[:1] for row in feedback]
        assert all(row[-4:] == ["", "", "", ""] for row in _csv(report)[2:])


def test_feedback_survey_not_sent_says_when_it_goes_or_that_it_never_went(app, make_event):
    with app.test_request_context():
        council = council_by_slug("raakkyla")
        survey = store_survey(council, definition_from_dict(FEEDBACK), slug="palaute")
        db.session.commit()
        ended = utcnow() - timedelta(hours=1)
        make_event(slug="ilta", starts_at=ended - timedelta(hours=2), ends_at=ended, opens_at=ended - timedelta(days=9),
                   closes_at=ended - timedelta(days=3), feedback_survey_id=survey.id, feedback_hours=3)
        text = _pdf_text(_build(council, utc_to_local(ended - timedelta(hours=2)).year, "fi"))
        assert ("Palautekyselyä ei ole vielä lähetetty: se lähtee osallistuneille 3 tunnin kuluttua tilaisuuden "
                "päättymisestä.") in text
        # An event long past whose feedback the sweep never sent (it sends none later than a week after).
        make_event(starts_at=FORUM, ends_at=FORUM + timedelta(hours=3), opens_at=FORUM - timedelta(days=30),
                   closes_at=FORUM - timedelta(days=1), feedback_survey_id=survey.id)
        text = _pdf_text(_build(council, 2026, "fi"))
        assert "Palaute: Järjestöfoorumi" in text and "Palautekyselyä ei lähetetty." in text


def test_events_report_without_a_feedback_survey_has_no_feedback_part(app, make_event):
    with app.test_request_context():
        make_event(starts_at=FORUM, ends_at=FORUM + timedelta(hours=3), opens_at=FORUM - timedelta(days=30),
                   closes_at=FORUM - timedelta(days=1))
        report = _build(council_by_slug("raakkyla"), 2026, "fi")
        text = _pdf_text(report)
        assert "Järjestöfoorumi" in text and "Palaute:" not in text and "Palautekysely:" not in text
        assert not any(title.startswith("Palaute") for title in _sheets(report))
        data = _csv(report)
        assert len(data) == 4 and all(row[-4:] == ["", "", "", ""] for row in data[2:])


def test_a_new_feedback_response_makes_a_new_events_report(app, make_event):
    with app.test_request_context():
        event_id, survey = _past_event_with_feedback(make_event, ANSWERS[:1])
        council = council_by_slug("raakkyla")
        _build(council, 2026, "fi")
        invitation = db.session.scalars(select(Invitation).where(Invitation.survey_id == survey.id)
                                        .order_by(Invitation.id)).all()[1]
        store_response(survey, definition_from_dict(FEEDBACK), ANSWERS[1], invitation=invitation)
        db.session.commit()
        text = _pdf_text(_build(council, 2026, "fi"))
        assert "Paljon 2 100 %" in text


def test_staff_event_page_links_to_the_feedback_survey_reports(app, make_event, signed_in_staff):
    with app.test_request_context():
        event_id, survey = _past_event_with_feedback(make_event, [], send=False)
        survey_id = survey.id
    staff = signed_in_staff("secretary", "raakkyla")
    page = staff.get(f"/staff/raakkyla/events/{event_id}/").get_data(as_text=True)
    link = f"/staff/raakkyla/surveys/{survey_id}/reports/"
    assert f'href="{link}">Palautekyselyn raportit</a>' in page
    reports = staff.get(link)
    assert reports.status_code == 200 and read_csrf_token(reports.get_data(as_text=True))
