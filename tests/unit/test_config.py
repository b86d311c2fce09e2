"""The app refuses to start in production without a real secret key."""

import pytest

from app import create_app


def test_production_refuses_default_secret_key(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY="development-only-secret", INSTANCE_DIR=str(tmp_path),
                   SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/x.db")


def test_production_refuses_missing_secret_key(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY="", INSTANCE_DIR=str(tmp_path),
                   SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/x.db")


def test_production_starts_with_a_real_secret_key(tmp_path):
    app = create_app("production", SECRET_KEY="x" * 40, INSTANCE_DIR=str(tmp_path),
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/x.db")
    assert app.config["SESSION_COOKIE_SECURE"] is True
