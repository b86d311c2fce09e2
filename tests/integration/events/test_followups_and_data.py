"""The reminder and feedback jobs and the retention job with a real RQ worker, the personal-data provider
(find, export, erase) and the council page's upcoming events."""

from datetime import timedelta

from sqlalchemy import func, select

from app.demo.loader import load_demo_data
from app.events import registering
from app.events import registration as reg
from app.extensions import db, queue
from app.models import Event, Invitation, Registration, RegistrationStatus
from app.models.base import utcnow
from app.personal_data import PROVIDERS
from tests.fixtures.councils import council_by_slug
from tests.fixtures.surveys import store_survey


def _register(event_id, number, mode=reg.AttendanceMode.ONSITE):
    details = registering.RegistrationDetails(name=f"Osallistuja {number}", email=f"osallistuja{number}@example.fi",
                                      mode=mode, language="sv" if number == 2 else "fi")
    registration_id, _token = registering.register_for_event(event_id, details)
    db.session.commit()
    return registration_id


def _run(job, run_jobs):
    queue("default").enqueue(job)
    run_jobs()


def test_reminder_goes_out_days_before_to_the_confirmed_in_their_language(app, make_event, run_jobs, smtp_server):
    now = utcnow()
    event_id = make_event(capacity_onsite=2, capacity_remote=None, starts_at=now + timedelta(days=1, hours=12),
                          ends_at=now + timedelta(days=1, hours=15), closes_at=now + timedelta(days=1))
    with app.test_request_context():
        _register(event_id, 1)
        _register(event_id, 2, reg.AttendanceMode.REMOTE)
        _register(event_id, 3)
        _register(event_id, 4)  # waiting: no reminder
        run_jobs()
        smtp_server.clear()
        _run("app.jobs.events.send_event_followups", run_jobs)
        _run("app.jobs.events.send_event_followups", run_jobs)  # once only
    assert [m["Subject"] for m in smtp_server.to("osallistuja1@example.fi")] == ["Muistutus: Järjestöfoorumi"]
    [swedish] = smtp_server.to("osallistuja2@example.fi")
    assert swedish["Subject"] == "Påminnelse: Föreningsforum"
    assert "meet.example.fi" in swedish.get_body(("plain",)).get_content()
    assert "meet.example.fi" not in smtp_server.to("osallistuja1@example.fi")[0].get_body(("plain",)).get_content()
    assert smtp_server.to("osallistuja4@example.fi") == []


def test_no_reminder_before_its_day(app, make_event, run_jobs, smtp_server):
    event_id = make_event(reminder_days=2)
    with app.test_request_context():
        _register(event_id, 1)
        run_jobs()
        smtp_server.clear()
        _run("app.jobs.events.send_event_followups", run_jobs)
    assert smtp_server.to("osallistuja1@example.fi") == []


def test_feedback_survey_goes_to_attendees_hours_after_the_end(app, make_event, run_jobs, smtp_server):
    now = utcnow()
    with app.app_context():
        survey_id = store_survey(council_by_slug("raakkyla"), slug="palaute").id
        db.session.commit()
    event_id = make_event(starts_at=now - timedelta(hours=6), ends_at=now - timedelta(hours=3),
                          opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=8),
                          feedback_survey_id=survey_id, feedback_hours=2)
    with app.test_request_context():
        came = reg.add_walk_in(event_id, "Tullut Paikalle", "tuli@example.fi")
        reg.add_walk_in(event_id, "Ilman Osoitetta")
        db.session.add(Registration(event_id=event_id, mode=reg.AttendanceMode.ONSITE, position=99,
                                    status=RegistrationStatus.CONFIRMED, name="Ei Tullut", email="ei@example.fi",
                                    email_normalised="ei@example.fi"))
        db.session.commit()
        _run("app.jobs.events.send_event_followups", run_jobs)
        run_jobs()
        assert db.session.scalar(select(func.count()).select_from(Invitation).where(
            Invitation.survey_id == survey_id)) == 1
        assert db.session.get(Registration, came.id).feedback_sent_at is not None
    [message] = smtp_server.to("tuli@example.fi")
    assert "/s/" in message.get_body(("plain",)).get_content()
    assert smtp_server.to("ei@example.fi") == []


def test_retention_removes_personal_data_and_keeps_the_counts(app, make_event, run_jobs):
    now = utcnow()
    old = make_event(slug="vanha", starts_at=now - timedelta(days=92), ends_at=now - timedelta(days=91),
                     opens_at=now - timedelta(days=120), closes_at=now - timedelta(days=93))
    recent = make_event(slug="tuore")
    with app.test_request_context():
        for number in (1, 2):
            db.session.add(Registration(event_id=old, mode=reg.AttendanceMode.ONSITE, position=number,
                                        status=RegistrationStatus.CONFIRMED, name=f"Vanha {number}",
                                        email=f"vanha{number}@example.fi", is_attended=number == 1,
                                        email_normalised=f"vanha{number}@example.fi", municipality_code="707"))
        db.session.commit()
        _register(recent, 1)
        _run("app.jobs.events.remove_old_participant_data", run_jobs)
        rows = db.session.execute(select(Registration.name, Registration.email, Registration.is_attended,
                                         Registration.municipality_code).where(Registration.event_id == old)).all()
        assert sorted(rows) == [(None, None, False, "707"), (None, None, True, "707")]
        assert db.session.get(Event, old).personal_data_removed_at is not None
        assert db.session.scalar(select(Registration.name).where(Registration.event_id == recent)) == "Osallistuja 1"


def test_personal_data_provider_finds_exports_and_erases_by_address(app, make_event):
    event_id = make_event()
    other_council_event = make_event("kainuu", slug="kainuun-foorumi")
    with app.test_request_context():
        _register(event_id, 1)
        _register(other_council_event, 1)
        raakkyla = council_by_slug("raakkyla").id
        provider = PROVIDERS["events"]
        [record] = provider.find(" OSALLISTUJA1@example.fi", {raakkyla})
        assert record.description == "Järjestöfoorumi" and record.fields["Nimi"] == "Osallistuja 1"
        assert provider.erase("osallistuja1@example.fi", {raakkyla}) == 1
        db.session.commit()
        assert provider.find("osallistuja1@example.fi", {raakkyla}) == []
        assert db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED)) == 1
        kainuu = council_by_slug("kainuu").id
        assert len(provider.find("osallistuja1@example.fi", {kainuu})) == 1
        assert "90" in provider.privacy_entry(app.config).retention


def test_council_page_and_front_page_show_upcoming_events(app, client, make_event):
    make_event()
    make_event(slug="luonnos", title_fi="Luonnostilaisuus", status=reg.EventStatus.DRAFT)
    page = client.get("/raakkyla/?lang=fi").get_data(as_text=True)
    assert "Järjestöfoorumi" in page and "Luonnostilaisuus" not in page
    assert "1 tuleva tilaisuus" in client.get("/?lang=fi").get_data(as_text=True)


def test_demo_events_load_once_nearly_full(app, demo):
    with app.test_request_context():
        load_demo_data()
        db.session.commit()
        forum = db.session.scalar(select(Event).where(Event.slug == "jarjestofoorumi"))
        assert forum.council.slug == "pohjois-karjala" and forum.capacity_onsite == 40
        assert reg.confirmed_count(forum, reg.AttendanceMode.ONSITE) == 38
        assert db.session.scalar(select(func.count()).select_from(Event)) == 3  # and the past seminar
