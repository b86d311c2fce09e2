"""What a secretary does to a whole event and what everyone then sees: copying it as a new draft with a new date,
taking it down (refused while people are registered), and cancelling it (count first, everyone e-mailed in their
language, the public page, the calendar files, registration and reminders)."""

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import func, select

from app.events import registering
from app.events import registration as reg
from app.extensions import db, queue
from app.local_time import utc_to_local
from app.models import AuditLog, Event, EventStatus, Registration, RegistrationStatus, Role
from app.models.base import utcnow
from tests.fixtures.app import read_csrf_token

BASE = "/staff/raakkyla/events"
ONSITE, REMOTE = reg.AttendanceMode.ONSITE, reg.AttendanceMode.REMOTE

EXTRA = """
- key: workshop
  type: single_choice
  label: {fi: "Mihin työpajaan osallistut?", en: "Which workshop will you join?"}
  options:
    - value: funding
      label: {fi: Rahoitus, en: Funding}
    - value: volunteers
      label: {fi: Vapaaehtoiset, en: Volunteers}
"""


def _register(app, event_id, who: str, mode=ONSITE, language="fi") -> str:
    """Register `who` as the public form does and return the personal link's path."""
    with app.test_request_context():
        _registration_id, token = registering.register_for_event(event_id, registering.RegistrationDetails(
            name=who.capitalize(), email=f"{who}@example.fi", mode=mode, language=language))
        db.session.commit()
        event = db.session.get(Event, event_id)
        return f"/raakkyla/events/{event.slug}/registration/{token}"


def _public_places(client) -> dict[str, str]:
    """The public pages an upcoming event shows on, in Finnish."""
    return {"list": client.get("/raakkyla/events/?lang=fi").get_data(as_text=True),
            "council": client.get("/raakkyla/?lang=fi").get_data(as_text=True),
            "front": client.get("/?lang=fi").get_data(as_text=True),
            "feed": client.get("/raakkyla/events.ics").get_data(as_text=True)}


def _audit(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()


# --- copy -------------------------------------------------------------------------------------------------------


def test_copy_asks_for_the_new_start_and_makes_a_draft_without_registrations(app, client, make_event,
                                                                            signed_in_staff):
    source_id = make_event(capacity_onsite=40, capacity_remote=None, extra_questions=EXTRA, asks_needs=False,
                           venue_accessibility="Esteetön sisäänkäynti", description_sv="Välkommen!",
                           reminder_days=3)
    _register(app, source_id, "maija")
    staff = signed_in_staff(Role.SECRETARY, "raakkyla")
    show = staff.get(f"{BASE}/{source_id}/?lang=en").get_data(as_text=True)
    assert f'href="{BASE}/{source_id}/copy"' in show
    page = staff.get(f"{BASE}/{source_id}/copy?lang=en").get_data(as_text=True)
    assert "The copy starts" in page and "without registrations" in page
    with app.app_context():
        source = db.session.get(Event, source_id)
        new_start = (utc_to_local(source.starts_at) + timedelta(days=91)).replace(second=0, microsecond=0)
    response = staff.post(f"{BASE}/{source_id}/copy", data={
        "csrf_token": read_csrf_token(page), "starts_at": new_start.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302 and response.headers["Location"].endswith("/edit")
    edit = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "A copy was made as a draft" in edit
    with app.app_context():
        source = db.session.get(Event, source_id)
        copy = db.session.scalar(select(Event).where(Event.id != source_id))
        assert copy.status is EventStatus.DRAFT and copy.slug == "jarjestofoorumi"
        for name in ("title_fi", "title_sv", "title_en", "description_fi", "description_sv", "place",
                     "venue_accessibility", "remote_link", "capacity_onsite", "capacity_remote", "extra_questions",
                     "asks_organisation", "asks_municipality", "asks_needs", "reminder_days"):
            assert getattr(copy, name) == getattr(source, name), name
        assert copy.modes == [ONSITE, REMOTE]
        # The new date as typed (Helsinki time), the rest moved along by the same amount of real time.
        assert utc_to_local(copy.starts_at).replace(tzinfo=None) == new_start.replace(tzinfo=None)
        shift = copy.starts_at - source.starts_at
        assert (copy.ends_at - copy.starts_at) == (source.ends_at - source.starts_at)
        assert copy.opens_at == source.opens_at + shift and copy.closes_at == source.closes_at + shift
        assert db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.event_id == copy.id)) == 0
        assert (copy.reminder_sent_at, copy.feedback_sent_at, copy.next_position) == (None, None, 1)
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "event.copy"))
        assert entry.target == f"event:{copy.id}" and entry.details["source_id"] == source_id
        copy_id, copy_slug = copy.id, copy.slug
    # Not public until published.
    assert client.get(f"/raakkyla/events/{copy_slug}/").status_code == 404
    assert f"/raakkyla/events/{copy_slug}/" not in _public_places(client)["list"]
    publish = staff.get(f"{BASE}/{copy_id}/").get_data(as_text=True)
    staff.post(f"{BASE}/{copy_id}/publish", data={"csrf_token": read_csrf_token(publish)})
    assert client.get(f"/raakkyla/events/{copy_slug}/").status_code == 200
    assert f"/raakkyla/events/{copy_slug}/" in _public_places(client)["list"]


