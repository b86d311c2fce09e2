"""Answering the shipped järjestökysely in Swedish on a phone, by keyboard only, axe-clean on every page."""

import pytest

from app.models import AccessMode

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {selector} with Tab")


def _type(page, name: str, text: str) -> None:
    _tab_to(page, f"[name='{name}']")
    page.keyboard.type(text)


def _choose(page, name: str, value: str) -> None:
    """Radios: Tab into the group, then arrow keys select; checkboxes: Tab to the box, Space."""
    kind = page.get_attribute(f"[name='{name}'][value='{value}']", "type")
    if kind == "checkbox":
        _tab_to(page, f"[name='{name}'][value='{value}']")
        page.keyboard.press("Space")
        return
    _tab_to(page, f"[name='{name}']")
    for _ in range(20):
        if page.evaluate("s => document.activeElement.matches(s)", f"[name='{name}'][value='{value}']"):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {value} of {name} not reached")


def _select(page, name: str, label: str) -> None:
    _tab_to(page, f"select[name='{name}']")
    page.keyboard.type(label)


def _press_and_wait(page) -> None:
    """Press Enter on the focused link or button and wait for the next page to load."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def _next(page, axe_check) -> None:
    _tab_to(page, "button[value='next']")
    _press_and_wait(page)
    axe_check(page)


def test_swedish_respondent_answers_on_a_phone_by_keyboard_only(make_survey, browser, live_server, axe_check):
    survey = make_survey(access_mode=AccessMode.OPEN)
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}{survey.open_url}/?lang=sv")
    axe_check(page)
    _tab_to(page, "a.button")
    _press_and_wait(page)
    axe_check(page)

    _type(page, "q_association_name", "Rääkkylä byaförening rf")
    _select(page, "q_home_municipality", "Rääkkylä")
    _select(page, "q_sector", "By- och")
    _type(page, "q_paid_staff", "1,5")
    _next(page, axe_check)

    _choose(page, "q_activity_types", "events")
    _next(page, axe_check)

    _choose(page, "q_cooperation_views__municipality_knows", "4")
    _choose(page, "q_municipal_grant", "yes")
    assert page.is_visible("[name='q_grant_amount']")  # shown by survey.js as one answers
    _type(page, "q_grant_amount", "500")
    _next(page, axe_check)

    _choose(page, "q_needs", "premises")
    _select(page, "q_top_needs__rank__premises", "1")
    _next(page, axe_check)

    _choose(page, "q_council_interest", "no")
    _choose(page, "q_register_consent", "no")
    _next(page, axe_check)

    assert "Rääkkylä byaförening rf" in page.content()
    _tab_to(page, "form button.button")
    _press_and_wait(page)
    axe_check(page)
    assert page.is_visible(".confirmation-panel")


def test_finnish_respondent_on_a_phone_through_the_contact_page_with_live_count_ranking_and_counter(
        make_survey, browser, live_server, axe_check):
    survey = make_survey(access_mode=AccessMode.OPEN)
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}{survey.open_url}/?lang=fi")
    _tab_to(page, "a.button")
    _press_and_wait(page)
    _type(page, "q_association_name", "Rääkkylän kyläyhdistys ry")
    _select(page, "q_home_municipality", "Rääkkylä")
    _select(page, "q_sector", "Kylä")
    _next(page, axe_check)
    _choose(page, "q_activity_types", "events")
    _next(page, axe_check)
    _next(page, axe_check)

    # The ranking offers only the needs chosen above it; the long text counts its characters.
    _choose(page, "q_needs", "premises")
    _choose(page, "q_needs", "training")
    assert page.is_visible("[name='q_top_needs__rank__premises']")
    assert not page.is_visible("[name='q_top_needs__rank__funding']")
    _type(page, "q_premises_details", "Kokoustila")
    assert page.inner_text("#q_premises_details-counter") == "1990 merkkiä jäljellä"
    _select(page, "q_top_needs__rank__premises", "1")
    _next(page, axe_check)

    # The contact page follows "Kyllä": the count and the button change as one answers.
    _choose(page, "q_council_interest", "no")
    _choose(page, "q_register_consent", "no")
    assert page.inner_text("#progress-text") == "Sivu 5/5"
    assert page.inner_text("button[value='next']") == "Jatka vastausten tarkistamiseen"
    _choose(page, "q_register_consent", "yes")
    assert page.inner_text("#progress-text") == "Sivu 5/6"
    assert page.inner_text("button[value='next']") == "Seuraava"
    _next(page, axe_check)

    assert page.inner_text("#progress-text") == "Sivu 6/6"
    _type(page, "q_contact_name", "Maija Meikäläinen")
    _type(page, "q_contact_email", "maija@example.fi")
    _choose(page, "q_contact_language", "fi")
    _next(page, axe_check)
    content = page.content()
    assert "Maija Meikäläinen" in content and "maija@example.fi" in content
    _tab_to(page, "form button.button")
    _press_and_wait(page)
    assert page.is_visible(".confirmation-panel")
