"""Events in the browser: registering in English by keyboard on a phone, axe-clean on every page, and the
check-in page at the door marking arrivals without a reload."""

import pytest
from sqlalchemy import select

from app.events import registering
from app.events import registration as reg
from app.extensions import db
from app.models import Registration, RegistrationStatus
from tests.fixtures.browser import PHONE, sign_in

pytestmark = pytest.mark.e2e


def _tab_to(page, selector: str, limit: int = 200) -> None:
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {selector} with Tab")


def _press_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", [PHONE])
def test_registering_in_english_by_keyboard_on_a_phone(app, live_server, page, viewport, make_event, axe_check):
    make_event(capacity_remote=None)
    page.goto(f"{live_server.url}/raakkyla/events/foorumi/?lang=en")
    axe_check(page)
    for name, text in (("name", "Mary Smith"), ("email", "mary@example.fi"), ("organisation", "Village society")):
        _tab_to(page, f"[name='{name}']")
        page.keyboard.type(text)
    _tab_to(page, "[name='mode']")
    while not page.evaluate("() => document.activeElement.matches(\"[name='mode'][value='remote']\")"):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    _tab_to(page, "[name='consent']")
    page.keyboard.press("Space")
    _tab_to(page, "button[type='submit']")
    _press_and_wait(page)
    assert page.locator("h1").inner_text() == "Check your answers before registering"
    axe_check(page)
    _tab_to(page, "button[value='register']")
    _press_and_wait(page)
    assert page.locator(".confirmation-panel h1").inner_text() == "You are registered"
    axe_check(page)
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert (registration.name, registration.mode, registration.language) == (
            "Mary Smith", reg.AttendanceMode.REMOTE, "en")


@pytest.mark.parametrize("viewport", [PHONE])
def test_check_in_page_marks_arrivals_without_reloading(app, live_server, page, viewport, make_event, axe_check):
    event_id = make_event()
    with app.test_request_context():
        for name, email, organisation in (("Aino Aalto", "aino@example.fi", ""),
                                          ("Bertta Berg", "bertta@example.fi", "Rääkkylän Kyläyhdistys ry"),
                                          ("Bertta Berg", "bertta.berg@example.fi", ""),
                                          ("Cecilia Cronstedt", "cecilia@example.fi", "")):
            registering.register_for_event(event_id, registering.RegistrationDetails(
                name=name, email=email, mode=reg.AttendanceMode.ONSITE, organisation=organisation))
            db.session.commit()
    sign_in(page, live_server.url, "sihteeri.raakkyla@example.fi", "en")
    page.goto(f"{live_server.url}/staff/raakkyla/events/{event_id}/check-in?lang=en")
    axe_check(page)
    page.evaluate("() => { window.notReloaded = true; }")
    # namesakes told apart by their organisation and address
    assert page.locator(".check-in-details").all_inner_texts() == [
        "aino@example.fi", "Rääkkylän Kyläyhdistys ry · bertta@example.fi", "bertta.berg@example.fi",
        "cecilia@example.fi"]
    page.fill("#q", "kyläyhdistys")
    assert page.locator(".check-in-row:visible").count() == 1
    button = page.locator(".check-in-row:visible button")
    button.click()
    page.wait_for_function("() => document.querySelector('#check-in-count').textContent.includes('1')")
    assert button.get_attribute("aria-pressed") == "true" and "Arrived" in button.inner_text()
    assert page.evaluate("() => window.notReloaded") is True
    with app.app_context():
        arrived = db.session.scalars(select(Registration.email).where(Registration.is_attended.is_(True))).all()
        assert arrived == ["bertta@example.fi"]
        assert db.session.scalar(select(Registration.status).where(
            Registration.email == "bertta@example.fi")) is RegistrationStatus.CONFIRMED


