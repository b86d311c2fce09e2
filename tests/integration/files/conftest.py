"""Fixtures for the file tests: the demo councils and staff, and an open-link survey with formula-like labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.demo.councils import DEMO_PASSWORD
from app.extensions import db

SECRETARY = "sihteeri.raakkyla@example.fi"   # secretary of raakkyla (Rääkkylä, 707)

#: A survey whose staff-written labels look like formulas, for the escaping tests.
FORMULA_SURVEY = """\
key: formula-labels
title: {fi: Kaavakysely, sv: Formelenkät, en: Formula survey}
pages:
  - key: first
    title: {fi: Sivu, sv: Sida, en: Page}
    questions:
      - key: remark
        type: long_text
        label: {fi: "=1+2 Huomio", sv: "=1+2 Anmärkning", en: "=1+2 Remark"}
      - key: kind
        type: single_choice
        other: true
        label: {fi: "@Laji", sv: "@Typ", en: "@Kind"}
        options:
          - value: plain
            label: {fi: "+Tavallinen", sv: "+Vanlig", en: "+Plain"}
          - value: odd
            label: {fi: "-Outo", sv: "-Udda", en: "-Odd"}
"""


@dataclass
class OpenSurvey:
    id: int
    council_slug: str
    slug: str

    @property
    def open_url(self) -> str:
        return f"/{self.council_slug}/surveys/{self.slug}"


@pytest.fixture
def demo(app):
    """The demo councils, associations and staff, without the demo survey."""
    from app.demo.loader import load_demo_data

    with app.app_context():
        load_demo_data(with_surveys=False)
        db.session.commit()


@pytest.fixture
def staff_client(app, demo, login):
    """staff_client(email=SECRETARY): a test client signed in through the real form."""
    def make(email: str = SECRETARY):
        client = app.test_client()
        login(client, email, DEMO_PASSWORD)
        return client
    return make


@pytest.fixture
def open_survey(app, demo):
    """open_survey(source=FORMULA_SURVEY): a survey imported for raakkyla, open now on its open link only."""
    from app.models import AccessMode, Council
    from app.models.base import utcnow
    from app.surveys.publishing import import_definition

    def make(source: str = FORMULA_SURVEY) -> OpenSurvey:
        with app.app_context():
            council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
            survey = import_definition(council, source, "survey.yaml").survey
            survey.access_mode = AccessMode.OPEN
            survey.opens_at = utcnow() - timedelta(days=1)
            survey.closes_at = utcnow() + timedelta(days=30)
            db.session.commit()
            return OpenSurvey(survey.id, council.slug, survey.slug)
    return make


@pytest.fixture
def answer_anonymously(app, csrf_token):
    """answer_anonymously(survey, fields): a new browser answers the survey's one page and submits."""
    def answer(survey: OpenSurvey, fields: dict, page: str = "first") -> None:
        client = app.test_client()
        url = f"{survey.open_url}/page/{page}"
        sent = client.post(url, data={"csrf_token": csrf_token(client, url), "action": "next", **fields})
        assert sent.status_code == 302, sent.get_data(as_text=True)[:500]
        check = f"{survey.open_url}/check"
        done = client.post(check, data={"csrf_token": csrf_token(client, check)})
        assert done.status_code == 302 and done.headers["Location"].endswith("/done"), done.status_code
    return answer


@pytest.fixture(autouse=True)
def english_by_default(app):
    """Browsers without a language choice get English here, so that the tests read the msgids."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