def test_copy_refuses_a_start_in_the_past_and_keeps_the_page(app, make_event, signed_in_staff):
    source_id = make_event()
    staff = signed_in_staff(Role.SECRETARY, "raakkyla")
    page = staff.get(f"{BASE}/{source_id}/copy?lang=en").get_data(as_text=True)
    past = utc_to_local(utcnow() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = staff.post(f"{BASE}/{source_id}/copy", data={"csrf_token": read_csrf_token(page), "starts_at": past})
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "The copy must start in the future." in text and past in text
    empty = staff.post(f"{BASE}/{source_id}/copy", data={"csrf_token": read_csrf_token(page), "starts_at": ""})
    assert empty.status_code == 400 and "Enter when the copy starts." in empty.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 1


# --- unpublish --------------------------------------------------------------------------------------------------


def test_taking_down_an_event_without_registrations_removes_it_from_every_public_place(app, client, make_event,
                                                                                      signed_in_staff):
    event_id = make_event()
    before = _public_places(client)
    assert "/raakkyla/events/foorumi/" in before["list"] and "Järjestöfoorumi" in before["council"]
    assert "1 tuleva tilaisuus" in before["front"] and "SUMMARY:Järjestöfoorumi" in before["feed"]
    staff = signed_in_staff(Role.SECRETARY, "raakkyla")
    show = staff.get(f"{BASE}/{event_id}/?lang=en").get_data(as_text=True)
    response = staff.post(f"{BASE}/{event_id}/unpublish", data={"csrf_token": read_csrf_token(show)})
    assert response.status_code == 302
    assert "The event was taken down." in staff.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Event, event_id).status is EventStatus.DRAFT
    after = _public_places(client)
    assert "/raakkyla/events/foorumi/" not in after["list"] and "Järjestöfoorumi" not in after["council"]
    assert "tuleva tilaisuus" not in after["front"] and "VEVENT" not in after["feed"]
    assert client.get("/raakkyla/events/foorumi/").status_code == 404
    assert client.get("/raakkyla/events/foorumi/event.ics").status_code == 404
    assert _audit(app)[-1] == "event.unpublish"


def test_taking_down_is_refused_beside_the_button_while_people_are_registered(app, client, make_event,
                                                                            signed_in_staff):
    event_id = make_event(capacity_onsite=1)
    _register(app, event_id, "maija")
    _register(app, event_id, "odottaja")  # waiting
    staff = signed_in_staff(Role.SECRETARY, "raakkyla")
    for language, message in (
            ("en", "People have registered for this event, so it cannot be taken down"),
            ("fi", "Tilaisuuteen on ilmoittauduttu, joten sitä ei voi poistaa julkaisusta"),
            ("sv", "Det finns anmälningar till evenemanget, så det kan inte avpubliceras")):
        show = staff.get(f"{BASE}/{event_id}/?lang={language}").get_data(as_text=True)
        response = staff.post(f"{BASE}/{event_id}/unpublish", data={"csrf_token": read_csrf_token(show)})
        page = response.get_data(as_text=True)
        assert response.status_code == 409
        # In the error summary and right above the take-down button, which it describes.
        assert page.count(message) == 2
        button = page.index('aria-describedby="unpublish-error"')
        assert button - 800 < page.index('id="unpublish-error"') < button
    with app.app_context():
        assert db.session.get(Event, event_id).status is EventStatus.PUBLISHED
    assert client.get("/raakkyla/events/foorumi/").status_code == 200
    assert "event.unpublish" not in _audit(app)


# --- cancel -----------------------------------------------------------------------------------------------------


