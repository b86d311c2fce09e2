"""The shipped järjestökysely answered to the end through every conditional page, both ways."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Response, ResponseStatus
from tests.fixtures.surveys import PAGES, form_values

pytestmark = pytest.mark.usefixtures("english_by_default")

CONTACT = {"q_contact_name": "Maija Meikäläinen", "q_contact_email": "maija@example.fi",
           "q_contact_phone": "040 123 4567", "q_contact_language": "sv",
           "q_website": "https://kylayhdistys.example.fi"}

#: every show_if of the shipped survey made true
ALL_TRUE = {
    **PAGES,
    "cooperation": {"q_municipal_grant": "yes", "q_grant_amount": "1200"},
    "needs": {"q_needs": ["premises", "training"], "q_top_needs__rank__premises": "1",
              "q_top_needs__rank__training": "2", "q_premises_details": "Kokoustila kerran kuussa.",
              "q_training_topics": ["finances"]},
    "council": {"q_council_interest": "yes", "q_council_roles": ["member"], "q_agent_interest": "yes",
                "q_agent_name": "Matti", "q_events_wanted": ["forum"], "q_event_format": "remote",
                "q_forum_date": "15.6.2026", "q_register_consent": "yes"},
    "contact": CONTACT,
}
#: every show_if of the shipped survey made false
ALL_FALSE = {
    **PAGES,
    "needs": {"q_needs": ["funding"]},
    "council": {"q_council_interest": "no", "q_agent_interest": "no", "q_register_consent": "no"},
}
ORDER = ("basics", "activities", "cooperation", "needs", "council", "contact")


def _stored(app, survey_id):
    with app.app_context():
        response = db.session.scalar(select(Response).where(Response.survey_id == survey_id))
        rows = db.session.scalars(select(Answer).where(Answer.response_id == response.id)).all()
        return response.status, {r.question_key for r in rows}


PROGRESS = {"fi": "Sivu {}/{}", "sv": "Sida {} av {}"}
TO_CHECK = {"fi": "Jatka vastausten tarkistamiseen", "sv": "Fortsätt till att kontrollera svaren"}


def _button(html: str) -> str:
    return re.search(r'<button[^>]*value="next"[^>]*>([^<]*)</button>', html).group(1)


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("link", ["invitation", "open"])
@pytest.mark.parametrize("branch", ["true", "false"])
def test_shipped_survey_is_answered_to_the_end_through_each_conditional_branch(
        app, client, make_survey, answer_page, csrf_token, language, link, branch):
    survey = make_survey()
    base = survey.invitation_url if link == "invitation" else survey.open_url
    client.get(f"{base}/?lang={language}")
    answers = ALL_TRUE if branch == "true" else ALL_FALSE
    pages = [p for p in ORDER if p in answers and (branch == "true" or p != "contact")]
    for number, key in enumerate(pages, 1):
        shown = client.get(f"{base}/page/{key}").get_data(as_text=True)
        # The contact page counts until the answer that decides it is given: no jump from 5/5 to 6/6.
        assert PROGRESS[language].format(number, 6) in shown, key
        assert _button(shown) != TO_CHECK[language] or key == "contact", key
        result = answer_page(client, f"{base}/page/{key}", answers[key])
        assert result.status_code == 302, result.get_data(as_text=True)[:2000]
        following = pages[number] if number < len(pages) else None
        assert result.headers["Location"].endswith(f"/page/{following}" if following else "/check"), key
    council = client.get(f"{base}/page/council").get_data(as_text=True)
    # The answer now decides the contact page: count and button follow it (survey.js does it live).
    count = 6 if branch == "true" else 5
    assert PROGRESS[language].format(5, count) in council and "data-page-flow=" in council
    assert (_button(council) == TO_CHECK[language]) == (branch == "false")
    if branch == "true":
        back = client.get(f"{base}/page/contact").get_data(as_text=True)
        assert form_values(back, "q_contact_name") == ["Maija Meikäläinen"]
        assert "maija@example.fi" in form_values(back, "q_contact_email")
        assert _button(back) == TO_CHECK[language]
    check = client.get(f"{base}/check").get_data(as_text=True)
    if branch == "true":
        assert "Maija Meikäläinen" in check and "maija@example.fi" in check
    sent = client.post(f"{base}/check", data={"csrf_token": csrf_token(check)})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/done"), sent.get_data(as_text=True)
    status, keys = _stored(app, survey.survey_id)
    assert status is ResponseStatus.SUBMITTED
    conditional = {"grant_amount", "top_needs", "premises_details", "training_topics", "council_roles",
                   "agent_name", "event_format", "forum_date", "contact_name", "contact_email",
                   "contact_phone", "contact_language", "website"}
    assert conditional <= keys if branch == "true" else not conditional & keys
