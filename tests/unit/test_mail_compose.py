"""Composing e-mails in the recipient's language, and the pure parts of sending: MIME, errors, back-off."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest

from app import create_app
from app.mail.compose import compose_email, subject_line
from app.mail.outbox import retry_delay
from app.mail.sending import build_email, describe_error, is_permanent
from app.models import OutboxMessage

CONTEXT = {"reset_url": "https://yhteisaani.example/staff/password-reset/t0ken", "minutes": 60}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    # Templates and catalogs only: no database or Redis is touched.
    return create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", REDIS_URL="redis://127.0.0.1:1/0",
                      INSTANCE_DIR=str(tmp_path_factory.mktemp("instance")),
                      PUBLIC_BASE_URL="https://yhteisaani.example")


@pytest.mark.parametrize(
    ("language", "subject", "greeting", "footer"),
    [
        ("fi", "Valitse uusi salasana Yhteisääneen", "Hei,", "Tämä viesti on lähetetty automaattisesti."),
        ("sv", "Välj ett nytt lösenord för Yhteisääni", "Hej,", "Det här meddelandet har skickats automatiskt."),
        ("en", "Choose a new password for Yhteisääni", "Hello,", "This message was sent automatically."),
    ],
)
def test_password_reset_is_written_in_the_recipients_language(app, language, subject, greeting, footer):
    with app.test_request_context("/", headers={"Accept-Language": "en" if language != "en" else "fi"}):
        composed = compose_email("password_reset", language, CONTEXT)
    assert composed.subject == subject
    assert composed.text.startswith(greeting)
    assert CONTEXT["reset_url"] in composed.text and f'href="{CONTEXT["reset_url"]}"' in composed.html
    for body in (composed.text, composed.html):
        assert "Yhteisääni –" in body and footer in body and "https://yhteisaani.example" in body
    assert f'<html lang="{language}">' in composed.html
    assert "<img" not in composed.html


def test_unknown_language_falls_back_to_finnish_outside_a_request(app):
    with app.app_context():
        composed = compose_email("password_reset", "de", CONTEXT)
    assert composed.language == "fi"
    assert composed.subject == "Valitse uusi salasana Yhteisääneen"


def test_context_values_are_escaped_in_html_but_not_in_text(app):
    with app.app_context():
        composed = compose_email("password_reset", "en", {**CONTEXT, "reset_url": "https://x/?a=1&b=<2>"})
    assert "https://x/?a=1&b=<2>" in composed.text
    assert "https://x/?a=1&amp;b=&lt;2&gt;" in composed.html


def test_subject_is_one_line():
    assert subject_line("  Hei\n  maailma \r\n") == "Hei maailma"
    assert len(subject_line("x" * 400)) == 300


def _message(**overrides) -> OutboxMessage:
    values = dict(id=7, recipient="someone@example.fi", subject="Aihe", body_text="Hei,\n", body_html="<p>Hei,</p>",
                  message_id="<123.456@yhteisaani.fi>", language="fi", attachment_data=None)
    values.update(overrides)
    return OutboxMessage(**values)


def test_email_is_multipart_alternative_with_text_first():
    email = build_email(_message(), "Yhteisääni <noreply@yhteisaani.fi>")
    assert email.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in email.iter_parts()] == ["text/plain", "text/html"]
    assert email["Message-ID"] == "<123.456@yhteisaani.fi>"
    assert email["Auto-Submitted"] == "auto-generated" and email["Content-Language"] == "fi"


def test_attachment_makes_the_email_multipart_mixed():
    email = build_email(_message(attachment_name="kutsu.ics", attachment_type="text/calendar",
                                 attachment_data=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), "noreply@yhteisaani.fi")
    assert email.get_content_type() == "multipart/mixed"
    assert [part.get_content_type() for part in email.iter_parts()] == ["multipart/alternative", "text/calendar"]


def test_error_description_carries_no_addresses():
    refused = smtplib.SMTPRecipientsRefused({"someone@example.fi": (550, b"5.1.1 <someone@example.fi> unknown")})
    sender = smtplib.SMTPSenderRefused(553, b"5.1.8 <noreply@yhteisaani.fi> rejected", "noreply@yhteisaani.fi")
    assert describe_error(refused) == "SMTPRecipientsRefused (550)"
    assert describe_error(sender) == "SMTPSenderRefused (553): 5.1.8 <address> rejected"
    assert "@" not in describe_error(OSError("no route to mail.example.fi for a@b.fi"))


def test_only_5xx_answers_are_permanent():
    assert is_permanent(smtplib.SMTPRecipientsRefused({"a@b.fi": (550, b"no")}))
    assert not is_permanent(smtplib.SMTPRecipientsRefused({"a@b.fi": (451, b"later")}))
    assert is_permanent(smtplib.SMTPDataError(554, b"no"))
    assert not is_permanent(smtplib.SMTPServerDisconnected("gone"))
    assert not is_permanent(ConnectionRefusedError())


def test_back_off_doubles_from_a_minute_up_to_an_hour():
    assert [retry_delay(n) for n in range(1, 9)] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60)]
