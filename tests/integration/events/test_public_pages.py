"""The public event pages: the list, registering with check your answers, the e-mail with its .ics, the
personal page, calendar files and the feed."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import event, select

from app.date_text import period_text
from app.extensions import db, queue
from app.jobs.mail import sweep_outbox
from app.models import Event, EventStatus, Registration, RegistrationStatus
from app.public_urls import public_url
from app.table_generations import current_generations
from tests.fixtures.app import read_csrf_token
from tests.fixtures.queries import within_one_minute

EVENT_URL = "/raakkyla/events/foorumi/"


def _fields(**overrides):
    fields = {"name": "Maija Meikäläinen", "email": "maija@example.fi", "mode": "onsite", "organisation": "Kyläyhdistys",
              "municipality_code": "707", "needs": "Gluteeniton", "consent": "y"}
    fields.update(overrides)
    return fields


def _register(client, **overrides):
    page = client.get(EVENT_URL + "?lang=en").get_data(as_text=True)
    token = read_csrf_token(page)
    stamp = page.split('name="form_started" type="hidden" value="')[1].split('"')[0]
    check = client.post(EVENT_URL, data={**_fields(**overrides), "csrf_token": token, "form_started": stamp,
                                         "step": "review"})
    assert check.status_code == 200, check.get_data(as_text=True)
    assert "Check your answers before registering" in check.get_data(as_text=True)
    return client.post(EVENT_URL, data={**_fields(**overrides), "csrf_token": token, "form_started": stamp,
                                        "step": "register"})


def test_registering_shows_confirmation_and_emails_the_calendar_file(app, client, make_event, run_jobs, smtp_server):
    make_event(capacity_onsite=1)
    response = _register(client)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You are registered" in page
    run_jobs()
    [message] = smtp_server.to("maija@example.fi")
    assert "NGO forum" in message["Subject"]
    attachment = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    calendar = Calendar.from_ical(attachment.get_content())
    [item] = calendar.walk("VEVENT")
    assert item.decoded("dtstart").tzinfo.key == "Europe/Helsinki"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Helsinki"
    body = message.get_body(("plain",)).get_content()
    with app.app_context():
        event = db.session.scalar(select(Event))
        # The date once within a day ("... at 08:11–11:11"), both moments across midnight.
        assert f"When: {period_text(event.starts_at, event.ends_at, 'en', weekday=True)}" in body
    link = next(word for word in body.split() if "/registration/" in word)
    with app.app_context():  # built from the kept event page address: the same as the URL map builds
        assert link == public_url("events.my_registration", council_slug="raakkyla", event_slug="foorumi",
                                  token=link.rsplit("/", 1)[1])
    personal = client.get(link.replace("http://localhost", "")).get_data(as_text=True)
    assert "Maija Meikäläinen" in personal and "Cancel my registration" in personal



def test_registering_sends_no_new_session_cookie_and_only_that_browser_sees_the_confirmation(app, client, make_event):
    # The confirmation's address carries a proof bound to the registering browser's session, instead of the id
    # written into the session (which re-signed and re-sent the cookie on every registration).
    make_event()
    response = _register(client)
    assert response.status_code == 302 and "Set-Cookie" not in response.headers, response.headers
    location = response.headers["Location"]
    assert "You are registered" in client.get(location).get_data(as_text=True)
    registration_id, proof = re.search(r"/registered/(\d+)/([^/?]+)$", location).groups()
    other = app.test_client()
    assert other.get(location).status_code == 404  # no session at all
    other.get(EVENT_URL)  # a session of its own, with a CSRF secret of its own
    assert other.get(location).status_code == 404
    wrong_id = location.replace(f"/registered/{registration_id}/", f"/registered/{int(registration_id) + 1}/")
    for forged in (wrong_id, location[:-1] + ("0" if proof[-1] != "0" else "1"), location.replace(proof, "ä" * 32)):
        assert client.get(forged).status_code == 404, forged


def _calendar_of(message) -> Calendar:
    attachment = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    return Calendar.from_ical(attachment.get_content())


def test_the_calendar_file_follows_the_event_when_staff_move_it(app, client, make_event, run_jobs, smtp_server):
    # Each worker keeps the files it built: a moved or renamed event must not get yesterday's file.
    event_id = make_event()
    _register(client)
    with app.app_context():
        event = db.session.get(Event, event_id)
        moved = event.starts_at + timedelta(days=1, hours=2)
        event.starts_at, event.ends_at = moved, moved + timedelta(hours=3)
        event.title_en, event.place = "NGO forum, new date", "Kirjasto"
        db.session.commit()
    _register(app.test_client(), email="toinen@example.fi", name="Toinen")
    run_jobs()
    [first] = _calendar_of(smtp_server.to("maija@example.fi")[0]).walk("VEVENT")
    [second] = _calendar_of(smtp_server.to("toinen@example.fi")[0]).walk("VEVENT")
    assert second.decoded("dtstart") == moved.replace(microsecond=0) and second["SUMMARY"] == "NGO forum, new date"
    assert second["LOCATION"] == "Kirjasto"
    assert first.decoded("dtstart") != moved.replace(microsecond=0) and first["SUMMARY"] != second["SUMMARY"]
    assert first["UID"] == second["UID"]


def test_registering_reads_nothing_again_after_its_commit(app, client, make_event, record_statements):
    # The redirect needs the registration's id and the slugs: read after the commit, each would load its
    # row again (and on PostgreSQL end the request with one more COMMIT), every registration.
    make_event()
    page = client.get(EVENT_URL + "?lang=en").get_data(as_text=True)
    stamp = page.split('name="form_started" type="hidden" value="')[1].split('"')[0]
    with record_statements() as sent:
        response = client.post(EVENT_URL, data={**_fields(), "csrf_token": read_csrf_token(page),
                                                "form_started": stamp, "step": "register"})
    assert response.status_code == 302 and "/registered/" in response.headers["Location"]
    assert sent[-1] == "COMMIT", sent[sent.index("COMMIT"):]
    assert sent.count("COMMIT") == 1
    # The event with its council and municipalities (plain values; the page's GET read them through the ORM); the
    # association of the organisation typed; then the registration. On PostgreSQL that is one statement: it locks
    # the event row taking the arrival position, asks whether the address is registered, decides on the row's
    # confirmed count and writes the registration and its e-mail. On SQLite the lock that takes the position, then
    # one statement that asks, counts the places taken and inserts, then the e-mail.
    on_postgresql = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    registration = (["WITH locked AS"] if on_postgresql else
                    ["UPDATE events SET", "INSERT INTO event_registrations", "INSERT INTO outbox_messages"])
    assert [" ".join(statement.split()[:3]) for statement in sent] == [
        "SELECT events.id, events.council_id,", "SELECT associations.id FROM", *registration, "COMMIT"], [
        s[:60] for s in sent]
    registering = sent[2] if on_postgresql else sent[3]
    assert "NOT (EXISTS" in registering
    if on_postgresql:
        assert "UPDATE events SET next_position" in registering and "INSERT INTO outbox_messages" in registering
        assert "locked.confirmed_onsite < locked.capacity_onsite" in registering and "count(*)" not in registering
    else:
        assert "count(*)" in registering
    assert "FROM events JOIN councils" in " ".join(sent[0].split()) and "council_municipalities" in sent[0]


def test_on_postgresql_a_registration_leaves_no_transaction_open_after_its_statement(app, client, make_event):
    """On PostgreSQL the registration is one statement, run without a transaction (the organisation's look-up before
    it included): nothing is open after it, so the event's row lock is released at once and the registration is
    there for everyone before the request ends. On SQLite the lock and the statements run in a transaction that the
    request's commit ends."""
    make_event()
    send = _ready_to_register(client)
    with app.app_context():
        engine = db.engine
    states, seen = [], []

    def after(_connection, cursor, statement, _parameters, _context, _executemany):
        if statement.lstrip().startswith(("WITH locked", "INSERT INTO event_registrations")):
            dbapi_connection = cursor.connection
            if engine.dialect.name == "postgresql":
                states.append(dbapi_connection.info.transaction_status.name)
            else:
                states.append("INTRANS" if dbapi_connection.in_transaction else "IDLE")
            with engine.connect() as other:
                seen.append(other.scalar(select(Registration.email)))

    event.listen(engine, "after_cursor_execute", after)
    try:
        assert send().status_code == 302
    finally:
        event.remove(engine, "after_cursor_execute", after)
    if engine.dialect.name == "postgresql":
        assert states == ["IDLE"] and seen == ["maija@example.fi"]
    else:
        assert states == ["INTRANS"] and seen == [None]


