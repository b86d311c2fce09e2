"""Session cookies: anonymous visitors' sessions stay put; staff sessions are tied to their browser,
renewed at sign-in, ended on the server at sign-out and after an idle time."""

import time

from sqlalchemy import select

from app.auth.sessions import LAST_SEEN
from app.extensions import db
from app.models import User


def test_an_anonymous_session_is_sent_once_not_with_every_page(client):
    first = client.get("/staff/sign-in")
    assert any(c.startswith("session=") for c in first.headers.getlist("Set-Cookie"))  # the CSRF token
    again = client.get("/staff/sign-in")
    assert again.status_code == 200
    assert again.headers.getlist("Set-Cookie") == []


def test_a_staff_session_used_from_another_browser_is_signed_out(client, login, demo):
    login(client, "admin@example.fi", demo)
    assert client.get("/staff/").status_code == 200
    stolen = client.get("/staff/", headers={"User-Agent": "Another browser/1.0"})
    assert stolen.status_code == 302 and "/staff/sign-in" in stolen.headers["Location"]


def test_a_cookie_saved_before_sign_out_opens_no_staff_page_afterwards(app, client, login, csrf_token, demo):
    login(client, "admin@example.fi", demo)
    assert client.get("/staff/pohjois-karjala/").status_code == 200
    saved = client.get_cookie("session").value
    signed_out = client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/")})
    assert signed_out.status_code == 302

    replayed = app.test_client()
    replayed.set_cookie("session", saved)
    for url in ("/staff/", "/staff/pohjois-karjala/", "/staff/pohjois-karjala/associations/"):
        response = replayed.get(url)
        assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"], url


def test_a_session_left_unused_past_the_idle_time_is_signed_out(app, client, login, demo):
    app.config["SESSION_IDLE_MINUTES"] = 30
    login(client, "admin@example.fi", demo)
    with client.session_transaction() as session:
        session[LAST_SEEN] = time.time() - 29 * 60
    assert client.get("/staff/").status_code == 200  # used within the idle time: still signed in
    with client.session_transaction() as session:
        assert session[LAST_SEEN] > time.time() - 60  # and the idle time starts again
        session[LAST_SEEN] = time.time() - 31 * 60
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]
    assert client.get("/staff/").status_code == 302


def test_a_csrf_token_from_before_sign_in_no_longer_works_after_it(app, client, csrf_token, demo):
    planted = csrf_token(client, "/staff/sign-in")  # what an attacker who set this cookie would know
    signed_in = client.post("/staff/sign-in", data={"email": "admin@example.fi", "password": demo,
                                                    "csrf_token": planted})
    assert signed_in.status_code == 302
    new_password = "an attacker's password"
    forged = client.post("/staff/password", data={"current_password": demo, "new_password": new_password,
                                                  "confirm_password": new_password, "csrf_token": planted})
    assert forged.status_code == 400
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "admin@example.fi"))
        assert user.session_version == 1  # the password did not change
    assert client.get("/staff/").status_code == 200  # the real session goes on


def test_sign_in_keeps_the_chosen_language(client, login, demo):
    client.get("/staff/sign-in?lang=sv")
    login(client, "admin@example.fi", demo)
    assert '<html lang="sv">' in client.get("/staff/").get_data(as_text=True)
