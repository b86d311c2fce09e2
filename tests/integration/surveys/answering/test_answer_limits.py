"""Rate limits on posting answers: a budget per invitation link or per address, and over the limit the
page comes back with what was typed instead of an error page."""

import pytest

from app import register_proxy
from tests.fixtures.surveys import PAGES, form_values

pytestmark = pytest.mark.usefixtures("english_by_default")


def test_over_the_limit_the_page_comes_back_with_the_typed_answers(app, client, make_survey, answer_page):
    app.config["RATELIMIT_INVITATION_ANSWERS"] = "2 per hour"
    survey = make_survey()
    url = f"{survey.invitation_url}/page/basics"
    for name in ("Ensimmäinen ry", "Toinen ry"):
        assert answer_page(client, url, dict(PAGES["basics"], q_association_name=name)).status_code == 302
    refused = answer_page(client, url, dict(PAGES["basics"], q_association_name="Kolmas ry"))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "Too many pages were sent from here in a short time. Nothing was saved" in page
    assert form_values(page, "q_association_name") == ["Kolmas ry"]
    # The second post is what is stored.
    assert form_values(client.get(url).get_data(as_text=True), "q_association_name") == ["Toinen ry"]


def test_each_invitation_link_has_its_own_budget(app, make_survey, answer_page):
    app.config["RATELIMIT_INVITATION_ANSWERS"] = "1 per hour"
    first, second = make_survey(), make_survey()
    one, two = app.test_client(), app.test_client()   # the same address
    assert answer_page(one, f"{first.invitation_url}/page/basics", PAGES["basics"]).status_code == 302
    assert answer_page(one, f"{first.invitation_url}/page/basics", PAGES["basics"]).status_code == 429
    assert answer_page(two, f"{second.invitation_url}/page/basics", PAGES["basics"]).status_code == 302


def test_behind_a_proxy_open_link_respondents_are_counted_by_their_own_address(app, make_survey, answer_page):
    app.config.update(RATELIMIT_OPEN_LINK_ANSWERS="1 per hour", PROXY_COUNT=1)
    register_proxy(app)
    survey = make_survey()
    url = f"{survey.open_url}/page/basics"
    office, home = app.test_client(), app.test_client()
    office.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.10"
    home.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.20"
    assert answer_page(office, url, PAGES["basics"]).status_code == 302
    assert answer_page(office, url, PAGES["basics"]).status_code == 429
    assert answer_page(home, url, PAGES["basics"]).status_code == 302
