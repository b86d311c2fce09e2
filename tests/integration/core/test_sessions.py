"""Session cookies: anonymous visitors' sessions stay put, staff sessions are tied to their browser."""


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