def test_a_registration_moves_the_counters_of_the_registrations_and_the_outbox_and_not_the_events(
        app, client, make_event):
    # Its statements run on the session's connection, which the session's counting does not see: they name their
    # tables themselves, and the kept pages showing registrations or the outbox must be dropped after it.
    make_event()
    send = _ready_to_register(client)
    tables = ("events", "event_registrations", "outbox_messages")
    with app.app_context():
        before = current_generations()
    assert send().status_code == 302
    with app.app_context():
        after = current_generations()
    assert {name: after.get(name, 0) - before.get(name, 0) for name in tables} == {
        "events": 0, "event_registrations": 1, "outbox_messages": 1}


def _ready_to_register(client, **overrides):
    """The last step of registering, ready to send from a browser that has the form (as after its check page)."""
    page = client.get(EVENT_URL + "?lang=en").get_data(as_text=True)
    stamp = page.split('name="form_started" type="hidden" value="')[1].split('"')[0]
    data = {**_fields(**overrides), "csrf_token": read_csrf_token(page), "form_started": stamp, "step": "register"}
    return lambda: client.post(EVENT_URL, data=data)


def test_the_next_registration_reads_no_event_and_a_change_of_the_event_shows_in_the_one_after(
        app, client, make_event, record_statements, run_jobs, smtp_server):
    # The event's values are kept per worker under the counters of its tables: a registration's own write to the
    # event row (its arrival position) keeps them, the staff's edit drops them.
    event_id = make_event()
    within_one_minute()
    _register(client)
    send = _ready_to_register(app.test_client(), email="toinen@example.fi", name="Toinen")
    with record_statements() as sent:
        assert send().status_code == 302
    locking = "WITH locked" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else "UPDATE events"
    assert [" ".join(statement.split()[:2]) for statement in sent][:2] == [
        "SELECT associations.id", locking], [s[:60] for s in sent]
    with app.app_context():
        db.session.get(Event, event_id).title_en = "NGO forum, renamed"
        db.session.commit()
    send = _ready_to_register(app.test_client(), email="kolmas@example.fi", name="Kolmas")
    with record_statements() as sent:
        assert send().status_code == 302
    assert " ".join(sent[0].split()[:3]) == "SELECT events.id, events.council_id,", [s[:60] for s in sent]
    run_jobs()
    assert smtp_server.to("kolmas@example.fi")[0]["Subject"].endswith("NGO forum, renamed")
    assert not smtp_server.to("toinen@example.fi")[0]["Subject"].endswith("NGO forum, renamed")

