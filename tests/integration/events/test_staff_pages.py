"""The staff's event pages: create and publish, participants and their files, the sign-in sheet, messages with
the count confirmed first, capacity changes, check-in without JavaScript and walk-ins."""

import io
from datetime import datetime, timezone

from openpyxl import load_workbook
from sqlalchemy import select

from app.events import registering
from app.events import registration as reg
from app.extensions import db
from app.mail.outbox import message_subject
from app.models import AuditLog, Event, EventStatus, OutboxMessage, Registration, Role
from tests.fixtures.app import read_csrf_token

BASE = "/staff/raakkyla/events"


def _register(app, event_id, count, mode=reg.AttendanceMode.ONSITE):
    with app.test_request_context():
        for number in range(count):
            details = registering.RegistrationDetails(name=f"Henkilö {chr(90 - number)}", email=f"h{number}@example.fi",
                                              mode=mode, organisation="Kyläseura")
            registering.register_for_event(event_id, details)
            db.session.commit()


def test_secretary_creates_and_publishes_an_event(app, demo_councils, signed_in_staff):
    client = signed_in_staff(Role.SECRETARY, "raakkyla")
    page = client.get(BASE + "/new").get_data(as_text=True)
    response = client.post(BASE + "/new", data={
        "csrf_token": read_csrf_token(page), "title_fi": "Kevään järjestöilta", "starts_at": "2027-03-30T18:00",
        "ends_at": "2027-03-30T20:00", "opens_at": "2027-03-01T09:00", "closes_at": "2027-03-28T23:59",
        "place": "Kirjasto", "capacity_onsite": "25", "capacity_remote": "0", "reminder_days": "2",
        "feedback_hours": "2", "asks_organisation": "y"})
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert event.slug == "kevaan-jarjestoilta" and event.starts_at.hour == 15  # 18.00 Helsinki summer time (UTC+3)
        event_id = event.id
    show = client.get(f"{BASE}/{event_id}/").get_data(as_text=True)
    client.post(f"{BASE}/{event_id}/publish", data={"csrf_token": read_csrf_token(show)})
    with app.app_context():
        assert db.session.get(Event, event_id).status is EventStatus.PUBLISHED
        assert db.session.scalars(select(AuditLog.action)).all()[-2:] == ["event.create", "event.publish"]


def test_bad_extra_questions_are_refused_with_the_engines_message(app, demo_councils, signed_in_staff):
    client = signed_in_staff(Role.SECRETARY, "raakkyla")
    page = client.get(BASE + "/new").get_data(as_text=True)
    response = client.post(BASE + "/new", data={
        "csrf_token": read_csrf_token(page), "title_fi": "Ilta", "starts_at": "2027-03-30T18:00",
        "ends_at": "2027-03-30T20:00", "capacity_onsite": "25", "capacity_remote": "0", "reminder_days": "2",
        "feedback_hours": "2", "extra_questions": "- key: diet\n  type: nosuchtype\n"})
    assert response.status_code == 400
    # the engine's message in the secretary's language, its values filled in after translation
    assert "Kysymystyyppi: pitää olla jokin näistä: " in response.get_data(as_text=True)
    assert "nyt: teksti &#39;nosuchtype&#39;" in response.get_data(as_text=True)


