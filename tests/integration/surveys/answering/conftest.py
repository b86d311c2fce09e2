"""Fixtures for the answering tests: a published järjestökysely with an invitation, in the demo data.

Until the shared fixtures (tests/conftest.py + tests/fixtures/services.py) land, the stand-ins of
tests/integration/reports/conftest.py provide `app` (SQLite and PostgreSQL), `client`,
`csrf_token` and `run_jobs` under the same names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from app.extensions import db

SHARED_FIXTURES = (Path(__file__).resolve().parents[3] / "fixtures" / "services.py").exists()

if not SHARED_FIXTURES:
    from tests.integration.reports.conftest import (  # noqa: F401
        app, client, csrf_token, postgres_url, redis_url, run_jobs)

LIBRARY = Path(__file__).resolve().parents[4] / "surveys" / "library" / "jarjestokysely.yaml"


@dataclass
class PublishedSurvey:
    survey_id: int
    token: str
    council_slug: str
    slug: str

    @property
    def invitation_url(self) -> str:
        return f"/s/{self.token}"

    @property
    def open_url(self) -> str:
        return f"/{self.council_slug}/surveys/{self.slug}"


@pytest.fixture
def make_survey(app):
    """Create a järjestökysely for the demo council `raakkyla` with one invitation; returns its ids."""
    from app.demo.loader import load_demo_data
    from app.models import AccessMode, Council, Invitation, Survey, SurveyVersion
    from app.models.base import utcnow
    from app.surveys.tokens import issue_invitation_token
    from surveys import canonical_json, content_hash, load_file

    with app.app_context():
        load_demo_data()
        db.session.commit()
    counter = iter(range(1, 1000))

    def make(access_mode: AccessMode = AccessMode.BOTH, opens_in: timedelta = timedelta(days=-1),
             closes_in: timedelta | None = timedelta(days=30), allows_editing: bool = True,
             email: str = "hallitus@example.fi") -> PublishedSurvey:
        definition = load_file(LIBRARY)
        with app.app_context():
            council = db.session.scalar(db.select(Council).where(Council.slug == "raakkyla"))
            now = utcnow()
            survey = Survey(council=council, slug=f"jarjestokysely-{next(counter)}", title="Järjestökysely",
                            access_mode=access_mode, allows_editing_after_submit=allows_editing,
                            opens_at=now + opens_in, closes_at=now + closes_in if closes_in else None)
            survey.versions.append(SurveyVersion(number=1, definition_json=canonical_json(definition),
                                                 content_hash=content_hash(definition), source_name=LIBRARY.name))
            invitation = Invitation(survey=survey, email=email, language="fi", municipality_code="707",
                                    sector="village", token_hash="", token_nonce="")
            token = issue_invitation_token(invitation)
            db.session.add_all([survey, invitation])
            db.session.commit()
            return PublishedSurvey(survey.id, token, council.slug, survey.slug)

    return make


@pytest.fixture
def answer_page(csrf_token):
    """POST one page as a browser would: read the CSRF token from the page, then send the fields."""
    def post(client, url: str, fields: dict, action: str = "next"):
        page = client.get(url)
        assert page.status_code == 200, page.get_data(as_text=True)[:300]
        data = {"csrf_token": csrf_token(page.get_data(as_text=True)), "action": action, **fields}
        return client.post(url, data=data)

    return post


#: valid answers for each page of the järjestökysely (raw form fields)
PAGES = {
    "basics": {"q_association_name": "Rääkkylän kyläyhdistys ry", "q_home_municipality": "707",
               "q_sector": "village", "q_members": "120", "q_paid_staff": "1.5"},
    "activities": {"q_activity_types": ["events"], "q_operating_area": "own_municipality"},
    "cooperation": {"q_municipal_grant": "no"},
    "needs": {"q_needs": ["premises"], "q_premises_details": "Kokoustila kerran kuussa."},
    "council": {"q_council_interest": "no", "q_register_consent": "no"},
}


def form_values(html: str, name: str) -> list[str]:
    """The values a page shows for a field: text inputs, textareas, checked boxes, selected options."""
    found = re.findall(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"[^>]*>', html)
    checked = [v for v in re.findall(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"[^>]* checked', html)]
    area = re.findall(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>([^<]*)</textarea>', html)
    return checked or area or found


@pytest.fixture(autouse=True)
def english_by_default(app):
    """Browsers without a language choice get English here, so that the tests read the msgids."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