def test_second_registrant_of_a_full_event_waits_and_sees_the_position(app, client, make_event):
    make_event(capacity_onsite=1)
    _register(client)
    other = app.test_client()
    response = _register(other, email="toinen@example.fi", name="Toinen")
    page = other.get(response.headers["Location"]).get_data(as_text=True)
    assert "You are on the waiting list" in page and "Your place in the queue: 1" in page


def test_same_address_again_is_told_and_offered_the_confirmation(app, client, make_event, run_jobs, smtp_server):
    make_event()
    _register(client)
    response = _register(app.test_client(), email="MAIJA@example.fi")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "already registered for the event" in page and "Send the confirmation e-mail again" in page
    with app.app_context():
        assert len(db.session.scalars(select(Registration)).all()) == 1


def _maija_confirmed_and_toinen_waiting(app, client, make_event, run_jobs, smtp_server) -> str:
    """One place: Maija has it, Toinen waits; returns Maija's personal link (a path) from her e-mail."""
    make_event(capacity_onsite=1)
    _register(client)
    _register(app.test_client(), email="toinen@example.fi", name="Toinen")
    run_jobs()
    body = smtp_server.to("maija@example.fi")[0].get_body(("plain",)).get_content()
    return next(word for word in body.split() if "/registration/" in word).replace("http://localhost", "")


