"""The audit log page, with rows and with a wrong date in its filter, is axe-clean in every language."""

import pytest

from app.audit.log import record
from app.demo.loader import load_demo_data
from app.extensions import db
from app.models import Council
from tests.fixtures.browser import sign_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_audit_log_page_and_its_errors_are_axe_clean(app, live_server, browser, axe_check, language):
    with app.app_context():
        load_demo_data(with_surveys=False)
        council = db.session.query(Council).filter_by(slug="pohjois-karjala").one()
        record("survey.invitations_sent", council=council, target="survey:1", count=4)
        record("association.export_csv", council=council, target=council, rows=20)
        db.session.commit()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url, "admin@example.fi", language)

    page.goto(f"{live_server.url}/staff/pohjois-karjala/audit/")
    assert page.locator("table tbody tr").count() == 2
    axe_check(page)

    page.fill("#date_from", "2026-03-05")
    page.fill("#date_to", "2026-03-01")
    with page.expect_navigation():
        page.press("#date_to", "Enter")
    assert page.is_visible(".error-summary")
    assert page.is_visible("#date_to-error")
    axe_check(page)
    page.close()
