"""A session cookie a worker has verified once is read again without its signature checked, and is refused as
Flask's own session refuses it: too old, forged, or signed with a key no longer in use."""

import time

from flask import Flask, jsonify, request, session

from app import sessions
from app.sessions import SignedCookieSessions

KEY = "k" * 40


def _app() -> Flask:
    app = Flask(__name__)
    app.secret_key = KEY
    app.session_interface = SignedCookieSessions()

    @app.post("/write")
    def write():
        session["csrf_token"], session["ids"] = request.args.get("token", "secret"), [1, 2]
        return ""

    @app.get("/read")
    def read():
        response = jsonify(dict(session))
        if "ids" in session:
            session["ids"].append(99)  # changed in place (and not saved): must not reach the next request
        return response

    return app


def _cookie(app: Flask, token: str = "secret") -> str:
    client = app.test_client()
    client.post("/write", query_string={"token": token})
    return client.get_cookie("session").value


def _read(app: Flask, cookie: str) -> dict:
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client.get("/read").get_json()


def test_a_cookie_read_again_gives_its_values_in_new_objects_each_time():
    app = _app()
    cookie = _cookie(app)
    assert _read(app, cookie) == {"csrf_token": "secret", "ids": [1, 2]}
    assert _read(app, cookie) == {"csrf_token": "secret", "ids": [1, 2]}
    assert len(app.session_interface._verified.values) == 1  # the second read used the kept verification


def test_a_verified_cookie_past_its_age_is_refused(monkeypatch):
    app = _app()
    cookie = _cookie(app)
    assert _read(app, cookie)["csrf_token"] == "secret"
    lifetime = app.permanent_session_lifetime.total_seconds()
    monkeypatch.setattr(sessions.time, "time", lambda: time.time_ns() / 1e9 + lifetime + 5)
    assert _read(app, cookie) == {}
    monkeypatch.setattr(sessions.time, "time", lambda: time.time_ns() / 1e9 - 5)  # signed "in the future"
    assert _read(app, cookie) == {}


def test_a_forged_cookie_beside_a_verified_one_is_refused():
    app = _app()
    cookie = _cookie(app)
    assert _read(app, cookie)["csrf_token"] == "secret"
    # A character inside the signature (the last one's low bits are not part of it in base64).
    forged = cookie[:-5] + ("A" if cookie[-5] != "A" else "B") + cookie[-4:]
    assert _read(app, forged) == {}
    assert _read(app, cookie)["csrf_token"] == "secret"


def test_a_cookie_verified_under_an_old_key_is_refused_once_the_key_changes():
    app = _app()
    cookie = _cookie(app)
    assert _read(app, cookie)["csrf_token"] == "secret"
    app.secret_key = "n" * 40
    assert _read(app, cookie) == {}
    app.config["SECRET_KEY_FALLBACKS"] = [KEY]  # a rotation that still accepts the old key reads it
    assert _read(app, cookie)["csrf_token"] == "secret"


def test_the_kept_cookies_stay_within_their_characters(monkeypatch):
    monkeypatch.setattr(sessions, "VERIFIED_CHARACTERS_MAX", 600)
    app = _app()
    cookies = {token: _cookie(app, token) for token in ("a" * 40, "b" * 40, "c" * 40, "d" * 40, "e" * 40, "f" * 40)}
    for token, cookie in cookies.items():
        assert _read(app, cookie)["csrf_token"] == token
    kept = app.session_interface._verified
    assert 0 < kept.size <= 600 and 0 < len(kept.values) < len(cookies)
    for token, cookie in cookies.items():  # the ones dropped are checked again
        assert _read(app, cookie)["csrf_token"] == token