def test_cancelling_through_the_personal_link_promotes_the_next(app, client, make_event, run_jobs, smtp_server):
    link = _maija_confirmed_and_toinen_waiting(app, client, make_event, run_jobs, smtp_server)
    page = client.get(f"{link}/cancel").get_data(as_text=True)
    response = client.post(link, data={"csrf_token": read_csrf_token(page), "action": "cancel"})
    assert response.status_code == 302
    with app.app_context():
        statuses = {r.email: r.status for r in db.session.scalars(select(Registration))}
    assert statuses == {"maija@example.fi": RegistrationStatus.CANCELLED, "toinen@example.fi": RegistrationStatus.CONFIRMED}
    run_jobs()
    assert any("place came free" in m["Subject"] for m in smtp_server.to("toinen@example.fi"))


def test_cancelling_asks_first_and_only_the_confirmation_cancels(app, client, make_event, run_jobs, smtp_server):
    link = _maija_confirmed_and_toinen_waiting(app, client, make_event, run_jobs, smtp_server)
    personal = client.get(link).get_data(as_text=True)
    assert f'href="{link}/cancel"' in personal and 'value="cancel"' not in personal
    asking = client.get(f"{link}/cancel")
    page = asking.get_data(as_text=True)
    assert asking.status_code == 200 and "Cancel your registration?" in page and "Maija Meikäläinen" in page
    assert "Your place goes to the first person on the waiting list" in page
    assert f'action="{link}"' in page and f'href="{link}">Keep my registration</a>' in page
    with app.app_context():  # asking changed nothing
        assert {r.email: r.status for r in db.session.scalars(select(Registration))} == {
            "maija@example.fi": RegistrationStatus.CONFIRMED, "toinen@example.fi": RegistrationStatus.WAITING}
    response = client.post(link, data={"csrf_token": read_csrf_token(page), "action": "cancel"})
    assert response.status_code == 302 and response.headers["Location"].endswith(link)
    assert "Your registration was cancelled." in client.get(link).get_data(as_text=True)
    with app.app_context():
        assert {r.email: r.status for r in db.session.scalars(select(Registration))} == {
            "maija@example.fi": RegistrationStatus.CANCELLED, "toinen@example.fi": RegistrationStatus.CONFIRMED}
    # once cancelled, the question is not asked again; a made-up token is not found
    again = client.get(f"{link}/cancel")
    assert again.status_code == 302 and again.headers["Location"].endswith(link)
    assert client.get(link.rsplit("/", 1)[0] + "/not-a-token/cancel").status_code == 404


def test_the_waiting_list_is_told_what_cancelling_means_for_them_in_swedish(app, client, make_event, run_jobs,
                                                                           smtp_server):
    make_event(capacity_onsite=1)
    _register(app.test_client(), email="forsta@example.fi", name="Första")
    _register(client)
    run_jobs()
    body = smtp_server.to("maija@example.fi")[0].get_body(("plain",)).get_content()
    link = next(word for word in body.split() if "/registration/" in word).replace("http://localhost", "")
    page = client.get(f"{link}/cancel?lang=sv").get_data(as_text=True)
    assert "Avboka din anmälan?" in page and "Du lämnar kön." in page and "Ja, avboka min anmälan" in page