def test_cancelling_shows_the_count_then_emails_everyone_in_their_language(app, client, make_event, signed_in_staff,
                                                                         run_jobs, smtp_server):
    now = utcnow()
    # The reminder (two days before) is due: cancelling must stop it.
    event_id = make_event(capacity_onsite=2, capacity_remote=None, starts_at=now + timedelta(days=1),
                          ends_at=now + timedelta(days=1, hours=3), closes_at=now + timedelta(hours=20))
    maija = _register(app, event_id, "maija")
    _register(app, event_id, "sven", language="sv")
    _register(app, event_id, "etaosallistuja", mode=REMOTE)
    _register(app, event_id, "odottaja", language="sv")  # on-site is full: waiting
    with app.test_request_context():
        reg.add_walk_in(event_id, "Ilman Osoitetta")  # no address: nobody to e-mail
        db.session.commit()
    public = client.get("/raakkyla/events/foorumi/?lang=en").get_data(as_text=True)
    stamp = public.split('name="form_started" type="hidden" value="')[1].split('"')[0]
    run_jobs()
    smtp_server.clear()

    staff = signed_in_staff(Role.SECRETARY, "raakkyla")
    show = staff.get(f"{BASE}/{event_id}/?lang=en").get_data(as_text=True)
    assert f'href="{BASE}/{event_id}/cancel"' in show
    confirm = staff.get(f"{BASE}/{event_id}/cancel?lang=en").get_data(as_text=True)
    assert "Cancel Järjestöfoorumi?" in confirm or "Cancel NGO forum?" in confirm
    assert "3 people registered are e-mailed that the event is cancelled." in confirm
    assert "1 person on the waiting list is e-mailed too." in confirm
    assert "You cannot undo this." in confirm and "Cancel the event and e-mail 4 people" in confirm
    with app.app_context():
        assert db.session.get(Event, event_id).status is EventStatus.PUBLISHED  # nothing happens on the GET
    finnish = staff.get(f"{BASE}/{event_id}/cancel?lang=fi").get_data(as_text=True)
    assert "Peru tilaisuus ja lähetä sähköposti 4 henkilölle" in finnish
    response = staff.post(f"{BASE}/{event_id}/cancel", data={"csrf_token": read_csrf_token(confirm)})
    assert response.status_code == 302
    assert "4 henkilölle" in staff.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Event, event_id).status is EventStatus.CANCELLED
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "event.cancel"))
        assert entry.details["notified"] == 4

    with app.app_context():
        queue("default").enqueue("app.jobs.events.send_event_followups")  # the reminder sweep, due for this event
        run_jobs()
    assert [m["Subject"] for m in smtp_server.to("maija@example.fi")] == ["Peruttu: Järjestöfoorumi"]
    assert [m["Subject"] for m in smtp_server.to("etaosallistuja@example.fi")] == ["Peruttu: Järjestöfoorumi"]
    assert [m["Subject"] for m in smtp_server.to("sven@example.fi")] == ["Inställt: Föreningsforum"]
    [waiting] = smtp_server.to("odottaja@example.fi")
    assert waiting["Subject"] == "Inställt: Föreningsforum"
    assert "har ställts in" in waiting.get_body(("plain",)).get_content()
    assert "Tilaisuus Järjestöfoorumi on peruttu" in smtp_server.to("maija@example.fi")[0].get_body(
        ("plain",)).get_content()
    assert not any("Muistutus" in m["Subject"] or "Påminnelse" in m["Subject"] for m in smtp_server.messages)
    with app.app_context():
        assert db.session.get(Event, event_id).reminder_sent_at is None

    # The public page, the calendar files, registration, and the personal link.
    page = client.get("/raakkyla/events/foorumi/?lang=fi").get_data(as_text=True)
    assert "Tämä tilaisuus on peruttu" in page and 'name="consent"' not in page
    assert "Detta evenemang har ställts in" in client.get("/raakkyla/events/foorumi/?lang=sv").get_data(as_text=True)
    listed = client.get("/raakkyla/events/?lang=fi").get_data(as_text=True)
    assert "Tilaisuus peruttu" in listed[listed.index("Järjestöfoorumi"):]
    [item] = Calendar.from_ical(client.get("/raakkyla/events/foorumi/event.ics").get_data()).walk("VEVENT")
    assert item["STATUS"] == "CANCELLED"
    [fed] = Calendar.from_ical(client.get("/raakkyla/events.ics").get_data()).walk("VEVENT")
    assert fed["STATUS"] == "CANCELLED" and fed["UID"] == item["UID"]
    late = client.post("/raakkyla/events/foorumi/", data={
        "csrf_token": read_csrf_token(public), "form_started": stamp, "step": "register", "name": "Myöhäinen",
        "email": "myohainen@example.fi", "mode": "onsite", "consent": "y"})
    assert late.status_code == 400  # in the language chosen last (Finnish), the form's text kept
    assert "Ilmoittautuminen tähän tilaisuuteen ei ole auki." in late.get_data(as_text=True)
    personal = client.get(maija + "?lang=fi").get_data(as_text=True)
    assert "Tämä tilaisuus on peruttu" in personal and 'value="cancel"' not in personal
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.status == RegistrationStatus.CONFIRMED)) == 4  # kept for the figures


