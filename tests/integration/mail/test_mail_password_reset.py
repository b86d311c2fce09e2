"""The password-reset flow end to end: the form, the outbox, real SMTP, the one-time link."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from app.extensions import db
from app.models import OutboxMessage, PasswordResetToken
from app.models.base import utcnow
from tests.integration.mail.outbox_helpers import parts

ADMIN = "admin@example.fi"


def _ask_for_link(client, csrf_token, email, language):
    token = csrf_token(client, f"/staff/password-reset?lang={language}")
    response = client.post("/staff/password-reset", data={"email": email, "csrf_token": token})
    assert response.status_code == 200
    return response


def _link_in(received) -> str:
    found = re.search(r"http://localhost(/staff/password-reset/\S+)", parts(received)["plain"])
    assert found, "no reset link in the message"
    return found.group(1)


def test_reset_link_arrives_in_the_users_language_and_works_once(app, client, csrf_token, login, demo,
                                                               smtp_server, run_jobs):
    _ask_for_link(client, csrf_token, ADMIN, "sv")
    run_jobs()

    [received] = smtp_server.to(ADMIN)
    assert received["Subject"] == "Välj ett nytt lösenord för Yhteisääni"
    assert '<html lang="sv">' in parts(received)["html"]
    link = _link_in(received)
    with app.app_context():
        message = db.session.query(OutboxMessage).one()
        assert message.council_id is None and message.template == "password_reset"

    token = csrf_token(client, f"{link}?lang=en")
    new_password = "a-brand-new-password"
    response = client.post(link, data={"new_password": new_password, "confirm_password": new_password,
                                       "csrf_token": token})
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]
    login(app.test_client(), ADMIN, new_password)

    again = client.get(f"{link}?lang=en")
    assert again.status_code == 410
    assert "This link no longer works" in again.get_data(as_text=True)


def test_expired_reset_link_no_longer_works(app, client, csrf_token, demo, smtp_server, run_jobs):
    _ask_for_link(client, csrf_token, ADMIN, "fi")
    run_jobs()
    link = _link_in(smtp_server.to(ADMIN)[0])
    with app.app_context():
        db.session.execute(update(PasswordResetToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()

    response = client.get(f"{link}?lang=en")
    assert response.status_code == 410
    assert "This link no longer works" in response.get_data(as_text=True)


def test_unknown_address_gets_the_same_page_and_no_mail(app, client, csrf_token, demo, smtp_server, run_jobs):
    page = _ask_for_link(client, csrf_token, "nobody@example.fi", "en").get_data(as_text=True)
    assert "Check your e-mail" in page
    run_jobs()
    assert smtp_server.messages == []
    with app.app_context():
        assert db.session.query(OutboxMessage).count() == 0