def test_in_swedish_a_cancelled_registration_is_avbokad_and_a_cancelled_event_installt(app, client, make_event,
                                                                                       run_jobs, smtp_server):
    # One English word, two Swedish ones: a person's registration is "avbokad", an event called off "inställt".
    link = _maija_confirmed_and_toinen_waiting(app, client, make_event, run_jobs, smtp_server)
    page = client.get(f"{link}/cancel").get_data(as_text=True)
    client.post(link, data={"csrf_token": read_csrf_token(page), "action": "cancel"})
    personal = " ".join(client.get(f"{link}?lang=sv").get_data(as_text=True).split())
    assert "<dt>Status</dt><dd>Avbokad</dd>" in personal and "Inställt" not in personal
    # The registration and the event's facts in one list (two stacked lists drew a double rule between them).
    assert personal.count('<dl class="check-list">') == 1 and "<dt>När</dt>" in personal
    with app.app_context():
        db.session.scalar(select(Event)).status = EventStatus.CANCELLED
        db.session.commit()
    listing = client.get("/raakkyla/events/?lang=sv").get_data(as_text=True)
    assert '<p class="notice notice-error">Evenemang inställt</p>' in listing and "Avbokad" not in listing


def test_in_swedish_the_check_page_does_not_speak_to_a_person_in_the_plural(app, client, make_event):
    # The registration speaks to one person ("du"); the button back to the form is shared with the surveys, which
    # speak to an association ("ni"): its Swedish names neither.
    make_event()
    page = client.get(EVENT_URL + "?lang=sv").get_data(as_text=True)
    stamp = page.split('name="form_started" type="hidden" value="')[1].split('"')[0]
    check = client.post(EVENT_URL + "?lang=sv", data={**_fields(), "csrf_token": read_csrf_token(page),
                                                      "form_started": stamp, "step": "review"})
    text = " ".join(check.get_data(as_text=True).split())
    assert check.status_code == 200 and "innan du anmäler dig" in text
    assert "Ändra svaren" in text and " era " not in text


def test_a_persons_own_pages_are_kept_by_no_cache_and_the_token_pages_send_no_referrer(app, client, make_event,
                                                                                        run_jobs, smtp_server):
    link = _maija_confirmed_and_toinen_waiting(app, client, make_event, run_jobs, smtp_server)
    registered = _register(app.test_client(), email="kolmas@example.fi", name="Kolmas")
    confirmation = app.test_client().get(registered.headers["Location"])  # another browser: 404, private all the same
    with app.test_client() as browser:
        shown = _register(browser, email="neljas@example.fi", name="Neljäs")
        panel = browser.get(shown.headers["Location"])
    assert panel.status_code == 200 and "neljas@example.fi" in panel.get_data(as_text=True)
    for response in (panel, confirmation, client.get(link), client.get(f"{link}/cancel")):
        assert response.headers["Cache-Control"] == "no-store"
    for response in (client.get(link), client.get(f"{link}/cancel")):
        assert response.headers["Referrer-Policy"] == "no-referrer"
    public = client.get(EVENT_URL)
    assert "no-store" not in public.headers.get("Cache-Control", "")
    assert public.headers["Referrer-Policy"] == "same-origin" and panel.headers["Referrer-Policy"] == "same-origin"


def test_remote_link_is_shown_only_to_remote_participants(app, client, make_event, run_jobs, smtp_server):
    make_event(capacity_remote=None)
    _register(client, mode="remote")
    _register(app.test_client(), mode="onsite", email="paikan@example.fi")
    run_jobs()
    assert "meet.example.fi" in smtp_server.to("maija@example.fi")[0].get_body(("plain",)).get_content()
    assert "meet.example.fi" not in smtp_server.to("paikan@example.fi")[0].get_body(("plain",)).get_content()
    assert "meet.example.fi" not in client.get(EVENT_URL).get_data(as_text=True)


