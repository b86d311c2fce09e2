"""Staff sign-in, sign-out and password change."""

from sqlalchemy import select

from app.extensions import db
from app.models import User


def _post_sign_in(client, csrf_token, email, password, language="en"):
    token = csrf_token(client, f"/staff/sign-in?lang={language}")
    return client.post("/staff/sign-in", data={"email": email, "password": password, "csrf_token": token})


def test_sign_in_with_right_password_opens_staff_pages(client, csrf_token, demo):
    response = _post_sign_in(client, csrf_token, "admin@example.fi", demo)
    assert response.status_code == 302
    page = client.get("/staff/")
    assert "Pohjois-Karjalan järjestöasiain neuvottelukunta JANE" in page.get_data(as_text=True) or (
        "North Karelia NGO Council JANE" in page.get_data(as_text=True)
    )


def test_wrong_password_and_unknown_email_get_the_same_generic_message(client, csrf_token, demo):
    wrong = _post_sign_in(client, csrf_token, "admin@example.fi", "not-the-password").get_data(as_text=True)
    unknown = _post_sign_in(client, csrf_token, "nobody@example.fi", demo).get_data(as_text=True)
    message = "The e-mail address or password is not correct."
    assert message in wrong and message in unknown
    assert 'value="admin@example.fi"' in wrong  # what the user typed is kept


def test_sign_in_message_is_translated_to_finnish(client, csrf_token, demo):
    page = _post_sign_in(client, csrf_token, "admin@example.fi", "wrong", language="fi").get_data(as_text=True)
    assert "Sähköpostiosoite tai salasana on väärin." in page
    assert '<html lang="fi">' in page


def test_empty_fields_show_errors_beside_fields_and_in_summary(client, csrf_token, demo):
    page = _post_sign_in(client, csrf_token, "", "").get_data(as_text=True)
    assert 'href="#email"' in page and 'href="#password"' in page
    assert 'id="email-error"' in page and 'id="password-error"' in page


def test_staff_pages_redirect_to_sign_in_when_signed_out(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_sign_in_without_csrf_token_is_refused(client, demo):
    response = client.post("/staff/sign-in", data={"email": "admin@example.fi", "password": demo})
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302


def test_sign_in_is_rate_limited(app, client, csrf_token, demo):
    statuses = [
        _post_sign_in(client, csrf_token, "admin@example.fi", "wrong").status_code for _ in range(12)
    ]
    assert statuses[0] == 200
    assert statuses[-1] == 429


def test_sign_out_ends_the_session(client, csrf_token, login, demo):
    login(client, "admin@example.fi", demo)
    token = csrf_token(client, "/staff/")
    response = client.post("/staff/sign-out", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


def test_password_change_requires_current_password_and_signs_out_other_sessions(
    app, client, csrf_token, login, demo
):
    other = app.test_client()
    login(other, "admin@example.fi", demo)
    login(client, "admin@example.fi", demo)

    token = csrf_token(client, "/staff/password?lang=en")
    wrong = client.post(
        "/staff/password",
        data={"current_password": "wrong", "new_password": "a new long password", "confirm_password": "a new long password", "csrf_token": token},
    )
    assert "Your current password is not correct." in wrong.get_data(as_text=True)

    short = client.post(
        "/staff/password",
        data={"current_password": demo, "new_password": "short", "confirm_password": "short", "csrf_token": token},
    )
    assert "Use at least 12 characters." in short.get_data(as_text=True)

    done = client.post(
        "/staff/password",
        data={"current_password": demo, "new_password": "a new long password", "confirm_password": "a new long password", "csrf_token": token},
    )
    assert done.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert other.get("/staff/").status_code == 302

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "admin@example.fi"))
        assert user.password_hash.startswith("$argon2id$")
