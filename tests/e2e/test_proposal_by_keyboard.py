"""Proposing a matter on a phone with the keyboard alone: form, check page and confirmation, axe-clean;
then the public list and a meeting's minutes, axe-clean too."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Proposal
from tests.fixtures.browser import PHONE

pytestmark = pytest.mark.e2e


def _tab_to(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def _enter(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("viewport", [PHONE])
def test_proposal_is_sent_by_keyboard_on_a_phone_without_axe_violations(app, demo, live_server, page, viewport,
                                                                         axe_check):
    page.goto(f"{live_server.url}/raakkyla/proposals/new?lang=fi")
    axe_check(page)
    _tab_to(page, "#title")
    page.keyboard.type("Kokoustiloja <b>yhdistyksille</b>")
    _tab_to(page, "#description")
    page.keyboard.type("Kunnan tilat maksutta yhdistysten käyttöön.")
    _tab_to(page, "#proposer_name")
    page.keyboard.type("Maija Meikäläinen")
    _tab_to(page, "#proposer_email")
    page.keyboard.type("maija@example.fi")
    _tab_to(page, "#is_publishable")
    page.keyboard.press("Space")
    _tab_to(page, "form button[type=submit]:not([name])")
    _enter(page)
    assert page.locator("h1").inner_text() == "Tarkista aloitteesi ennen lähettämistä"
    assert "Kokoustiloja <b>yhdistyksille</b>" in page.locator(".summary-list").inner_text()
    axe_check(page)
    _tab_to(page, "form[action$='/new/send'] button")
    _enter(page)
    assert page.locator("h1").inner_text() == "Aloitteesi lähetettiin"
    axe_check(page)
    with app.app_context():
        proposal = db.session.scalar(select(Proposal).where(Proposal.proposer_email == "maija@example.fi"))
        assert proposal.title == "Kokoustiloja <b>yhdistyksille</b>" and proposal.is_publishable

    page.goto(f"{live_server.url}/raakkyla/proposals/?lang=fi")
    assert page.get_by_text("Kokoustiloja <b>yhdistyksille</b>").count() == 1
    axe_check(page)
    page.goto(f"{live_server.url}/raakkyla/meetings/?lang=fi")
    page.locator("main a", has_text="Neuvoston kokous").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Pöytäkirja").count() >= 1
    axe_check(page)