@pytest.mark.parametrize("viewport", [PHONE])
def test_secretary_cancels_after_seeing_the_count_and_the_public_page_says_so(app, live_server, page, viewport,
                                                                              make_event, axe_check):
    event_id = make_event()
    with app.test_request_context():
        for name, language in (("Aino Aalto", "fi"), ("Sven Berg", "sv")):
            registering.register_for_event(event_id, registering.RegistrationDetails(
                name=name, email=f"{name.split()[0].lower()}@example.fi", mode=reg.AttendanceMode.ONSITE,
                language=language))
            db.session.commit()
    sign_in(page, live_server.url, "sihteeri.raakkyla@example.fi", "sv")
    page.goto(f"{live_server.url}/staff/raakkyla/events/{event_id}/?lang=sv")
    page.locator("form[action$='/unpublish'] button").click()
    page.wait_for_load_state()
    assert page.locator("#unpublish-error").is_visible()
    axe_check(page)
    page.locator("a[href$='/cancel']").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Ställa in Föreningsforum?"
    axe_check(page)
    button = page.locator("main form button.button-warning")
    assert button.inner_text() == "Ställ in evenemanget och skicka e-post till 2 personer"
    # Red as a dangerous action, not the green of a primary button.
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(179, 38, 30)"
    button.click()
    page.wait_for_load_state()
    assert "2 personer fick e-post" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/raakkyla/events/foorumi/?lang=sv")
    assert "Detta evenemang har ställts in" in page.locator("main").inner_text()
    assert page.locator("main form[method=post]").count() == 0  # no registration form
    axe_check(page)


@pytest.mark.parametrize("viewport", [PHONE])
def test_the_participants_and_events_lists_fit_a_phone_with_each_person_labelled(app, live_server, page, viewport,
                                                                                 make_event, axe_check):
    """The secretary's lists on a phone: no page wider than the screen (each row a card whose cells name their
    column), the tables in a region that scrolls by keyboard, axe-clean."""
    event_id = make_event()
    with app.test_request_context():
        registering.register_for_event(event_id, registering.RegistrationDetails(
            name="Kaarina Kärkkäinen-Väänänen", email="kaarina.karkkainen-vaananen@pohjois-karjalan-jarjestot.example.fi",
            mode=reg.AttendanceMode.ONSITE, organisation="Rääkkylän Kyläyhdistys ry"))
        db.session.commit()
    sign_in(page, live_server.url, "sihteeri.raakkyla@example.fi", "sv")
    for path in (f"/staff/raakkyla/events/{event_id}/participants", f"/staff/raakkyla/events/{event_id}/",
                 "/staff/raakkyla/events/"):
        page.goto(f"{live_server.url}{path}?lang=sv")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        axe_check(page)
    page.goto(f"{live_server.url}/staff/raakkyla/events/{event_id}/participants?lang=sv")
    row = page.locator("main .table-wrap[aria-label=Deltagare] tbody tr")
    assert row.locator("th").inner_text() == "Kaarina Kärkkäinen-Väänänen"
    assert row.locator("td[data-label='E-postadress']").inner_text() == (
        "kaarina.karkkainen-vaananen@pohjois-karjalan-jarjestot.example.fi")
    assert row.locator("td[data-label=Status]").inner_text() == "Anmäld"


@pytest.mark.parametrize("viewport", [PHONE])
def test_cancelling_by_keyboard_through_the_personal_link_asks_first(app, live_server, page, viewport, make_event,
                                                                     axe_check):
    event_id = make_event()
    with app.test_request_context():
        _id, token = registering.register_for_event(event_id, registering.RegistrationDetails(
            name="Sven Berg", email="sven@example.fi", mode=reg.AttendanceMode.ONSITE, language="sv"))
        db.session.commit()
    link = f"{live_server.url}/raakkyla/events/foorumi/registration/{token}"
    page.goto(f"{link}?lang=sv")
    _tab_to(page, "a.button-warning")
    _press_and_wait(page)
    assert page.locator("h1").inner_text() == "Avboka din anmälan?"
    axe_check(page)
    _tab_to(page, "button.button-warning")
    _press_and_wait(page)
    assert "Din anmälan avbokades." in page.locator("main").inner_text()
    axe_check(page)
    with app.app_context():
        assert db.session.scalar(select(Registration.status)) is RegistrationStatus.CANCELLED
