"""A staff person's own account page: name, language of e-mails, memberships, last sign-in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import User
from tests.fixtures.councils import ADMIN

pytestmark = pytest.mark.usefixtures("english_by_default")


def test_account_page_changes_name_and_language_and_lists_memberships(app, staff_client, post_form):
    client = staff_client(ADMIN)
    page = client.get("/staff/account/").get_data(as_text=True)
    assert "North Karelia NGO Council JANE</a>: Admin" in page
    assert 'href="/staff/password"' in page and "Never" not in page, "the sign-in was recorded"
    response = post_form(client, "/staff/account/", {"name": "Anna Ylläpitäjä", "language": "sv"})
    assert response.status_code == 302
    empty = post_form(client, "/staff/account/", {"name": "", "language": "sv"})
    assert empty.status_code == 400 and "Enter your name." in empty.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == ADMIN))
        assert (user.name, user.language) == ("Anna Ylläpitäjä", "sv")
    assert "My account" in client.get("/staff/").get_data(as_text=True)


def test_a_person_with_one_council_gets_no_switcher(app, demo_councils, signed_in_staff):
    client = signed_in_staff("secretary", "raakkyla")
    page = client.get("/staff/raakkyla/").get_data(as_text=True)
    assert "/staff/switch" not in page and "My account" in page