def test_participant_files_and_sign_in_sheet(app, signed_in_staff, make_event):
    event_id = make_event(capacity_onsite=2)
    _register(app, event_id, 3)
    client = signed_in_staff(Role.SECRETARY, "raakkyla")
    page = client.get(f"{BASE}/{event_id}/participants?status=waiting").get_data(as_text=True)
    assert "Henkilö X" in page and "Henkilö Z" not in page
    csv = client.get(f"{BASE}/{event_id}/participants.csv?lang=fi")
    assert csv.headers["Content-Disposition"].startswith("attachment")
    text = csv.get_data().decode("utf-8")
    assert text.startswith("\ufeffNimi;") and text.count("\r\n") == 4
    workbook = load_workbook(io.BytesIO(client.get(f"{BASE}/{event_id}/participants.xlsx?mode=onsite").get_data()))
    assert workbook.active.max_row == 4
    pdf = client.get(f"{BASE}/{event_id}/sign-in-sheet.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.get_data().startswith(b"%PDF")


def test_message_shows_the_count_and_sends_only_after_confirming(app, signed_in_staff, make_event):
    event_id = make_event(capacity_onsite=2)
    _register(app, event_id, 3)
    client = signed_in_staff(Role.SECRETARY, "raakkyla")
    token = read_csrf_token(client.get(f"{BASE}/{event_id}/message").get_data(as_text=True))
    fields = {"csrf_token": token, "modes": ["onsite"], "statuses": ["confirmed"], "subject": "Pysäköinti",
              "body": "Pysäköinti on kirjaston takana."}
    with app.app_context():
        before = len(db.session.scalars(select(OutboxMessage)).all())
    preview = client.post(f"{BASE}/{event_id}/message?lang=en", data=fields).get_data(as_text=True)
    assert "The message goes to 2 people." in preview
    with app.app_context():
        assert len(db.session.scalars(select(OutboxMessage)).all()) == before
    client.post(f"{BASE}/{event_id}/message", data={**fields, "confirmed": "yes"})
    with app.app_context():
        assert [message_subject(message) for message in db.session.scalars(select(OutboxMessage))].count(
            "Pysäköinti") == 2


def test_a_message_to_nobody_is_refused_beside_the_groups_with_what_was_typed_kept(app, signed_in_staff, make_event):
    event_id = make_event()
    client = signed_in_staff(Role.SECRETARY, "raakkyla")
    token = read_csrf_token(client.get(f"{BASE}/{event_id}/message").get_data(as_text=True))
    response = client.post(f"{BASE}/{event_id}/message?lang=sv", data={
        "csrf_token": token, "subject": "Pysäköinti", "body": "Pysäköinti on kirjaston takana."})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "The message goes to" not in page
    for field in ("modes", "statuses"):
        # the summary's link lands on the group, whose error is beside its options
        group = page[page.index(f'<fieldset id="{field}" aria-describedby="{field}-error">'):]
        group = group[:group.index("</fieldset>")]
        assert f'<a href="#{field}">' in page
        assert 'class="error-message"' in group and f'id="{field}-0"' in group
    assert "Välj minst ett deltagarsätt." in page and "Välj minst en status." in page
    assert 'value="Pysäköinti"' in page and "Pysäköinti on kirjaston takana." in page
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_raising_capacity_promotes_and_check_in_works_without_javascript(app, signed_in_staff, make_event):
    event_id = make_event(capacity_onsite=1)
    _register(app, event_id, 2)
    client = signed_in_staff(Role.SECRETARY, "raakkyla")
    show = client.get(f"{BASE}/{event_id}/").get_data(as_text=True)
    client.post(f"{BASE}/{event_id}/capacity", data={"csrf_token": read_csrf_token(show), "capacity_onsite": "5",
                                                     "capacity_remote": "0"})
    page = client.get(f"{BASE}/{event_id}/check-in?q=henkilö y&lang=en").get_data(as_text=True)
    assert "Henkilö Y" in page and "Henkilö Z" not in page
    with app.app_context():
        person = db.session.scalar(select(Registration).where(Registration.name == "Henkilö Y"))
    response = client.post(f"{BASE}/{event_id}/check-in/{person.id}", data={"csrf_token": read_csrf_token(page),
                                                                          "arrived": "1"})
    assert response.status_code == 302
    answer = client.post(f"{BASE}/{event_id}/check-in/{person.id}", headers={"Accept": "application/json"},
                         data={"csrf_token": read_csrf_token(page), "arrived": "0"})
    assert answer.get_json() == {"id": person.id, "arrived": False, "attended": 0}
    client.post(f"{BASE}/{event_id}/walk-in", data={"csrf_token": read_csrf_token(page), "name": "Ovelta Tuleva"})
    page = client.get(f"{BASE}/{event_id}/check-in?lang=en").get_data(as_text=True)
    assert "Ovelta Tuleva" in page and "Arrived: 1" in page


def test_edit_shows_helsinki_times_saves_the_texts_and_leaves_capacity_to_its_own_form(app, signed_in_staff,
                                                                                        make_event):
    start = datetime(2027, 1, 20, 16, 0, tzinfo=timezone.utc)  # 18.00 in Helsinki (winter, UTC+2)
    event_id = make_event(starts_at=start, ends_at=start.replace(hour=18), opens_at=start.replace(day=1),
                          closes_at=start.replace(day=18), capacity_onsite=30)
    client = signed_in_staff(Role.SECRETARY, "raakkyla")
    page = client.get(f"{BASE}/{event_id}/edit?lang=en").get_data(as_text=True)
    assert "2027-01-20T18:00" in page, page[page.find("starts_at"):page.find("starts_at") + 400]
    assert "change it on the event" in page
    fields = {"csrf_token": read_csrf_token(page), "title_fi": "Talven järjestöfoorumi", "title_sv": "Vinterforum",
              "starts_at": "2027-01-20T17:30", "ends_at": "2027-01-20T20:00", "opens_at": "2027-01-01T18:00",
              "closes_at": "2027-01-18T18:00", "place": "Kirjasto", "capacity_onsite": "5", "capacity_remote": "0",
              "reminder_days": "3", "feedback_hours": "2"}
    response = client.post(f"{BASE}/{event_id}/edit", data=fields)
    assert response.status_code == 302
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.title_fi, event.title_sv, event.place, event.reminder_days) == (
            "Talven järjestöfoorumi", "Vinterforum", "Kirjasto", 3)
        assert event.starts_at == start.replace(hour=15, minute=30) and event.capacity_onsite == 30
        assert event.slug == "foorumi"  # the address people were sent stays
        assert db.session.scalars(select(AuditLog.action)).all()[-1] == "event.update"
    bad = client.post(f"{BASE}/{event_id}/edit?lang=en", data={**fields, "ends_at": "2027-01-20T17:00"})
    assert bad.status_code == 400 and "The event must end after it starts." in bad.get_data(as_text=True)
