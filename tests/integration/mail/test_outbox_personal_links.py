"""Personal links in the outbox: masked on the staff pages, and no usable token left in a sent message's row."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import AccessMode, Council, Invitation, OutboxMessage, OutboxStatus
from app.models.base import utcnow
from tests.integration.mail.outbox_helpers import parts

LIBRARY = Path(__file__).resolve().parents[3] / "surveys" / "library" / "jarjestokysely.yaml"
ADMIN = "admin@example.fi"  # admin of pohjois-karjala: reaches raakkyla


def _invite(app) -> tuple[str, int]:
    """An open järjestökysely of raakkyla with one invitation, its e-mail queued; (token, message id)."""
    from app.surveys.invitation_mail import send_invitations
    from app.surveys.publishing import import_definition
    from app.surveys.tokens import issue_invitation_token

    with app.test_request_context("/"):
        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        survey = import_definition(council, LIBRARY.read_text(encoding="utf-8"), LIBRARY.name).survey
        survey.access_mode = AccessMode.BOTH
        survey.opens_at, survey.closes_at = utcnow() - timedelta(days=1), utcnow() + timedelta(days=30)
        invitation = Invitation(survey=survey, email="hallitus@example.fi", language="fi", municipality_code="707",
                                sector="village", token_hash="", token_nonce="")
        token = issue_invitation_token(invitation)
        db.session.add(invitation)
        db.session.flush()
        assert send_invitations(survey) == 1
        db.session.commit()
        return token, db.session.scalar(select(OutboxMessage.id))


def _row(app, message_id: int) -> OutboxMessage:
    with app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        db.session.expunge(row)
        return row


def test_staff_see_an_invitation_link_masked_and_the_sent_row_keeps_no_token(app, client, login, demo, smtp_server,
                                                                           run_jobs):
    token, message_id = _invite(app)
    assert token in _row(app, message_id).body_text, "a waiting message needs its link"
    login(client, ADMIN, demo)
    before = client.get(f"/staff/raakkyla/outbox/{message_id}?lang=en").get_data(as_text=True)
    assert token not in before and "/s/•••••" in before
    assert token not in client.get("/staff/raakkyla/outbox/?lang=en").get_data(as_text=True)

    run_jobs()
    [received] = smtp_server.to("hallitus@example.fi")
    assert f"/s/{token}" in parts(received)["plain"] and f"/s/{token}" in parts(received)["html"]
    assert app.test_client().get(f"/s/{token}/").status_code in (200, 302), "the recipient's link works"

    row = _row(app, message_id)
    assert row.status is OutboxStatus.SENT
    assert token not in row.body_text and token not in row.body_html
    assert "/s/•••••" in row.body_text and "/s/•••••" in row.body_html
    assert "Järjestökysely" in row.body_text, "the rest of the message is kept"
    after = client.get(f"/staff/raakkyla/outbox/{message_id}?lang=en").get_data(as_text=True)
    assert token not in after and "/s/•••••" in after


def test_a_sent_password_reset_row_keeps_no_usable_link(app, client, csrf_token, demo, smtp_server, run_jobs):
    page = csrf_token(client, "/staff/password-reset?lang=en")
    assert client.post("/staff/password-reset", data={"email": ADMIN, "csrf_token": page}).status_code == 200
    run_jobs()
    [received] = smtp_server.to(ADMIN)
    link = re.search(r"http://localhost(/staff/password-reset/\S+)", parts(received)["plain"]).group(1)
    token = link.rsplit("/", 1)[1]
    with app.app_context():
        row = db.session.scalar(select(OutboxMessage))
        assert row.status is OutboxStatus.SENT
        assert token not in row.body_text and token not in row.body_html
        assert "/staff/password-reset/•••••" in row.body_text
    assert client.get(f"{link}?lang=en").status_code == 200, "the link in the e-mail still works"


def test_a_message_that_failed_for_good_keeps_no_token(app, demo_councils, write_email):
    from app.mail.outbox import record_failure

    message_id = write_email(council_slug="raakkyla",
                             reset_url="http://localhost/staff/password-reset/Abcdefghijklmnopqrstuvwxyz012345")
    with app.app_context():
        record_failure(message_id, "SMTPRecipientsRefused (550)", utcnow(), permanent=True)
        db.session.commit()
    row = _row(app, message_id)
    assert row.status is OutboxStatus.FAILED and "Abcdefghijklmnopqrstuvwxyz012345" not in row.body_text