def test_a_draft_cannot_be_cancelled(app, make_event, signed_in_staff):
    event_id = make_event(status=EventStatus.DRAFT)
    staff = signed_in_staff(Role.SECRETARY, "raakkyla")
    show = staff.get(f"{BASE}/{event_id}/?lang=en").get_data(as_text=True)
    assert f"{BASE}/{event_id}/cancel" not in show
    confirm = staff.get(f"{BASE}/{event_id}/cancel?lang=en").get_data(as_text=True)
    assert "Only a published event can be cancelled." in confirm and "button-warning" not in confirm
    staff.post(f"{BASE}/{event_id}/cancel", data={"csrf_token": read_csrf_token(show)})
    with app.app_context():
        assert db.session.get(Event, event_id).status is EventStatus.DRAFT


def test_nobody_is_promoted_to_a_cancelled_event(app, make_event, signed_in_staff, run_jobs, smtp_server):
    event_id = make_event(capacity_onsite=1)
    _register(app, event_id, "maija")
    _register(app, event_id, "odottaja")  # waiting
    staff = signed_in_staff(Role.SECRETARY, "raakkyla")
    confirm = staff.get(f"{BASE}/{event_id}/cancel?lang=en").get_data(as_text=True)
    token = read_csrf_token(confirm)
    staff.post(f"{BASE}/{event_id}/cancel", data={"csrf_token": token})
    show = staff.get(f"{BASE}/{event_id}/?lang=en").get_data(as_text=True)
    assert "Give free places to the waiting list" not in show and "Change capacity" not in show
    # A page left open before the cancellation still posts: the places stay empty and nobody is told otherwise.
    staff.post(f"{BASE}/{event_id}/capacity", data={"csrf_token": token, "capacity_onsite": "5",
                                                     "capacity_remote": "0"})
    staff.post(f"{BASE}/{event_id}/promote", data={"csrf_token": token})
    with app.app_context():
        waiting = db.session.scalar(select(Registration).where(Registration.email == "odottaja@example.fi"))
        assert waiting.status is RegistrationStatus.WAITING
        run_jobs()
    assert [m["Subject"] for m in smtp_server.to("odottaja@example.fi")] == [
        "Olet jonossa: Järjestöfoorumi", "Peruttu: Järjestöfoorumi"]


def test_cancelling_an_event_nobody_registered_for_says_so(app, make_event, signed_in_staff):
    event_id = make_event()
    staff = signed_in_staff(Role.SECRETARY, "raakkyla")
    confirm = staff.get(f"{BASE}/{event_id}/cancel?lang=en").get_data(as_text=True)
    assert "Nobody is registered, so nobody is e-mailed." in confirm and "e-mail 0" not in confirm
    response = staff.post(f"{BASE}/{event_id}/cancel", data={"csrf_token": read_csrf_token(confirm)})
    assert "The event was cancelled and 0 people were e-mailed." in staff.get(
        response.headers["Location"] + "?lang=en").get_data(as_text=True)


def test_an_event_that_has_ended_is_neither_cancelled_nor_given_to_its_waiting_list(app, make_event, signed_in_staff,
                                                                                   run_jobs, smtp_server):
    event_id = make_event(capacity_onsite=1)
    _register(app, event_id, "maija")
    _register(app, event_id, "odottaja")  # waiting
    with app.app_context():
        event = db.session.get(Event, event_id)
        now = utcnow()
        event.opens_at, event.closes_at = now - timedelta(days=10), now - timedelta(days=3)
        event.starts_at, event.ends_at = now - timedelta(days=2), now - timedelta(days=2) + timedelta(hours=3)
        db.session.commit()
    staff = signed_in_staff(Role.SECRETARY, "raakkyla")
    show = staff.get(f"{BASE}/{event_id}/?lang=en").get_data(as_text=True)
    assert f"{BASE}/{event_id}/cancel" not in show and "Give free places to the waiting list" not in show
    confirm = staff.get(f"{BASE}/{event_id}/cancel?lang=en").get_data(as_text=True)
    assert "An event that has already ended cannot be cancelled." in confirm and "button-warning" not in confirm
    # A page left open from before the event still posts: nothing is cancelled, nobody is promoted or e-mailed.
    token = read_csrf_token(show)
    response = staff.post(f"{BASE}/{event_id}/cancel", data={"csrf_token": token})
    assert "An event that has already ended cannot be cancelled." in staff.get(
        response.headers["Location"] + "?lang=en").get_data(as_text=True)
    staff.post(f"{BASE}/{event_id}/capacity", data={"csrf_token": token, "capacity_onsite": "5",
                                                     "capacity_remote": "0"})
    staff.post(f"{BASE}/{event_id}/promote", data={"csrf_token": token})
    with app.app_context():
        assert db.session.get(Event, event_id).status is EventStatus.PUBLISHED
        waiting = db.session.scalar(select(Registration).where(Registration.email == "odottaja@example.fi"))
        assert waiting.status is RegistrationStatus.WAITING
        run_jobs()
    assert [m["Subject"] for m in smtp_server.to("odottaja@example.fi")] == ["Olet jonossa: Järjestöfoorumi"]
