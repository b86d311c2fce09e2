"""The front page, a council page and the sign-in page in three languages, by keyboard, axe-clean."""

import pytest

from app.demo.councils import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

HEADINGS = {
    "fi": ("Vaikuta alueesi järjestöasiain neuvottelukunnassa", "Henkilökunnan kirjautuminen"),
    "sv": ("Påverka i ditt områdes organisationsdelegation", "Inloggning för personal"),
    "en": ("Have your say in your region's NGO council", "Staff sign-in"),
}


def _tab_to(page, selector: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def _enter(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_front_council_and_sign_in_pages_work_by_keyboard_without_axe_violations(
    demo, live_server, browser, axe_check, language
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/?lang={language}")
    assert page.get_attribute("html", "lang") == language
    assert page.inner_text("h1") == HEADINGS[language][0]
    axe_check(page)

    # The skip link is the first thing the keyboard reaches and moves the focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")

    _tab_to(page, "a[href='/raakkyla/']")
    _enter(page)
    assert page.url.endswith("/raakkyla/")
    assert "Rääkkylä" in page.inner_text("h1")
    axe_check(page)

    _tab_to(page, "a[href='/staff/sign-in']")
    _enter(page)
    assert page.inner_text("h1") == HEADINGS[language][1]
    axe_check(page)

    # Submitting the empty form shows the error summary, still without violations.
    _tab_to(page, "button[type='submit']")
    _enter(page)
    assert page.is_visible(".error-summary")
    axe_check(page)

    _tab_to(page, "#email")
    page.keyboard.type("admin@example.fi")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    _enter(page)
    assert "/staff/" in page.url
    axe_check(page)
    context.close()


@pytest.mark.parametrize("path", ["/accessibility", "/privacy", "/raakkyla/privacy"])
def test_information_pages_have_no_axe_violations_on_a_phone(demo, live_server, browser, axe_check, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}{path}?lang=sv")
    axe_check(page)
    context.close()
