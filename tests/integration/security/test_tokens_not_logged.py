"""Personal link tokens never reach the logs: not while answering through an invitation, asking for a
password reset and using it, nor while sending the mail that carries them."""

import logging
import re

from tests.fixtures.surveys import PAGES


def test_no_token_appears_in_the_logs(app, make_survey, answer_page, csrf_token, run_jobs, smtp_server, caplog):
    caplog.set_level(logging.DEBUG)
    survey = make_survey(email="hallitus@example.fi")
    client = app.test_client()
    for key, fields in PAGES.items():
        answer_page(client, f"{survey.invitation_url}/page/{key}", fields)
    check = client.get(f"{survey.invitation_url}/check").get_data(as_text=True)
    assert client.post(f"{survey.invitation_url}/check", data={"csrf_token": csrf_token(check)}).status_code == 302
    done = client.get(f"{survey.invitation_url}/done").get_data(as_text=True)
    client.post(f"{survey.invitation_url}/done", data={"csrf_token": csrf_token(done), "email": "hallitus@example.fi"})

    run_jobs()  # the receipt, which links back to the invitation

    staff = app.test_client()
    token = csrf_token(staff, "/staff/password-reset")
    staff.post("/staff/password-reset", data={"email": "admin@example.fi", "csrf_token": token})
    run_jobs()
    [mail] = smtp_server.to("admin@example.fi")
    reset_path = re.search(r"(/staff/password-reset/[A-Za-z0-9_-]+)", mail.get_body(("plain",)).get_content()).group(1)
    reset_token = reset_path.rsplit("/", 1)[1]
    form = staff.get(reset_path).get_data(as_text=True)
    changed = staff.post(reset_path, data={"new_password": "a brand new password", "confirm_password":
                                           "a brand new password", "csrf_token": csrf_token(form)})
    assert changed.status_code == 302

    # "mail.log" is the test SMTP server's own logger (aiosmtpd), the receiving end, not the app.
    logged = "\n".join(f"{record.name} {record.getMessage()} {record.exc_text or ''}" for record in caplog.records
                       if not record.name.startswith("mail.log"))
    assert "Outbox message" in logged and "sent" in logged  # the logs were captured
    assert survey.token not in logged
    assert reset_token not in logged
