"""Surveys, invitations and submitted responses for the report tests, written as the app stores them."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from surveys import Selection, answers_to_rows, canonical_json, content_hash, load_file

from app.extensions import db
from app.models import Answer, Invitation, Response, ResponseStatus, Survey, SurveyVersion

LIBRARY = Path(__file__).resolve().parents[3] / "surveys" / "library"


def make_survey(council, definition=None, slug: str = "jarjestokysely", public: bool = False) -> Survey:
    """A survey with one version of `definition` (default: the shipped järjestökysely)."""
    definition = definition or load_file(LIBRARY / "jarjestokysely.yaml")
    survey = Survey(council_id=council.id, slug=slug, title=definition.title.fi, is_results_public=public,
                    opens_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    survey.versions.append(SurveyVersion(number=1, definition_json=canonical_json(definition),
                                         content_hash=content_hash(definition), source_name="test"))
    db.session.add(survey)
    db.session.flush()
    return survey


def invite(survey, municipality: str | None = None, sector: str | None = None) -> Invitation:
    invitation = Invitation(survey_id=survey.id, email=f"{secrets.token_hex(4)}@example.fi",
                            municipality_code=municipality, sector=sector,
                            token_hash=secrets.token_hex(32), token_nonce=secrets.token_hex(8))
    db.session.add(invitation)
    db.session.flush()
    return invitation


def add_response(survey, definition, answers: dict, municipality: str | None = None, sector: str | None = None,
                 submitted_at: datetime | None = None, invitation=None, status=ResponseStatus.SUBMITTED) -> Response:
    response = Response(survey_id=survey.id, version_id=survey.current_version.id, status=status,
                        municipality_code=municipality, sector=sector, invitation_id=invitation.id if invitation else None,
                        submitted_at=submitted_at or datetime(2026, 3, 1, 12, tzinfo=timezone.utc))
    db.session.add(response)
    db.session.flush()
    for row in answers_to_rows(definition, answers):
        db.session.add(Answer(response_id=response.id, survey_id=survey.id, question_key=row.question_key,
                              option=row.option, row=row.row, value_text=row.value_text,
                              value_number=float(row.value_number) if row.value_number is not None else None))
    db.session.flush()
    return response


def basic_answers(**overrides) -> dict:
    """A valid järjestökysely answer set; override any question by key."""
    answers = {
        "association_name": "Testiseura ry",
        "home_municipality": "707",
        "sector": Selection(("sports",)),
        "members": Decimal(120),
        "paid_staff": Decimal("1.5"),
        "activity_types": Selection(("leisure", "events")),
        "target_groups": Selection(("young_people",)),
        "continuity": 4,
        "cooperation_views": {"municipality_knows": 4, "premises_support": 2},
        "municipal_grant": False,
        "needs": Selection(("premises", "funding")),
        "top_needs": ("funding", "premises"),
        "council_interest": False,
        "register_consent": True,
    }
    answers.update(overrides)
    return answers
