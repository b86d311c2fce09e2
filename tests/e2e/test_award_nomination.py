"""Nominating for Tehemä pois on a phone, by keyboard only: the form, the check page and the confirmation are
axe-clean, and the nomination is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Nomination
from tests.fixtures.awards import store_round
from tests.fixtures.browser import PHONE

pytestmark = pytest.mark.e2e


def _tab_to(page, selector: str, limit: int = 300) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {selector} with Tab")


def _type(page, name: str, text: str) -> None:
    _tab_to(page, f"[name='{name}']")
    page.keyboard.type(text)


def _press_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", [PHONE])
def test_a_nomination_by_keyboard_on_a_phone_is_axe_clean(app, demo_councils, live_server, page, viewport,
                                                          axe_check):
    with app.app_context():
        store_round("lappi")
        db.session.commit()
    page.goto(f"{live_server.url}/lappi/award/?lang=fi")
    axe_check(page)
    _tab_to(page, "[name='nominee_kind']")
    for _ in range(3):
        if page.evaluate("() => document.activeElement.value") == "group":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    _type(page, "nominee_name", "Sodankylän latukaverit")
    _tab_to(page, "select[name='municipality_code']")
    page.keyboard.type("Sodankyl")  # type-ahead: ASCII keys only, Playwright inserts "ä" as text
    _type(page, "deed", "Ryhmä ajoi ladut koko talven.")
    _type(page, "reason", "Ladut tuovat ihmiset yhteen.")
    _type(page, "nominator_name", "Kaisa Ehdottaja")
    _type(page, "nominator_email", "kaisa@example.fi")
    _tab_to(page, "[name='may_contact_nominee']")
    page.keyboard.press("Space")
    _tab_to(page, "button[value='check']")
    _press_and_wait(page)
    assert page.locator("h1").inner_text() == "Tarkista ehdotuksesi"
    assert "Sodankylä" in page.locator(".summary-list").inner_text()
    axe_check(page)
    _tab_to(page, "button[value='send']")
    _press_and_wait(page)
    assert "Kiitos – ehdotuksesi on lähetetty" in page.locator("h1").inner_text()
    axe_check(page)
    with app.app_context():
        stored = db.session.scalar(select(Nomination))
        assert (stored.nominee_name, stored.nominee_kind.value, stored.municipality_code) == (
            "Sodankylän latukaverit", "group", "758")
