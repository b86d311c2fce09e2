"""The e-mail copy of sent answers: written to the outbox in the respondent's language, sent by the job."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage
from tests.fixtures.surveys import PAGES

pytestmark = pytest.mark.usefixtures("english_by_default")


def test_receipt_goes_to_the_invitation_address_in_the_respondents_language(app, client, make_survey, answer_page,
                                                                             csrf_token, run_jobs):
    survey = make_survey(email="hallitus@example.fi")
    base = survey.invitation_url
    client.get(f"{base}?lang=sv")
    for key, fields in PAGES.items():
        answer_page(client, f"{base}/page/{key}", fields)
    check = client.get(f"{base}/check").get_data(as_text=True)
    client.post(f"{base}/check", data={"csrf_token": csrf_token(check)})
    done = client.get(f"{base}/done").get_data(as_text=True)
    assert 'value="hallitus@example.fi"' in done
    sent = client.post(f"{base}/done", data={"csrf_token": csrf_token(done), "email": "hallitus@example.fi"})
    assert sent.status_code == 302
    with app.app_context():
        [message] = db.session.scalars(select(OutboxMessage)).all()
        assert (message.template, message.language, message.recipient) == ("survey_receipt", "sv", "hallitus@example.fi")
        assert "Rääkkylän kyläyhdistys ry" in message.body_text and "Föreningens namn" in message.body_text
    run_jobs()
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.status)).value == "sent"


def test_receipt_address_is_checked_and_the_input_kept(app, client, make_survey, answer_page, csrf_token):
    survey = make_survey()
    base = survey.invitation_url
    for key, fields in PAGES.items():
        answer_page(client, f"{base}/page/{key}", fields)
    check = client.get(f"{base}/check").get_data(as_text=True)
    client.post(f"{base}/check", data={"csrf_token": csrf_token(check)})
    done = client.get(f"{base}/done").get_data(as_text=True)
    page = client.post(f"{base}/done", data={"csrf_token": csrf_token(done), "email": "not-an-address"})
    assert page.status_code == 200 and 'value="not-an-address"' in page.get_data(as_text=True)
    assert "Enter an e-mail address in the form name@example.fi." in page.get_data(as_text=True)
