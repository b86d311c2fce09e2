"""Unanswered survey pages are rendered once and shared: each respondent still gets their own link
and CSRF token, and nothing of one respondent's reaches another."""

import pytest

from app.demo.councils import DEMO_PASSWORD
from app.extensions import db
from app.models import Invitation
from app.surveys.tokens import issue_invitation_token
from tests.fixtures.surveys import PAGES

pytestmark = pytest.mark.usefixtures("english_by_default")


def _second_invitation(app, survey) -> str:
    with app.app_context():
        first = db.session.scalar(db.select(Invitation).where(Invitation.survey_id == survey.survey_id))
        other = Invitation(survey_id=first.survey_id, email="toinen@example.fi", language="fi",
                           municipality_code="707", sector="village", token_hash="", token_nonce="")
        token = issue_invitation_token(other)
        db.session.add(other)
        db.session.commit()
    return token


def test_each_respondent_gets_the_page_with_their_own_link_and_csrf_token(app, make_survey, answer_page,
                                                                          csrf_token):
    survey = make_survey()
    other_token = _second_invitation(app, survey)
    first = app.test_client().get(f"{survey.invitation_url}/page/basics").get_data(as_text=True)
    second_client = app.test_client()
    second = second_client.get(f"/s/{other_token}/page/basics").get_data(as_text=True)

    assert f'href="/s/{other_token}/page/basics?lang=fi"' in second
    assert survey.token not in second and other_token not in first
    assert csrf_token(first) != csrf_token(second)
    # Apart from the two tokens the pages are the same.
    assert (second.replace(other_token, "T").replace(csrf_token(second), "C")
            == first.replace(survey.token, "T").replace(csrf_token(first), "C"))
    # The token on the shared page is valid for the second respondent's session: the page saves.
    saved = answer_page(second_client, f"/s/{other_token}/page/basics", PAGES["basics"])
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/s/{other_token}/page/activities")


def test_answers_of_one_respondent_never_reach_the_shared_page(app, make_survey, answer_page):
    survey = make_survey()
    other_token = _second_invitation(app, survey)
    answering = app.test_client()
    assert answer_page(answering, f"{survey.invitation_url}/page/basics", PAGES["basics"]).status_code == 302
    back = answering.get(f"{survey.invitation_url}/page/basics").get_data(as_text=True)
    assert "Rääkkylän kyläyhdistys ry" in back and 'value="1.5"' in back

    fresh = app.test_client().get(f"/s/{other_token}/page/basics").get_data(as_text=True)
    assert "Rääkkylän kyläyhdistys ry" not in fresh and 'value="1.5"' not in fresh
    assert 'name="q_association_name"' in fresh


def test_open_links_of_two_surveys_keep_their_own_addresses(app, make_survey):
    first, second = make_survey(), make_survey()
    one = app.test_client().get(f"{first.open_url}/page/basics").get_data(as_text=True)
    two = app.test_client().get(f"{second.open_url}/page/basics").get_data(as_text=True)
    assert f'href="{first.open_url}/page/basics?lang=fi"' in one
    assert f'href="{second.open_url}/page/basics?lang=fi"' in two and first.open_url + "/" not in two


def test_signed_in_staff_see_their_own_header_and_the_public_does_not(app, make_survey, login):
    survey = make_survey()
    public = app.test_client()
    assert "Signed in as" not in public.get(f"{survey.invitation_url}/page/basics").get_data(as_text=True)
    staff = app.test_client()
    login(staff, "sihteeri.raakkyla@example.fi", DEMO_PASSWORD)
    page = staff.get(f"{survey.invitation_url}/page/basics").get_data(as_text=True)
    assert "Signed in as sihteeri.raakkyla@example.fi" in page
    assert "Signed in as" not in public.get(f"{survey.invitation_url}/page/basics").get_data(as_text=True)
