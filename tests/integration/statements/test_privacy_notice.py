"""The privacy notice per council: the council's own details as its admin saved them, and each channel's
purpose, legal basis and retention taken from the actual settings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditLog, PrivacyNotice
from tests.fixtures.councils import ADMIN, council_by_slug

pytestmark = pytest.mark.usefixtures("english_by_default")


def test_the_notice_shows_the_retention_settings_and_follows_their_change(app, client, demo_councils):
    page = client.get("/raakkyla/privacy").get_data(as_text=True)
    assert "Privacy notice: Rääkkylä local NGO council" in page
    assert "Sent messages are deleted 90 days after sending." in page
    assert "Entries are deleted after 730 days." in page
    assert "Report files are deleted 30 days after they were made." in page
    for heading in ("Association register", "Surveys", "Staff accounts", "E-mails sent by the service",
                    "Legal basis", "Right to complain", "Data Protection Ombudsman", "www.tietosuoja.fi"):
        assert heading in page, heading
    assert "raakkyla.jane@example.fi" in page

    assert "Removed 90 days after the event" in page
    app.config.update(OUTBOX_RETENTION_DAYS=14, AUDIT_RETENTION_DAYS=365, REPORT_RETENTION_DAYS=7,
                      EVENT_RETENTION_DAYS=45)
    changed = client.get("/raakkyla/privacy").get_data(as_text=True)
    assert "Sent messages are deleted 14 days after sending." in changed
    assert "Entries are deleted after 365 days." in changed
    assert "Report files are deleted 7 days after they were made." in changed
    assert "Removed 45 days after the event" in changed
    assert "90 days" not in changed


def test_the_general_notice_lists_every_councils_notice(client, demo_councils):
    page = client.get("/privacy").get_data(as_text=True)
    assert 'href="/raakkyla/privacy"' in page and 'href="/kainuu/privacy"' in page
    assert "Sent messages are deleted 90 days after sending." in page
    assert client.get("/no-such-council/privacy").status_code == 404


def test_an_admin_saves_the_councils_part_of_its_notice(app, client, staff_client, csrf_token, demo_councils):
    staff = staff_client(ADMIN)
    form = staff.get("/staff/raakkyla/privacy-notice").get_data(as_text=True)
    assert 'value="raakkyla.jane@example.fi"' in form
    response = staff.post("/staff/raakkyla/privacy-notice", data={
        "csrf_token": csrf_token(form), "controller": "Rääkkylän kunta\nKuntatie 1, 82300 Rääkkylä",
        "contact_person": "Tiina Tietosuoja", "contact_email": "tietosuoja@raakkyla.example.fi",
        "contact_phone": "013 123 456", "extra_fi": "Suomeksi lisää.", "extra_sv": "",
        "extra_en": "More from Rääkkylä.\n\nA second paragraph with <script>alert(1)</script>."})
    assert response.status_code == 302

    page = client.get("/raakkyla/privacy").get_data(as_text=True)
    for expected in ("Rääkkylän kunta<br>Kuntatie 1, 82300 Rääkkylä", "Tiina Tietosuoja",
                     "Send your request to tietosuoja@raakkyla.example.fi", "013 123 456", "<p>More from Rääkkylä.</p>",
                     "&lt;script&gt;alert(1)&lt;/script&gt;"):
        assert expected in page, expected
    assert "<script>alert(1)" not in page
    # Swedish readers get the Finnish text when there is no Swedish one.
    assert "Suomeksi lisää." in client.get("/raakkyla/privacy?lang=sv").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(PrivacyNotice, council_by_slug("raakkyla").id).contact_person == "Tiina Tietosuoja"
        assert db.session.scalar(select(AuditLog.action).where(AuditLog.action == "privacy.notice_update"))


def test_a_wrong_contact_address_is_shown_beside_its_field(staff_client, csrf_token, demo_councils):
    staff = staff_client(ADMIN)
    token = csrf_token(staff, "/staff/raakkyla/privacy-notice")
    response = staff.post("/staff/raakkyla/privacy-notice", data={"csrf_token": token, "contact_email": "nope"})
    assert response.status_code == 400
    assert "Enter an e-mail address in the form name@example.fi." in response.get_data(as_text=True)
