"""Fixtures for the survey staff tests: demo councils and staff, signed-in clients, surveys and responses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.demo.councils import DEMO_PASSWORD
from app.extensions import db

LIBRARY = Path(__file__).resolve().parents[4] / "surveys" / "library" / "jarjestokysely.yaml"
ADMIN = "admin@example.fi"          # admin of pohjois-karjala: reaches outokumpu and raakkyla
KAINUU_ADMIN = "sihteeri.kainuu@example.fi"


@pytest.fixture(autouse=True)
def english_by_default(app):
    """Browsers without a language choice get English here, so that the tests read the msgids."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


@pytest.fixture
def demo(app):
    """The demo councils, associations and staff, without the demo survey."""
    from app.demo.loader import load_demo_data

    with app.app_context():
        load_demo_data(with_surveys=False)
        db.session.commit()


@pytest.fixture
def staff_client(app, demo, login):
    """signed_in(email=ADMIN): a test client signed in through the real form."""
    def make(email: str = ADMIN):
        client = app.test_client()
        login(client, email, DEMO_PASSWORD)
        return client
    return make


@pytest.fixture
def post_form(csrf_token):
    """GET a page, read its CSRF token, POST the fields to `action` (default: the same URL)."""
    def post(client, url: str, fields: dict, action: str | None = None, **kwargs):
        page = client.get(url)
        assert page.status_code in (200, 400), page.status_code
        data = {"csrf_token": csrf_token(page.get_data(as_text=True)), **fields}
        return client.post(action or url, data=data, **kwargs)
    return post


@dataclass
class MadeSurvey:
    id: int
    council_slug: str

    def url(self, rest: str = "") -> str:
        return f"/staff/{self.council_slug}/surveys/{self.id}/{rest}"


@pytest.fixture
def make_survey(app, demo):
    """A järjestökysely imported for a council, open now (by default) with the given settings."""
    from app.models import AccessMode, Council
    from app.models.base import utcnow
    from app.surveys.publishing import import_definition

    def make(council_slug: str = "outokumpu", *, anonymous: bool = False, open_now: bool = True,
             access_mode: AccessMode = AccessMode.BOTH) -> MadeSurvey:
        with app.app_context():
            council = db.session.scalar(select(Council).where(Council.slug == council_slug))
            survey = import_definition(council, LIBRARY.read_text(encoding="utf-8"), LIBRARY.name).survey
            if open_now:
                survey.opens_at = utcnow() - timedelta(days=1)
                survey.closes_at = utcnow() + timedelta(days=30)
            survey.access_mode = access_mode
            survey.is_anonymous = anonymous
            db.session.commit()
            return MadeSurvey(survey.id, council_slug)

    return make


@pytest.fixture
def invite(app):
    """Create invitations (not sent) for associations of the survey's council; returns their ids."""
    from app.models import Survey
    from app.surveys.invitations import RecipientChoice, choose_recipients, create_invitations

    def make(survey: MadeSurvey, **choice) -> None:
        with app.app_context():
            record = db.session.get(Survey, survey.id)
            chosen = RecipientChoice(choice.pop("mode", "all"), **choice)
            create_invitations(record, choose_recipients(record.council_id, chosen))
            db.session.commit()

    return make


@pytest.fixture
def add_response(app):
    """A response through the engine's storage rows, for an invitation or the open link."""
    from app.models import Answer, Invitation, Response, ResponseStatus, Survey
    from app.models.base import utcnow
    from app.surveys.definitions import definition_for
    from surveys import answers_to_rows

    def make(survey: MadeSurvey, answers: dict, *, invitation_id: int | None = None, submitted: bool = True,
             language: str = "fi") -> int:
        with app.app_context():
            record = db.session.get(Survey, survey.id)
            version = record.current_version
            invitation = db.session.get(Invitation, invitation_id) if invitation_id else None
            response = Response(survey_id=record.id, version_id=version.id, invitation_id=invitation_id,
                                status=ResponseStatus.SUBMITTED if submitted else ResponseStatus.DRAFT,
                                language=language, submitted_at=utcnow() if submitted else None,
                                municipality_code=invitation.municipality_code if invitation else None,
                                sector=invitation.sector if invitation else None)
            db.session.add(response)
            db.session.flush()
            for row in answers_to_rows(definition_for(version), answers):
                db.session.add(Answer(response_id=response.id, survey_id=record.id, question_key=row.question_key,
                                      option=row.option, row=row.row, value_text=row.value_text,
                                      value_number=None if row.value_number is None else float(row.value_number)))
            db.session.commit()
            return response.id

    return make


@pytest.fixture
def invitation_ids(app):
    """The survey's invitation ids (optionally only those of associations in a municipality)."""
    from app.models import Invitation

    def read(survey: MadeSurvey, municipality_code: str | None = None) -> list[int]:
        with app.app_context():
            query = select(Invitation.id).where(Invitation.survey_id == survey.id).order_by(Invitation.id)
            if municipality_code:
                query = query.where(Invitation.municipality_code == municipality_code)
            return list(db.session.scalars(query))

    return read
