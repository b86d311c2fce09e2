"""In the production configuration every page forbids framing, keeps the referrer on the site and
tells browsers to use HTTPS only."""

import secrets

from app import create_app


def test_production_pages_carry_the_security_headers(tmp_path):
    app = create_app("production", SECRET_KEY=secrets.token_hex(32), INSTANCE_DIR=str(tmp_path),
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/x.db", REDIS_URL="redis://127.0.0.1:1/0")
    response = app.test_client().get("/staff/sign-in")  # a page that needs no database
    assert response.status_code == 200
    headers = response.headers
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Strict-Transport-Security"].startswith("max-age=") and int(
        headers["Strict-Transport-Security"].split("=")[1].split(";")[0]) >= 180 * 24 * 60 * 60
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
