"""Public addresses: built from PUBLIC_BASE_URL, never from the request's host, also outside a request."""

from __future__ import annotations

import pytest

from app import create_app
from app.public_urls import public_base_url, public_url


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    # The URL map and configuration only: no database or Redis is touched.
    return create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", REDIS_URL="redis://127.0.0.1:1/0",
                      INSTANCE_DIR=str(tmp_path_factory.mktemp("instance")),
                      PUBLIC_BASE_URL="https://yhteisaani.example/")


def test_public_url_uses_the_base_url_and_not_the_requests_host(app):
    with app.test_request_context("/", base_url="http://internal-host:8000"):
        assert public_url("surveys.start", token="abc") == "https://yhteisaani.example/s/abc"
        assert public_url("surveys.start", council_slug="kainuu", survey_slug="kysely-2026") == (
            "https://yhteisaani.example/kainuu/surveys/kysely-2026")


def test_public_url_works_in_a_job_without_a_request(app):
    with app.app_context():
        assert public_base_url() == "https://yhteisaani.example"
        assert public_url("auth.reset_password", token="t0ken").startswith("https://yhteisaani.example/")
        assert public_url("surveys.resume", council_slug="k", survey_slug="s", resume_token="r") == (
            "https://yhteisaani.example/k/surveys/s/resume/r")


def test_public_url_quotes_values_as_url_for_does(app):
    with app.app_context():
        assert public_url("surveys.start", token="a b") == "https://yhteisaani.example/s/a%20b"
