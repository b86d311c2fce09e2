"""The accessibility statement: what law 306/2019 asks for, the feedback form through the outbox and real
SMTP to the council's contact with a receipt to the sender, its spam defences, and the supervisory
authority's contact text that admins edit."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import OutboxMessage
from tests.fixtures.councils import ADMIN, council_by_slug
from tests.integration.mail.outbox_helpers import parts

pytestmark = pytest.mark.usefixtures("english_by_default")

SENDER = "anna.asukas@example.fi"


def _fields(client, csrf_token, language="en", **overrides) -> dict:
    page = client.get(f"/accessibility?lang={language}").get_data(as_text=True)
    stamp = re.search(r'name="form_started" type="hidden" value="([^"]+)"', page)
    fields = {"csrf_token": csrf_token(page), "form_started": stamp.group(1),
              "website": "", "council": "", "name": "Anna Asukas", "email": SENDER,
              "page": "Kyselyn toinen sivu", "message": "The date field cannot be used with a screen reader."}
    return {**fields, **overrides}


def test_the_statement_says_what_the_law_asks(client, demo_councils):
    page = client.get("/accessibility").get_data(as_text=True)
    for expected in ("Compliance status", "partially meets the AA level", "Content that is not accessible",
                     "How the service was assessed", "self-assessment", "Give feedback on accessibility",
                     "Supervisory authority", "Traficom", "saavutettavuus@traficom.fi"):
        assert expected in page, expected
    assert "Regional State Administrative Agency" not in page
    assert '<option value="">The service in general</option>' in page
    assert "Rääkkylä local NGO council</option>" in page


def test_feedback_reaches_the_council_and_a_receipt_the_sender_through_smtp(app, client, csrf_token, demo_councils,
                                                                          smtp_server, run_jobs):
    with app.app_context():
        raakkyla = council_by_slug("raakkyla")
        council_id, contact = raakkyla.id, raakkyla.contact_email
    response = client.post("/accessibility", data=_fields(client, csrf_token, "sv", council=str(council_id)))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Tack – din respons har skickats" in page
    assert SENDER in page
    run_jobs()

    [to_council] = smtp_server.to(contact)
    assert to_council["Reply-To"] == SENDER
    text = parts(to_council)["plain"]
    assert "The date field cannot be used with a screen reader." in text and "Anna Asukas" in text
    assert "Kyselyn toinen sivu" in text
    [receipt] = smtp_server.to(SENDER)
    assert '<html lang="sv">' in parts(receipt)["html"]
    assert receipt["Reply-To"] == contact
    assert "The date field cannot be used with a screen reader." in parts(receipt)["plain"]


def test_feedback_about_the_whole_service_goes_to_the_platforms_contact(app, client, csrf_token, demo_councils,
                                                                        smtp_server, run_jobs):
    app.config["PLATFORM_CONTACT_EMAIL"] = "saavutettavuus@yhteisaani.example.fi"
    response = client.post("/accessibility", data=_fields(client, csrf_token))
    assert response.status_code == 200
    assert "Thank you – your feedback has been sent" in response.get_data(as_text=True)
    assert "It went to the service's maintainers." in response.get_data(as_text=True)
    run_jobs()
    assert len(smtp_server.to("saavutettavuus@yhteisaani.example.fi")) == 1
    [receipt] = smtp_server.to(SENDER)
    assert receipt["Subject"] == "We received your accessibility feedback"


def test_missing_feedback_is_shown_beside_its_field_and_nothing_is_sent(app, client, csrf_token, demo_councils):
    response = client.post("/accessibility", data=_fields(client, csrf_token, message="", email="not-an-address"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Write your feedback." in page and "Enter an e-mail address in the form name@example.fi." in page
    assert 'value="Anna Asukas"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_spam_defences_refuse_with_a_message_and_send_nothing(app, client, csrf_token, demo_councils):
    honeypot = client.post("/accessibility", data=_fields(client, csrf_token, website="http://spam.example"))
    assert honeypot.status_code == 400
    assert "Leave this field empty" in honeypot.get_data(as_text=True)

    forged = client.post("/accessibility", data=_fields(client, csrf_token, form_started="shown.forged.x"))
    assert forged.status_code == 400 and "open too long or was incomplete" in forged.get_data(as_text=True)

    app.config["PUBLIC_FORM_MIN_FILL_SECONDS"] = 30
    fast = client.post("/accessibility", data=_fields(client, csrf_token))
    assert fast.status_code == 400 and "faster than a person can fill it in" in fast.get_data(as_text=True)
    app.config["PUBLIC_FORM_MIN_FILL_SECONDS"] = 0

    app.config["RATELIMIT_PUBLIC_FORMS"] = "1 per hour"
    assert client.post("/accessibility", data=_fields(client, csrf_token)).status_code == 200
    limited = client.post("/accessibility", data=_fields(client, csrf_token))
    assert limited.status_code == 429
    assert "The date field cannot be used with a screen reader." in limited.get_data(as_text=True)
    with app.app_context():
        # Only the one accepted feedback: to the platform's contact and the receipt.
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2


def test_an_admin_edits_the_supervisory_authoritys_contact(app, client, staff_client, csrf_token, demo_councils):
    staff = staff_client(ADMIN)
    form = staff.get("/staff/raakkyla/accessibility-authority").get_data(as_text=True)
    assert "Traficom" in form
    response = staff.post("/staff/raakkyla/accessibility-authority", data={
        "csrf_token": csrf_token(form), "text_fi": "Valvova viranomainen: Traficom, uusi osoite.",
        "text_sv": "", "text_en": "Supervisory authority: Traficom, new address."})
    assert response.status_code == 302
    assert "Supervisory authority: Traficom, new address." in client.get("/accessibility").get_data(as_text=True)
    assert "Valvova viranomainen: Traficom, uusi osoite." in client.get("/accessibility?lang=fi").get_data(as_text=True)
    # No Swedish text saved: the built-in one in Swedish.
    assert "Traficom" in client.get("/accessibility?lang=sv").get_data(as_text=True)


def test_receipts_to_one_address_are_limited_whoever_sends_them(app, demo_councils, csrf_token):
    app.config["RATELIMIT_MAIL_PER_RECIPIENT"] = "2 per hour"
    answers = []
    for number in range(3):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{number + 1}"
        answers.append(client.post("/accessibility", data=_fields(client, csrf_token)))
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    page = answers[2].get_data(as_text=True)
    assert "Too many messages have been sent to this e-mail address" in page
    assert "The date field cannot be used with a screen reader." in page
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 4
