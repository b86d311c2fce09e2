"""The accessibility feedback form on a phone, by keyboard only, axe-clean: an error first, then the
confirmation panel with what happens next, and the feedback and its receipt in the outbox."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage
from tests.fixtures.browser import PHONE

pytestmark = pytest.mark.e2e


def _tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {selector} with Tab")


def _submit(page) -> None:
    _tab_to(page, "form[action$='#feedback'] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", [PHONE])
def test_feedback_is_sent_by_keyboard_on_a_phone(app, demo_councils, live_server, page, viewport, axe_check):
    page.goto(f"{live_server.url}/accessibility?lang=fi")
    axe_check(page)
    assert page.locator("input[name=website]").get_attribute("tabindex") == "-1"

    _tab_to(page, "select[name=council]")
    page.keyboard.type("Rääkkylän")
    _tab_to(page, "input[name=email]")
    page.keyboard.type("anna.asukas@example.fi")
    _submit(page)
    assert page.locator(".error-summary").is_visible()
    assert "Kirjoita palautteesi." in page.locator(".error-summary").inner_text()
    axe_check(page)

    _tab_to(page, "textarea[name=message]")
    page.keyboard.type("Päivämääräkenttää ei voi käyttää ruudunlukijalla.")
    _submit(page)
    panel = page.locator(".confirmation-panel")
    assert panel.is_visible()
    assert "Kiitos – palautteesi on lähetetty" in panel.inner_text()
    assert "Rääkkylän paikallis-JANE" in panel.inner_text()
    assert "anna.asukas@example.fi" in page.locator("main").inner_text()
    axe_check(page)

    with app.app_context():
        recipients = sorted(db.session.scalars(select(OutboxMessage.recipient)))
    assert recipients == ["anna.asukas@example.fi", "raakkyla.jane@example.fi"]
