"""A council's admin answers a person's request on the personal-data page: finds what every channel holds
about the address, hands it over as JSON and PDF, and erases it after a confirmation with the counts.
The address travels only in POST bodies and never reaches the audit log."""

from __future__ import annotations

import io
import json
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import Association, AuditLog, Invitation, OutboxMessage, User
from app.personal_data import PROVIDERS
from tests.fixtures.councils import ADMIN, KAINUU_ADMIN, council_by_slug
from tests.fixtures.personal_data import store_person_everywhere

pytestmark = pytest.mark.usefixtures("english_by_default")

EMAIL = "maija@example.fi"
PAGE = "/staff/{slug}/personal-data/"


@pytest.fixture
def everywhere(app, person_everywhere):
    """The address in every channel of Rääkkylä, and in Kainuu's register, survey and outbox too."""
    held = person_everywhere(EMAIL, "raakkyla")
    with app.app_context():
        kainuu = store_person_everywhere(council_by_slug("kainuu"), EMAIL, tag="-k")
        db.session.commit()
    return held, kainuu


def _search(client, csrf_token, slug, email=EMAIL):
    token = csrf_token(client, PAGE.format(slug=slug))
    response = client.post(PAGE.format(slug=slug), data={"email": email, "csrf_token": token})
    return response, token


def test_a_request_finds_exports_and_erases_across_every_provider(app, staff_client, csrf_token, everywhere):
    held, kainuu = everywhere
    client = staff_client(ADMIN)
    response, token = _search(client, csrf_token, "pohjois-karjala")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "9 records found." in page
    for provider in PROVIDERS.values():
        assert str(provider.label) in page
    assert "Henkilöseura raakkyla ry" in page and "Maija Meikäläinen" in page
    assert "Henkilöseura kainuu-k ry" not in page, "another region's data is shown"
    assert "abcdefghijklmnopqrstu" not in page, "a personal link's token is shown"

    exported = client.post(PAGE.format(slug="pohjois-karjala") + "export",
                           data={"email": EMAIL, "file_format": "json", "csrf_token": token})
    assert exported.status_code == 200 and exported.mimetype == "application/json"
    assert "attachment" in exported.headers["Content-Disposition"]
    document = json.loads(exported.get_data())
    counts = {channel["name"]: len(channel["records"]) for channel in document["channels"]}
    # Every provider finds the address: one record in each channel, two in the surveys.
    assert counts == {**{name: 1 for name in PROVIDERS}, "surveys": 2}
    [association] = next(c for c in document["channels"] if c["name"] == "associations")["records"]
    assert association["council"] == "Rääkkylä local NGO council"
    assert association["fields"]["Contact person"] == "Maija Meikäläinen"

    pdf = client.post(PAGE.format(slug="pohjois-karjala") + "export",
                      data={"email": EMAIL, "file_format": "pdf", "csrf_token": token})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.get_data())).pages)
    assert "Personal data held by" in text
    for expected in ("Association register", "Surveys", "Staff accounts", "Maija Meikäläinen",
                     "Henkilöseura raakkyla ry", "Name of the contact person: Maija Meikäläinen"):
        assert expected in text, expected
    assert "Henkilöseura kainuu-k ry" not in text

    confirm = client.post(PAGE.format(slug="pohjois-karjala") + "erase", data={"email": EMAIL, "csrf_token": token})
    assert confirm.status_code == 200
    confirm_page = confirm.get_data(as_text=True)
    assert "9 records in all" in confirm_page
    with app.app_context():
        assert db.session.get(Association, held.association).email == EMAIL.upper()  # nothing erased yet

    erased = client.post(PAGE.format(slug="pohjois-karjala") + "erase",
                         data={"email": EMAIL, "confirmed": "yes", "csrf_token": token})
    assert erased.status_code == 302 and not urlsplit(erased.headers["Location"]).query
    assert "9 records changed" in client.get(erased.headers["Location"]).get_data(as_text=True)

    again, _ = _search(client, csrf_token, "pohjois-karjala")
    assert "0 records found." in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Association, held.association).email == ""
        assert db.session.get(Invitation, held.invitation).email == ""
        assert db.session.get(OutboxMessage, held.message) is None
        assert db.session.get(User, held.user).is_active_user is False
        # Kainuu's data is not the Pohjois-Karjala admin's to erase.
        assert db.session.get(Association, kainuu.association).email == EMAIL.upper()
        assert db.session.get(OutboxMessage, kainuu.message) is not None

        rows = db.session.scalars(select(AuditLog).where(AuditLog.action.like("personal_data.%"))
                                  .order_by(AuditLog.id)).all()
        assert [row.action for row in rows] == ["personal_data.search", "personal_data.export_json",
                                                 "personal_data.export_pdf", "personal_data.erase",
                                                 "personal_data.search"]
        subjects = {json.loads(row.details_json)["subject"] for row in rows}
        assert len(subjects) == 1
        assert all("maija" not in row.details_json.lower() + row.target.lower() for row in rows)
    audit_page = client.get("/staff/pohjois-karjala/audit/").get_data(as_text=True)
    assert "A person&#39;s data erased" in audit_page


def test_the_address_is_never_read_from_the_url(app, staff_client, everywhere, caplog):
    client = staff_client(ADMIN)
    page = client.get(PAGE.format(slug="pohjois-karjala") + f"?email={EMAIL}").get_data(as_text=True)
    assert 'method="post"' in page and "records found" not in page
    assert client.get(PAGE.format(slug="pohjois-karjala") + "export").status_code == 405
    assert EMAIL not in caplog.text


def test_an_admin_of_kainuu_sees_only_kainuus_data(app, staff_client, csrf_token, everywhere):
    client = staff_client(KAINUU_ADMIN)
    response, _token = _search(client, csrf_token, "kainuu")
    page = response.get_data(as_text=True)
    assert "Henkilöseura kainuu-k ry" in page
    assert "Henkilöseura raakkyla ry" not in page and "Rääkkylä local NGO council" not in page
    # The register, the survey invitation and response, the e-mail, the event registration, the nomination,
    # the proposal and the association agent; the staff account is Rääkkylä's.
    assert "8 records found." in page
    assert client.get(PAGE.format(slug="raakkyla")).status_code == 403


def test_erasing_the_last_admin_is_refused_and_changes_nothing(app, staff_client, csrf_token, demo_councils):
    client = staff_client(ADMIN)
    _response, token = _search(client, csrf_token, "pohjois-karjala", ADMIN)
    refused = client.post(PAGE.format(slug="pohjois-karjala") + "erase",
                          data={"email": ADMIN, "confirmed": "yes", "csrf_token": token})
    assert refused.status_code == 400
    assert f"{ADMIN} is the only admin of" in refused.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == ADMIN))
        assert user.is_active_user and user.memberships
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "personal_data.erase")) is None


def test_an_address_that_is_not_one_is_refused_beside_the_field(app, staff_client, csrf_token, demo_councils):
    client = staff_client(ADMIN)
    response, _token = _search(client, csrf_token, "pohjois-karjala", "not an address")
    assert response.status_code == 400
    assert "Enter an e-mail address in the form name@example.fi." in response.get_data(as_text=True)