def test_feed_and_event_file_keep_helsinki_time_across_daylight_saving(app, client, make_event):
    summer = datetime(2027, 10, 30, 10, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
    make_event(starts_at=summer, ends_at=summer + timedelta(days=1, hours=2), slug="yli-vaihteen",
               opens_at=summer - timedelta(days=30), closes_at=summer)
    feed = Calendar.from_ical(client.get("/raakkyla/events.ics").get_data())
    [item] = feed.walk("VEVENT")
    assert item.decoded("dtstart") == summer and item.decoded("dtstart").utcoffset() == timedelta(hours=3)
    assert item.decoded("dtend").utcoffset() == timedelta(hours=2)  # winter time after 31.10.
    single = Calendar.from_ical(client.get("/raakkyla/events/yli-vaihteen/event.ics").get_data())
    assert single.walk("VEVENT")[0]["SUMMARY"] == "Järjestöfoorumi"


def test_event_list_shows_upcoming_and_past(app, client, make_event):
    make_event()
    now = datetime.now(ZoneInfo("UTC"))
    make_event(slug="menneet", title_fi="Viime kevään ilta", title_en="", starts_at=now - timedelta(days=30),
               ends_at=now - timedelta(days=30) + timedelta(hours=2), opens_at=None, closes_at=None)
    page = client.get("/raakkyla/events/?lang=fi").get_data(as_text=True)
    assert page.index("Järjestöfoorumi") < page.index("Viime kevään ilta")


def test_refused_submission_keeps_what_was_typed(app, client, make_event):
    make_event()
    page = client.get(EVENT_URL).get_data(as_text=True)
    response = client.post(EVENT_URL, data={**_fields(), "csrf_token": read_csrf_token(page), "website": "spam",
                                            "step": "review", "form_started": "x"})
    text = response.get_data(as_text=True)
    assert response.status_code == 400, text[text.find("<main"):]
    assert "Maija Meikäläinen" in text


EXTRA = """
- key: workshop
  type: single_choice
  required: true
  label: {fi: "Mihin työpajaan osallistut?", en: "Which workshop will you join?"}
  options:
    - value: funding
      label: {fi: Rahoitus, en: Funding}
    - value: volunteers
      label: {fi: Vapaaehtoiset, en: Volunteers}
"""


def test_extra_questions_are_asked_checked_and_stored(app, client, make_event):
    make_event(extra_questions=EXTRA)
    page = client.get(EVENT_URL + "?lang=en").get_data(as_text=True)
    assert "Which workshop will you join?" in page
    token = read_csrf_token(page)
    stamp = page.split('name="form_started" type="hidden" value="')[1].split('"')[0]
    missing = client.post(EVENT_URL, data={**_fields(), "csrf_token": token, "form_started": stamp, "step": "review"})
    assert missing.status_code == 400 and "Which workshop will you join?" in missing.get_data(as_text=True)
    check = client.post(EVENT_URL, data={**_fields(), "csrf_token": token, "form_started": stamp, "step": "review",
                                         "q_workshop": "volunteers"})
    assert check.status_code == 200 and "Volunteers" in check.get_data(as_text=True)
    done = client.post(EVENT_URL, data={**_fields(), "csrf_token": token, "form_started": stamp, "step": "register",
                                        "q_workshop": "volunteers"})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Registration.answers)) == {"workshop": ["volunteers"]}


def test_event_titles_and_council_name_follow_the_language_in_lists_and_breadcrumbs(app, client, make_event):
    make_event(council_slug="raakkyla")
    listed = client.get("/raakkyla/events/?lang=sv").get_data(as_text=True)
    assert "Föreningsforum" in listed and "Järjestöfoorumi" not in listed
    page = client.get(EVENT_URL + "?lang=sv").get_data(as_text=True)
    crumbs = page[page.index('class="breadcrumbs"'):page.index("</nav>", page.index('class="breadcrumbs"'))]
    assert "Föreningsforum" in crumbs and "Järjestöfoorumi" not in crumbs
    from_council = client.get("/raakkyla/?lang=sv").get_data(as_text=True)
    assert "Föreningsforum" in from_council and "Järjestöfoorumi" not in from_council


