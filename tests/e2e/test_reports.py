"""A secretary requests a survey report, watches its progress and downloads it, axe-clean throughout."""

import pytest
from sqlalchemy import select

from app.demo.councils import DEMO_PASSWORD
from app.demo.loader import load_demo_data
from app.extensions import db
from app.models import Council, Survey

pytestmark = pytest.mark.e2e


def test_report_is_requested_followed_and_downloaded(app, live_server, browser, axe_check, run_jobs, tmp_path):
    with app.app_context():
        load_demo_data()
        db.session.commit()
        survey_id = db.session.scalar(
            select(Survey.id).join(Council).where(Council.slug == "outokumpu", Survey.slug == "jarjestokysely")
        )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/sign-in?lang=fi")
    page.fill("#email", "admin@example.fi")
    page.fill("#password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.press("#password", "Enter")

    page.goto(f"{live_server.url}/staff/outokumpu/surveys/{survey_id}/reports/")
    axe_check(page)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.is_visible("#report-progress")
    assert "Raportti" in page.inner_text("h1")
    axe_check(page)

    # The worker builds the report while the page polls; the script reloads the page when it is done.
    run_jobs(("reports",))
    page.wait_for_selector(".download-list", timeout=30000)
    axe_check(page)

    link = page.locator(".download-list a", has_text="PDF").first
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    context.close()


def test_published_results_page_shows_charts_and_has_no_axe_violations(app, live_server, browser, axe_check):
    with app.app_context():
        load_demo_data()
        survey = db.session.scalar(
            select(Survey).join(Council).where(Council.slug == "outokumpu", Survey.slug == "jarjestokysely")
        )
        survey.is_results_public = True
        db.session.commit()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/outokumpu/surveys/jarjestokysely/results?lang=sv")
    assert page.locator("figure.result-chart img").count() > 0
    axe_check(page)
    context.close()
