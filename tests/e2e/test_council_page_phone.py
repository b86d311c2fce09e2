"""A council's page, the municipality finder and the council page's staff list on a phone, axe-clean."""

import re

import pytest

from tests.fixtures.browser import PHONE, sign_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [PHONE])
def test_council_pages_and_the_finder_on_a_phone_have_no_axe_violations(demo, live_server, page, axe_check, viewport):
    page.goto(f"{live_server.url}/kainuu/?lang=fi")
    assert page.inner_text("h1") == "Kainuun järjestöasiain neuvottelukunta"
    for heading in ("Neuvottelukunnasta", "Jäsenet", "Työvaliokunta ja työryhmät", "Yhdistysagentit"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    # Nothing runs sideways off a phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe_check(page)

    # Outokumpu has an open survey: the channels' area comes first, its link leads to the survey list.
    page.goto(f"{live_server.url}/outokumpu/?lang=fi")
    box = page.get_by_role("region", name="Mitä voit tehdä täällä")
    assert box.is_visible() and "1 avoin kysely" in box.inner_text()
    axe_check(page)

    # The finder without its suggestions list: type part of a name and send the form with Enter.
    page.goto(f"{live_server.url}/?lang=fi")
    page.get_by_label("Kunta", exact=True).fill("joens")
    with page.expect_navigation():
        page.get_by_label("Kunta", exact=True).press("Enter")
    assert "municipality=joens" in page.url
    assert page.get_by_role("heading", name="Neuvottelukunnat: Joensuu").is_visible()
    results = page.locator("#finder-results")
    assert results.get_by_role("link", name="Pyhäselän paikallis-JANE").is_visible()
    assert results.get_by_role("link", name="Pohjois-Karjalan järjestöasiain neuvottelukunta JANE").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe_check(page)


@pytest.mark.parametrize("viewport", [PHONE])
def test_the_staff_list_of_members_moves_a_member_up_on_a_phone_without_axe_violations(demo, live_server, page,
                                                                                      axe_check, viewport):
    sign_in(page, live_server.url, "sihteeri.raakkyla@example.fi", "fi")
    page.goto(f"{live_server.url}/staff/raakkyla/page/members/?lang=fi")
    names = page.locator(".entry-row strong")
    assert names.nth(1).inner_text() == "Pekka Esimerkki"
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Siirrä ylös\s*:\s*Pekka Esimerkki$")).click()
    assert names.nth(0).inner_text() == "Pekka Esimerkki"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe_check(page)
