"""The outbox end to end: written in the request's transaction, sent by the RQ job through real SMTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rq.job import Job
from sqlalchemy import func, select

from app.extensions import db, queue
from app.jobs.mail import send_outbox_message, sweep_outbox
from app.mail.outbox import Attachment, message_subject, queue_email
from app.models import OutboxMessage, OutboxStatus
from app.models.base import utcnow
from tests.integration.mail.outbox_helpers import outbox_row, parts, set_columns

RECIPIENT = "vastaanottaja@example.fi"


def _queued(app, name: str = "mail") -> int:
    with app.app_context():
        return len(queue(name))


@pytest.mark.parametrize(
    ("language", "greeting", "subject"),
    [("fi", "Hei,", "Valitse uusi salasana Yhteisääneen"),
     ("sv", "Hej,", "Välj ett nytt lösenord för Yhteisääni")],
)
def test_message_queued_in_request_is_sent_after_commit_in_recipients_language(
    app, smtp_server, run_jobs, write_email, language, greeting, subject
):
    message_id = write_email(language=language, request_language="en")
    assert _queued(app) == 1

    run_jobs()

    [received] = smtp_server.messages
    assert received["To"] == RECIPIENT
    assert received["Subject"] == subject
    assert received.get_content_type() == "multipart/alternative"
    bodies = parts(received)
    assert set(bodies) == {"plain", "html"}
    assert bodies["plain"].startswith(greeting)
    assert "http://localhost/staff/password-reset/abc" in bodies["plain"]
    assert f'<html lang="{language}">' in bodies["html"]
    assert "<img" not in bodies["html"]
    row = outbox_row(app, message_id)
    assert received["Message-ID"] == row.message_id
    assert (row.status, row.attempts, row.language) == (OutboxStatus.SENT, 1, language)
    assert row.sent_at is not None


def test_a_message_composed_by_its_send_job_arrives_as_one_composed_in_the_request(
    app, smtp_server, run_jobs, write_email
):
    link = "http://localhost/staff/password-reset/abcdefghijkl"
    now_id = write_email(to="heti@example.fi", language="sv", request_language="en", reset_url=link)
    later_id = write_email(to="myohemmin@example.fi", language="sv", request_language="en", reset_url=link,
                           compose_in_job=True)
    waiting = outbox_row(app, later_id)
    # Nothing is rendered in the request: the subject and the bodies wait for the job; the pages that show the
    # message meanwhile render its subject (and text) from the context, in the recipient's language.
    assert (waiting.subject, waiting.body_text, waiting.body_html) == ("", "", "")
    assert waiting.context["reset_url"] == link
    with app.app_context():
        assert message_subject(waiting) == "Välj ett nytt lösenord för Yhteisääni"

    run_jobs()

    now, later = smtp_server.to("heti@example.fi")[0], smtp_server.to("myohemmin@example.fi")[0]
    assert later["Subject"] == now["Subject"] == "Välj ett nytt lösenord för Yhteisääni"
    assert parts(later) == parts(now) and parts(later)["plain"].startswith("Hej,")
    sent = outbox_row(app, later_id)
    assert (sent.status, sent.context) == (OutboxStatus.SENT, None)
    assert sent.body_text == outbox_row(app, now_id).body_text  # kept as sent, its personal link masked
    assert "password-reset/abcdefghijkl" not in sent.body_text


def test_a_context_that_is_not_plain_json_is_refused_in_the_request(app, write_email):
    with pytest.raises(TypeError):
        write_email(compose_in_job=True, minutes=timedelta(minutes=60))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_nothing_is_enqueued_before_the_commit_and_a_rollback_sends_nothing(app, smtp_server, run_jobs):
    with app.test_request_context("/"):
        queue_email(to=RECIPIENT, template="password_reset", language="fi",
                    context={"reset_url": "http://localhost/x", "minutes": 60})
        assert _queued(app) == 0, "enqueued before the commit"
        db.session.rollback()
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
        # A later commit in the same session must not enqueue what was rolled back.
        db.session.commit()
    assert _queued(app) == 0
    run_jobs()
    assert smtp_server.messages == []


def test_smtp_down_then_up_retries_with_back_off_and_delivers_once(app, smtp_server, run_jobs, write_email,
                                                                   mail_logs):
    smtp_server.stop()
    message_id = write_email()
    before = utcnow()
    run_jobs()

    row = outbox_row(app, message_id)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    assert row.last_error and "ConnectionRefusedError" in row.last_error
    assert timedelta(seconds=50) < row.next_attempt_at - before < timedelta(seconds=70)
    assert "attempt 1 failed" in mail_logs.text
    assert RECIPIENT not in mail_logs.text
    with app.app_context():
        scheduled = queue("mail").scheduled_job_registry
        assert scheduled.get_job_ids() == [f"outbox-{message_id}-1"]
        # The same attempt is already waiting in the scheduler: the sweep must not add a copy.
        set_columns(app, message_id, next_attempt_at=utcnow() - timedelta(seconds=1))
        assert sweep_outbox() == 0

    smtp_server.start()
    with app.app_context():
        # The minute passes: RQ's scheduler moves the retry to the queue.
        job = Job.fetch(f"outbox-{message_id}-1", connection=scheduled.connection)
        scheduled.remove(job)
        queue("mail").enqueue_job(job)
    run_jobs()

    assert len(smtp_server.messages) == 1
    row = outbox_row(app, message_id)
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 2, None)
    with app.app_context():
        assert sweep_outbox() == 0
    run_jobs()
    assert len(smtp_server.messages) == 1


def test_message_fails_for_good_after_max_attempts(app, smtp_server, run_jobs, write_email):
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    smtp_server.stop()
    message_id = write_email()
    run_jobs()
    set_columns(app, message_id, next_attempt_at=utcnow() - timedelta(seconds=1))
    with app.app_context():
        assert send_outbox_message(message_id) == "failed"
        assert send_outbox_message(message_id) == "skipped"
    row = outbox_row(app, message_id)
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 2)


def test_redis_down_when_written_then_the_sweep_delivers_it_once(
    app, smtp_server, redis_server_control, run_jobs, write_email, mail_logs
):
    redis_server_control.stop()
    message_id = write_email()
    assert "Could not enqueue 1 job(s) on mail (app.jobs.mail.send_outbox_message); the periodic sweep will" in mail_logs.text
    assert RECIPIENT not in mail_logs.text
    assert outbox_row(app, message_id).status is OutboxStatus.PENDING

    redis_server_control.start()
    run_jobs()
    assert smtp_server.messages == []
    with app.app_context():
        queue("default").enqueue(sweep_outbox)
    run_jobs()

    assert len(smtp_server.messages) == 1
    assert outbox_row(app, message_id).status is OutboxStatus.SENT
    with app.app_context():
        queue("default").enqueue(sweep_outbox)
    run_jobs()
    assert len(smtp_server.messages) == 1


def test_running_the_job_again_on_a_sent_message_sends_nothing(app, smtp_server, run_jobs, write_email):
    message_id = write_email()
    run_jobs()
    with app.app_context():
        assert send_outbox_message(message_id) == "skipped"
        queue("mail").enqueue(send_outbox_message, message_id)
    run_jobs()
    assert len(smtp_server.messages) == 1
    assert outbox_row(app, message_id).attempts == 1


def test_claimed_message_is_left_alone_until_the_claim_runs_out(app, smtp_server, run_jobs, write_email):
    message_id = write_email()
    # Another worker claimed it and died before SENT: while the claim holds, nobody sends it.
    set_columns(app, message_id, status=OutboxStatus.SENDING, attempts=1,
                next_attempt_at=utcnow() + timedelta(minutes=9))
    run_jobs()
    with app.app_context():
        assert sweep_outbox() == 0
    assert smtp_server.messages == []

    set_columns(app, message_id, next_attempt_at=utcnow() - timedelta(seconds=1))
    with app.app_context():
        assert sweep_outbox() == 1
    run_jobs()
    assert len(smtp_server.messages) == 1
    row = outbox_row(app, message_id)
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)


def test_attachment_is_sent_beside_the_text_and_html(app, smtp_server, run_jobs, write_email):
    calendar = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    write_email(attachment=Attachment("tapahtuma.ics", "text/calendar", calendar))
    run_jobs()
    [received] = smtp_server.messages
    assert received.get_content_type() == "multipart/mixed"
    [attached] = list(received.iter_attachments())
    assert attached.get_filename() == "tapahtuma.ics"
    assert attached.get_content_type() == "text/calendar"
    assert attached.get_content().encode() == calendar
    assert set(parts(received)) == {"plain", "html"}


def test_file_backend_writes_eml_files_to_the_instance_folder(app, smtp_server, run_jobs, write_email):
    from pathlib import Path

    app.config["MAIL_BACKEND"] = "file"
    message_id = write_email(language="sv")
    run_jobs()
    assert smtp_server.messages == []
    [written] = (Path(app.config["INSTANCE_DIR"]) / "outbox").glob("*.eml")
    content = written.read_bytes()
    assert RECIPIENT.encode() in content and b"multipart/alternative" in content
    assert outbox_row(app, message_id).status is OutboxStatus.SENT


def test_unique_message_ids(app, write_email):
    first, second = write_email(), write_email()
    assert outbox_row(app, first).message_id != outbox_row(app, second).message_id
