"""Answering a survey while Redis (rate limits, job queues) is stopped still saves the answers."""

from sqlalchemy import select

from app.extensions import db
from app.models import Response, ResponseStatus
from tests.fixtures.surveys import PAGES


def test_answers_are_saved_and_sent_while_redis_is_stopped(app, make_survey, answer_page, csrf_token,
                                                           redis_server_control):
    survey = make_survey()
    client = app.test_client()
    redis_server_control.stop()
    for key, fields in PAGES.items():
        saved = answer_page(client, f"{survey.invitation_url}/page/{key}", fields)
        assert saved.status_code == 302, key
    check = client.get(f"{survey.invitation_url}/check").get_data(as_text=True)
    sent = client.post(f"{survey.invitation_url}/check", data={"csrf_token": csrf_token(check)})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/done")
    assert "confirmation-panel" in client.get(f"{survey.invitation_url}/done").get_data(as_text=True)
    with app.app_context():
        response = db.session.scalar(select(Response).where(Response.survey_id == survey.survey_id))
        assert response.status is ResponseStatus.SUBMITTED
        assert any(answer.value_text == "Rääkkylän kyläyhdistys ry" for answer in response.answers)