def test_promoted_person_is_emailed_in_their_language_with_the_calendar_file(app, client, make_event, run_jobs,
                                                                             smtp_server):
    make_event(capacity_onsite=1)
    _register(client)
    swedish = app.test_client()
    page = swedish.get(EVENT_URL + "?lang=sv").get_data(as_text=True)
    fields = {**_fields(name="Sven Svensson", email="sven@example.fi"), "csrf_token": read_csrf_token(page),
              "form_started": page.split('name="form_started" type="hidden" value="')[1].split('"')[0]}
    assert swedish.post(EVENT_URL, data={**fields, "step": "review"}).status_code == 200
    assert swedish.post(EVENT_URL, data={**fields, "step": "register"}).status_code == 302
    run_jobs()
    [waiting] = smtp_server.to("sven@example.fi")
    assert waiting["Subject"] == "Du står i kön: Föreningsforum"
    # Written by the statement that put him on the waiting list (on PostgreSQL): that e-mail, and no calendar file.
    assert [part.get_content_type() for part in waiting.iter_attachments()] == []
    sven_link = next(word for word in waiting.get_body(("plain",)).get_content().split()
                     if "/registration/" in word).replace("http://localhost", "")
    assert "On the waiting list, place 1" in swedish.get(sven_link + "?lang=en").get_data(as_text=True)
    maija_mail = smtp_server.to("maija@example.fi")[0].get_body(("plain",)).get_content()
    maija_link = next(word for word in maija_mail.split() if "/registration/" in word).replace("http://localhost", "")
    personal = client.get(f"{maija_link}/cancel").get_data(as_text=True)
    client.post(maija_link, data={"csrf_token": read_csrf_token(personal), "action": "cancel"})
    run_jobs()
    [_waiting, promoted] = smtp_server.to("sven@example.fi")
    assert promoted["Subject"] == "En plats blev ledig för dig: Föreningsforum"
    assert "En plats blev ledig och den är nu din" in promoted.get_body(("plain",)).get_content()
    attachment = next(part for part in promoted.iter_attachments() if part.get_content_type() == "text/calendar")
    calendar = Calendar.from_ical(attachment.get_content())
    [item] = calendar.walk("VEVENT")
    assert (str(item["SUMMARY"]), str(item["STATUS"])) == ("Föreningsforum", "CONFIRMED")
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Helsinki"
    assert "Status</dt><dd>Registered" in swedish.get(sven_link + "?lang=en").get_data(as_text=True)


def test_the_organisation_is_picked_from_the_register_as_one_types_and_stored_as_that_association(
        app, client, make_event, make_association):
    listed = make_association(name="Rääkkylän kyläyhdistys ry", has_listing_consent=True)
    make_association(name="Salainen seura ry", has_listing_consent=False)
    make_association(name="Lakannut seura ry", has_listing_consent=True, is_archived=True)
    make_association("kainuu", name="Kajaanin kuoro ry", municipality_code="205", has_listing_consent=True)
    make_event()
    page = client.get(EVENT_URL + "?lang=fi").get_data(as_text=True)
    offered = page.split('<datalist id="organisations">')[1].split("</datalist>")[0]
    assert '<option value="Rääkkylän kyläyhdistys ry">' in offered
    assert "Kirjoita nimen alkua ja valitse yhdistyksesi rekisteristä" in page
    assert 'list="organisations"' in re.search(r'<input[^>]*id="organisation"[^>]*>', page).group(0)
    for hidden in ("Salainen seura ry", "Lakannut seura ry", "Kajaanin kuoro ry"):
        assert hidden not in page

    # picked from the list, then a letter's case changed and spaces added around it
    assert _register(client, organisation="  Rääkkylän kyläyhdistys RY ", email="a@example.fi").status_code == 302
    assert _register(client, organisation="Oma porukka", email="b@example.fi").status_code == 302
    with app.app_context():
        stored = {r.email: (r.organisation, r.association_id) for r in db.session.scalars(select(Registration))}
    assert stored["a@example.fi"] == ("Rääkkylän kyläyhdistys RY", listed)
    assert stored["b@example.fi"] == ("Oma porukka", None)


def test_with_redis_down_a_registration_is_stored_and_the_sweep_sends_its_confirmation(
        app, client, make_event, redis_server_control, run_jobs, smtp_server):
    # No counters to keep the event's values under: each registration reads the event; no job for the e-mail.
    make_event()
    redis_server_control.stop()
    assert _register(client).status_code == 302
    assert _register(app.test_client(), email="toinen@example.fi", name="Toinen").status_code == 302
    redis_server_control.start()
    with app.app_context():
        queue("default").enqueue(sweep_outbox)
    run_jobs()
    assert len(smtp_server.to("maija@example.fi")) == 1 and len(smtp_server.to("toinen@example.fi")) == 1
