"""The app a test process shares between its tests (tests/fixtures/app.py) comes to each test as create_app made
it: what one test changed in its settings or left in its extensions never reaches the next."""

from __future__ import annotations

from app.extensions import limiter
from tests.fixtures.app import _MADE_APPS


def test_the_next_test_gets_the_settings_as_made_and_no_kept_pages(app, client, tmp_path):
    made = _MADE_APPS[app.config["SQLALCHEMY_DATABASE_URI"]]
    assert made.app is app
    fill_seconds = app.config["PUBLIC_FORM_MIN_FILL_SECONDS"]
    time_cost = app.config["PASSWORD_HASH_PARAMETERS"]["time_cost"]
    app.config["PUBLIC_FORM_MIN_FILL_SECONDS"] = 60
    app.config["PASSWORD_HASH_PARAMETERS"]["time_cost"] = time_cost + 4  # changed in place
    assert client.get("/").status_code == 200
    added = set(app.extensions) - made.extensions
    assert "kept_pages" in added  # the front page was kept

    again = made.as_made(tmp_path / "next-instance")

    assert again is app
    assert app.config["PUBLIC_FORM_MIN_FILL_SECONDS"] == fill_seconds
    assert app.config["PASSWORD_HASH_PARAMETERS"]["time_cost"] == time_cost
    assert app.config["INSTANCE_DIR"] == str(tmp_path / "next-instance") and (tmp_path / "next-instance").is_dir()
    assert not added & set(app.extensions)
    assert limiter.storage.check()  # the rate limiter counts in the test's Redis again
