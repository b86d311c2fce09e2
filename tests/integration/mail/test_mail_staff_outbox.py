"""The staff outbox page: a council's own messages only, newest first, paged, bodies escaped."""

from __future__ import annotations

import re

from app.models import OutboxStatus
from tests.integration.mail.outbox_helpers import set_columns

OUTBOX = "/staff/pohjois-karjala/outbox/"


def test_council_staff_see_only_their_councils_messages_newest_first(app, client, login, demo, write_email):
    older = write_email(to="vanhempi@example.fi", council_slug="pohjois-karjala")
    newer = write_email(to="uudempi@example.fi", council_slug="pohjois-karjala", language="sv")
    write_email(to="lappi@example.fi", council_slug="lappi")
    write_email(to="reset@example.fi")  # a password reset belongs to no council
    set_columns(app, older, status=OutboxStatus.SENT, attempts=1)
    login(client, "admin@example.fi", demo)

    page = client.get(f"{OUTBOX}?lang=fi").get_data(as_text=True)

    assert page.index("uudempi@example.fi") < page.index("vanhempi@example.fi")
    assert "lappi@example.fi" not in page and "reset@example.fi" not in page
    assert "Välj ett nytt lösenord för Yhteisääni" in page  # the subject in the recipient's language
    assert "Lähetetty" in page and "Odottaa" in page
    assert re.search(r"\d{1,2}\.\d{1,2}\.\d{4}", page), "times in the Finnish format"
    assert "instance/outbox/" not in page
    assert client.get(f"{OUTBOX}{newer}").status_code == 200


def test_message_page_shows_the_text_body_escaped(app, client, login, demo, write_email):
    message_id = write_email(council_slug="pohjois-karjala", reset_url="http://localhost/<script>alert(1)</script>")
    login(client, "admin@example.fi", demo)

    page = client.get(f"{OUTBOX}{message_id}?lang=en").get_data(as_text=True)

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "vastaanottaja@example.fi" in page


def test_message_page_shows_the_text_of_a_message_its_job_has_not_composed_yet(app, client, login, demo,
                                                                             write_email):
    message_id = write_email(council_slug="pohjois-karjala", compose_in_job=True,
                             reset_url="http://localhost/staff/password-reset/abcdefghijkl")
    login(client, "admin@example.fi", demo)

    page = client.get(f"{OUTBOX}{message_id}?lang=en").get_data(as_text=True)
    listed = client.get(f"{OUTBOX}?lang=en").get_data(as_text=True)

    assert "Valitse uusi salasana Yhteisääneen" in page and "Hei," in page
    assert "/staff/password-reset/•••••" in page and "abcdefghijkl" not in page  # the link masked
    assert "Valitse uusi salasana Yhteisääneen" in listed  # the subject, rendered from the message's context


def test_other_regions_staff_and_reviewers_are_refused(app, client, login, demo, write_email):
    message_id = write_email(council_slug="pohjois-karjala")
    login(client, "sihteeri.lappi@example.fi", demo)
    assert client.get(OUTBOX).status_code == 403
    assert client.get(f"{OUTBOX}{message_id}").status_code == 403
    # Through their own council's address a foreign message is simply not there.
    assert client.get(f"/staff/lappi/outbox/{message_id}").status_code == 404

    reviewer = app.test_client()
    login(reviewer, "arvioija.lappi@example.fi", demo)
    assert reviewer.get("/staff/lappi/outbox/").status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(client, demo):
    response = client.get(OUTBOX)
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


def test_long_outbox_is_paged(app, client, login, demo, write_email):
    ids = [write_email(to=f"r{number}@example.fi", council_slug="raakkyla") for number in range(51)]
    login(client, "sihteeri.raakkyla@example.fi", demo)

    first = client.get("/staff/raakkyla/outbox/?lang=en").get_data(as_text=True)
    second = client.get("/staff/raakkyla/outbox/?lang=en&page=2").get_data(as_text=True)

    assert "Page 1 of 2" in first and "r50@example.fi" in first and "r0@example.fi" not in first
    assert "r0@example.fi" in second and "r50@example.fi" not in second
    assert len(ids) == 51


def test_development_mode_says_where_mail_goes(app, client, login, demo):
    app.config["MAIL_BACKEND"] = "file"
    login(client, "admin@example.fi", demo)
    page = client.get(f"{OUTBOX}?lang=en").get_data(as_text=True)
    assert "instance/outbox/" in page
