"""The app refuses to start in production without a real secret key: 32 random bytes or more."""

import secrets

import pytest

from app import create_app


def _production(tmp_path, secret_key):
    return create_app("production", SECRET_KEY=secret_key, INSTANCE_DIR=str(tmp_path),
                      SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/x.db")


@pytest.mark.parametrize("secret_key", [
    "",
    None,
    "development-only-secret",
    "testing-secret",
    "x",
    "a-short-but-mixed-Key-9!",
    "x" * 40,
    "ab" * 32,
    "changeme-changeme-changeme-changeme",
    "CHANGEME",
], ids=["empty", "none", "default", "testing", "one-char", "short", "repeated-char", "repeated-pair",
        "repeated-word", "known-word"])
def test_production_refuses_a_missing_short_or_obvious_secret_key(tmp_path, secret_key):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        _production(tmp_path, secret_key)


@pytest.mark.parametrize("secret_key", [
    secrets.token_hex(32), secrets.token_urlsafe(32), secrets.token_bytes(32),
], ids=["hex", "urlsafe", "bytes"])
def test_production_starts_with_32_random_bytes(tmp_path, secret_key):
    app = _production(tmp_path, secret_key)
    assert app.config["SESSION_COOKIE_SECURE"] is True
