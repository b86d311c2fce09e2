"""Sign-in against an attacker: no timing difference between known and unknown addresses, no redirect
off the site after signing in, and a short, capped backoff per account."""

import statistics
import time
from urllib.parse import urlsplit

import pytest

from app.auth import accounts, backoff
from app.extensions import db

# Heavier than the test suite's hashing parameters, so that one Argon2 hash stands out above the noise.
TIMED_HASH_PARAMETERS = {"time_cost": 2, "memory_cost": 32768, "parallelism": 1}


def test_an_unknown_address_costs_the_same_time_as_a_known_one_with_a_wrong_password(app):
    app.config["PASSWORD_HASH_PARAMETERS"] = TIMED_HASH_PARAMETERS
    with app.app_context():
        accounts.create_user("tunnettu@example.fi", "the right password 2026")
        db.session.commit()
        accounts.authenticate("nobody@example.fi", "warm-up")  # the first call may build what it reuses
        known, unknown = [], []
        for attempt in range(9):
            for email, timings in (("tunnettu@example.fi", known), (f"nobody{attempt}@example.fi", unknown)):
                started = time.perf_counter()
                assert accounts.authenticate(email, "a wrong password") is None
                timings.append(time.perf_counter() - started)
                db.session.rollback()
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.6 < ratio < 1.5, f"unknown {statistics.median(unknown):.3f} s, known {statistics.median(known):.3f} s"


def _sign_in(app, csrf_token, email, password, next_url=None, address="127.0.0.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    url = "/staff/sign-in?lang=en" + (f"&next={next_url}" if next_url is not None else "")
    token = csrf_token(client, url)
    return client, client.post(url, data={"email": email, "password": password, "csrf_token": token})


def _browser_reading(location: str) -> tuple[str, str]:
    """(host, path) of a Location as a browser reads it: tabs and newlines dropped, \\ taken as /."""
    cleaned = location.strip("".join(chr(c) for c in range(0x21)))
    cleaned = cleaned.replace("\t", "").replace("\r", "").replace("\n", "").replace("\\", "/")
    parts = urlsplit(cleaned)
    return parts.netloc, parts.path


#: next= values (as typed in the query string) that tried to leave the site
BYPASSES = [
    "/%09/127.0.0.1:5999/landed", "//evil.example/", "///evil.example/", "/\\evil.example/",
    "\\/evil.example/", "%5C%5Cevil.example/", "/%5Cevil.example/", "%2F%2Fevil.example/",
    "/%0D%0A/evil.example/", "%09//evil.example/", "%20//evil.example/", "%00//evil.example/",
    "https://evil.example/", "http:evil.example", "javascript:alert(1)", "//evil.example@localhost/",
    "https:/\\evil.example/", "/%0A%0D/%09/evil.example/", "evil.example", "//%09/evil.example/",
]


def test_sign_in_never_redirects_off_the_site(app, csrf_token, demo):
    for number, bypass in enumerate(BYPASSES):
        _, response = _sign_in(app, csrf_token, "admin@example.fi", demo, bypass, address=f"10.1.0.{number}")
        assert response.status_code == 302, bypass
        host, path = _browser_reading(response.headers["Location"])
        assert host in ("", "localhost") and path.startswith("/") and not path.startswith("//"), (
            f"{bypass} -> {response.headers['Location']}")


def test_sign_in_goes_on_to_the_page_asked_for(app, csrf_token, demo):
    client, response = _sign_in(app, csrf_token, "admin@example.fi", demo, "/staff/raakkyla/associations/?page=2")
    assert response.headers["Location"] == "/staff/raakkyla/associations/?page=2"


def test_wrong_passwords_for_one_account_pause_it_briefly_then_the_right_password_works(app, csrf_token, demo):
    app.config.update(SIGN_IN_BACKOFF_AFTER=3, SIGN_IN_BACKOFF_SECONDS=1.5, SIGN_IN_BACKOFF_MAX_SECONDS=3)
    # Each try from another address: the per-address limit is not what stops them.
    for number in range(3):
        _, wrong = _sign_in(app, csrf_token, "admin@example.fi", "wrong password", address=f"10.2.0.{number}")
        assert "The e-mail address or password is not correct." in wrong.get_data(as_text=True)
    client, paused = _sign_in(app, csrf_token, "admin@example.fi", demo, address="10.2.1.1")
    assert paused.status_code == 429
    assert "Too many wrong passwords were given for this e-mail address." in paused.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302

    time.sleep(1.6)
    client, signed_in = _sign_in(app, csrf_token, "admin@example.fi", demo, address="10.2.1.2")
    assert signed_in.status_code == 302 and client.get("/staff/").status_code == 200


def test_an_unknown_address_is_paused_like_a_known_one(app, csrf_token, demo):
    app.config.update(SIGN_IN_BACKOFF_AFTER=2, SIGN_IN_BACKOFF_SECONDS=30)
    answers = {}
    for email in ("admin@example.fi", "nobody@example.fi"):
        for number in range(2):
            _sign_in(app, csrf_token, email, "wrong password", address=f"10.3.{len(answers)}.{number}")
        _, paused = _sign_in(app, csrf_token, email, "wrong password", address=f"10.3.{len(answers)}.9")
        answers[email] = (paused.status_code, "Too many wrong passwords" in paused.get_data(as_text=True))
    assert answers["admin@example.fi"] == answers["nobody@example.fi"] == (429, True)


@pytest.mark.parametrize("failures", [5, 12, 60])
def test_the_pause_never_grows_past_its_cap(app, failures):
    app.config.update(SIGN_IN_BACKOFF_AFTER=5, SIGN_IN_BACKOFF_SECONDS=30, SIGN_IN_BACKOFF_MAX_SECONDS=300)
    with app.app_context():
        for _ in range(failures):
            backoff.record_failure("admin@example.fi")
        assert 0 < backoff.seconds_to_wait("Admin@Example.fi ") <= 300
