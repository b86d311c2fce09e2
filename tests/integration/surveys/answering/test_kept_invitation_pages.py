"""An invitation link's answer page served again with no SQL (app/surveys/kept_invitation_pages.py), and every
change to what it showed or decided — the response sent or saved in another tab, the survey closed (by staff or
by its closing time), the invitation removed or given a new link, a new version — shows on the very next
request; another association's draft save does not drop the page."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Invitation, Survey
from app.models.base import utcnow
from app.surveys.publishing import import_definition
from app.surveys.tokens import issue_invitation_token
from tests.fixtures.councils import council_by_slug
from tests.fixtures.queries import within_one_minute
from tests.fixtures.surveys import JARJESTOKYSELY, PAGES, basic_answers, form_values, store_invitation

pytestmark = pytest.mark.usefixtures("english_by_default")


def _get(app, url: str):
    """A GET as a new visitor (no cookies), as most requests of a link reach a worker."""
    return app.test_client().get(url)


def _page(app, url: str) -> str:
    response = _get(app, url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return response.get_data(as_text=True)


@pytest.fixture
def kept_link(app, make_survey, record_statements):
    """kept_link(**make_survey options) -> (survey, url of its invitation's first page), the page already
    served with no SQL statement (the steady state)."""
    def make(**options):
        # Before the survey: a wait for the next minute after it would use up a closing time a few seconds ahead.
        within_one_minute()
        survey = make_survey("raakkyla", **options)
        url = f"{survey.invitation_url}/page/basics"
        for _ in range(3):  # the link learnt, the view's choice kept, then served kept
            _page(app, url)
        assert_served_without_sql(url)
        return survey, url

    def assert_served_without_sql(url: str) -> str:
        with record_statements() as sent:
            page = _page(app, url)
        assert sent == []
        return page

    make.assert_served_without_sql = assert_served_without_sql
    return make


def _invitation_id(app, survey) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Invitation.id).where(Invitation.survey_id == survey.id))


def test_the_steady_state_answer_page_runs_no_sql_and_carries_its_own_link(app, kept_link):
    survey, url = kept_link()
    page = kept_link.assert_served_without_sql(url)
    assert "About your association" in page
    assert f"{survey.invitation_url}/" in page
    assert form_values(page, "q_members") == [""]


def test_answers_sent_show_on_the_next_request(app, kept_link, add_response):
    survey, url = kept_link()
    add_response(survey, basic_answers(), invitation_id=_invitation_id(app, survey), submitted=True)
    answer = _get(app, url)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"{survey.invitation_url}/done")


def test_a_draft_saved_in_another_tab_shows_on_the_next_request(app, kept_link, answer_page):
    survey, url = kept_link()
    other_tab = app.test_client()
    saved = answer_page(other_tab, url, {**PAGES["basics"], "q_members": "77"}, action="save")
    assert saved.status_code == 302
    assert form_values(_page(app, url), "q_members") == ["77"]


def test_a_draft_saved_over_an_empty_one_shows_on_the_next_request(app, kept_link, add_response, answer_page):
    survey, url = kept_link()
    add_response(survey, {}, invitation_id=_invitation_id(app, survey), submitted=False)
    for _ in range(3):  # an empty draft shows the page as no draft does: kept again, then served without SQL
        _page(app, url)
    kept_link.assert_served_without_sql(url)
    saved = answer_page(app.test_client(), url, {**PAGES["basics"], "q_members": "88"}, action="save")
    assert saved.status_code == 302
    assert form_values(_page(app, url), "q_members") == ["88"]


def test_another_associations_draft_save_keeps_the_page_served_without_sql(app, kept_link, answer_page):
    survey, url = kept_link()
    with app.app_context():
        other = store_invitation(db.session.get(Survey, survey.id), "707", "village", email="orava@example.fi")
        other_token = issue_invitation_token(other)
        db.session.commit()
    _page(app, url)  # a new invitation was a write to the invitations table: the link is looked up again
    kept_link.assert_served_without_sql(url)
    saved = answer_page(app.test_client(), f"/s/{other_token}/page/basics", PAGES["basics"], action="save")
    assert saved.status_code == 302
    assert form_values(kept_link.assert_served_without_sql(url), "q_members") == [""]


def test_a_survey_closed_by_staff_shows_on_the_next_request(app, kept_link):
    survey, url = kept_link()
    with app.app_context():
        db.session.get(Survey, survey.id).closes_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    answer = _get(app, url)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(survey.invitation_url)


def test_a_survey_reaching_its_closing_time_closes_at_that_second(app, kept_link):
    survey, url = kept_link(closes_in=timedelta(seconds=2))
    with app.app_context():
        closes_at = db.session.get(Survey, survey.id).closes_at
    time.sleep(max(0.0, (closes_at - utcnow()).total_seconds()) + 0.05)
    answer = _get(app, url)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(survey.invitation_url)


@pytest.mark.parametrize("change", ["removed", "new link"])
def test_an_invitation_removed_or_given_a_new_link_stops_the_old_link_on_the_next_request(app, kept_link, change):
    survey, url = kept_link()
    with app.app_context():
        invitation = db.session.get(Invitation, _invitation_id(app, survey))
        if change == "removed":
            db.session.delete(invitation)
        else:
            issue_invitation_token(invitation)
        db.session.commit()
    answer = _get(app, url)
    assert answer.status_code == 404
    assert "This survey link is not valid" in answer.get_data(as_text=True)


def test_a_new_version_of_the_survey_shows_on_the_next_request(app, kept_link):
    survey, url = kept_link()
    source = JARJESTOKYSELY.read_text(encoding="utf-8").replace("en: About your association",
                                                                "en: Your association in brief")
    with app.app_context():
        import_definition(council_by_slug("raakkyla"), source, "jarjestokysely.yaml",
                          survey=db.session.get(Survey, survey.id))
        db.session.commit()
    page = _page(app, url)
    assert "Your association in brief" in page and "About your association" not in page
