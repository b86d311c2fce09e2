"""The personal-data request page on a phone: the results per channel and the erase confirmation are
axe-clean and reached by keyboard."""

import pytest

from app.demo.councils import DEMO_ADMIN_EMAIL, DEMO_PASSWORD
from app.extensions import db
from tests.fixtures.browser import PHONE
from tests.fixtures.councils import council_by_slug
from tests.fixtures.personal_data import store_person_everywhere

pytestmark = pytest.mark.e2e


def _submit(page, selector: str) -> None:
    page.focus(selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", [PHONE])
def test_an_admin_finds_and_confirms_erasing_a_persons_data(app, demo_councils, live_server, page, viewport,
                                                           axe_check):
    with app.app_context():
        store_person_everywhere(council_by_slug("raakkyla"), "maija@example.fi")
        db.session.commit()
    page.goto(f"{live_server.url}/staff/sign-in?lang=fi")
    page.fill("input[name=email]", DEMO_ADMIN_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    _submit(page, "form button[type=submit]")

    page.goto(f"{live_server.url}/staff/pohjois-karjala/personal-data/")
    axe_check(page)
    page.focus("input[name=email]")
    page.keyboard.type("maija@example.fi")
    _submit(page, "main form button[type=submit]")
    # the association, the invitation, the response, the e-mail, the registration, the nomination, the
    # proposal and the association agent: store_person_everywhere puts the address in every channel
    assert "8 tietoa löytyi." in page.locator("main").inner_text()
    assert "maija@example.fi" not in page.url
    axe_check(page)

    _submit(page, "form[action$='/erase'] button")
    assert "Yhteensä 8 tietoa" in page.locator("main").inner_text()
    axe_check(page)
