"""A secretary requests a survey report, watches its progress and downloads it; staff publish the results page
with a chosen text, and a visitor reads it: axe-clean throughout."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Council, Survey
from tests.fixtures.browser import sign_in

pytestmark = pytest.mark.e2e


def test_report_is_requested_followed_and_downloaded(app, demo, live_server, browser, axe_check, run_jobs, tmp_path):
    with app.app_context():
        survey_id = db.session.scalar(
            select(Survey.id).join(Council).where(Council.slug == "outokumpu", Survey.slug == "jarjestokysely")
        )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    sign_in(page, live_server.url, "admin@example.fi", "fi")

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


def test_staff_publish_the_results_page_with_a_chosen_text_and_both_pages_are_axe_clean(app, demo, live_server,
                                                                                        browser, axe_check):
    with app.app_context():
        survey_id = db.session.scalar(
            select(Survey.id).join(Council).where(Council.slug == "outokumpu", Survey.slug == "jarjestokysely")
        )
    public_url = f"{live_server.url}/outokumpu/surveys/jarjestokysely/results"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "admin@example.fi", "en")

    page.goto(f"{live_server.url}/staff/outokumpu/surveys/{survey_id}/results/")
    assert page.locator("nav.tabs a[aria-current=page]").get_attribute("href").endswith(f"/{survey_id}/results/")
    axe_check(page)
    with page.expect_navigation():
        page.click("form[action$='/results/publication'] button[type=submit]")
    assert page.locator("#results-state a").get_attribute("href").endswith("/outokumpu/surveys/jarjestokysely/results")

    # Choose the first "Any other comments" text for the public page.
    comments = page.locator("fieldset.text-picks", has_text="Any other comments for")
    choice = comments.locator("input[type=checkbox]").first
    chosen_text = comments.locator(f"label[for='{choice.get_attribute('id')}']").inner_text().strip()
    choice.check()
    with page.expect_navigation():
        page.click("form[action$='/results/texts'] button[type=submit]")
    assert page.locator(f"#{choice.get_attribute('id')}").is_checked()
    axe_check(page)
    context.close()

    context = browser.new_context(viewport={"width": 390, "height": 844})
    visitor = context.new_page()
    visitor.goto(f"{public_url}?lang=sv")
    assert visitor.locator("figure.result-chart img").count() > 0
    assert chosen_text in visitor.locator("ul.chosen-texts").first.inner_text()
    axe_check(visitor)
    context.close()
