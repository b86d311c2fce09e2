"""Inviting a person to the team and answering the invitation with the keyboard alone, axe-clean throughout."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.demo.councils import DEMO_ADMIN_EMAIL, DEMO_PASSWORD
from app.demo.loader import load_demo_data
from app.extensions import db
from app.models import Membership, OutboxMessage, Role, User

pytestmark = pytest.mark.e2e

INVITED = "uusi.sihteeri@example.fi"


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def enter(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_admin_invites_and_the_person_joins_by_keyboard_alone(app, live_server, page, axe_check):
    with app.app_context():
        load_demo_data(with_surveys=False)
        db.session.commit()
    page.goto(f"{live_server.url}/staff/sign-in?lang=en")
    tab_to(page, "#email")
    page.keyboard.type(DEMO_ADMIN_EMAIL)
    tab_to(page, "#password")
    page.keyboard.type(DEMO_PASSWORD)
    enter(page)

    page.goto(f"{live_server.url}/staff/pohjois-karjala/")
    tab_to(page, "a[href='/staff/pohjois-karjala/team/']")
    enter(page)
    assert page.locator("h1").inner_text() == "Team"
    axe_check(page)

    tab_to(page, "a[href='/staff/pohjois-karjala/team/invite']")
    enter(page)
    axe_check(page)
    tab_to(page, "main button[type=submit]")
    enter(page)
    assert page.is_visible(".error-summary") and page.is_visible("#email-error")
    axe_check(page)

    tab_to(page, "#email")
    page.keyboard.type(INVITED)
    tab_to(page, "#council")
    for _ in range(10):
        if page.eval_on_selector("#council", "select => select.value") == "raakkyla":
            break
        page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#council", "select => select.value") == "raakkyla"
    assert page.evaluate("document.activeElement.id") == "council"
    tab_to(page, "input[name=role]")
    page.keyboard.press("ArrowDown")  # from Admin to Secretary
    assert page.eval_on_selector("input[name=role]:checked", "radio => radio.value") == "secretary"
    tab_to(page, "main button[type=submit]")
    enter(page)
    assert page.url.endswith("/staff/raakkyla/team/")
    assert f"The invitation was sent to {INVITED}" in page.inner_text(".notice-success")
    axe_check(page)

    with app.app_context():
        body = db.session.scalar(select(OutboxMessage.body_text).where(OutboxMessage.recipient == INVITED))
    link = re.search(r"http://localhost(/staff/invitation/\S+)", body).group(1)
    invitee = page.context.browser.new_context(viewport=page.viewport_size, locale="fi-FI").new_page()
    invitee.goto(f"{live_server.url}{link}?lang=en")
    axe_check(invitee)
    tab_to(invitee, "#name")
    invitee.keyboard.type("Uusi Sihteeri")
    tab_to(invitee, "#new_password")
    invitee.keyboard.type("lyhyt")
    tab_to(invitee, "#confirm_password")
    invitee.keyboard.type("lyhyt")
    tab_to(invitee, "main button[type=submit]")
    enter(invitee)
    assert invitee.is_visible("#new_password-error")
    axe_check(invitee)
    tab_to(invitee, "#new_password")
    invitee.keyboard.type("kolme sanaa riittää")
    tab_to(invitee, "#confirm_password")
    invitee.keyboard.type("kolme sanaa riittää")
    tab_to(invitee, "main button[type=submit]")
    enter(invitee)
    assert invitee.url.endswith("/staff/raakkyla/")
    assert "Welcome to the team" in invitee.inner_text(".notice-success")
    axe_check(invitee)
    invitee.context.close()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == INVITED))
        assert [(m.council.slug, m.role) for m in db.session.scalars(
            select(Membership).where(Membership.user_id == user.id))] == [("raakkyla", Role.SECRETARY)]
