"""Demo surveys: the järjestökysely published for Outokumpu, invitations and submitted answers (idempotent)."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import (AccessMode, Answer, Association, Council, Invitation, Response, ResponseStatus, Survey)
from app.models.base import utcnow
from app.reference.municipalities import all_municipalities
from app.surveys.definitions import definition_for
from app.surveys.invitations import RecipientChoice, choose_recipients, create_invitations
from app.surveys.publishing import LIBRARY_DIR, import_definition
from surveys import (AnswerContext, Question, Selection, SurveyDefinition, answers_to_rows, prune_hidden,
                     validate_all, visible_questions)

DEMO_COUNCIL = "outokumpu"
DEMO_RESPONSES = 15
_COMMENTS = ["Kokoontumistiloista on pulaa iltaisin.", "Toivomme lisää yhteistyötä koulujen kanssa.",
             "Hallitukseen on vaikea saada uusia jäseniä.", "Avustushakemusten tekoon kaivataan neuvontaa."]


def load_demo_surveys(by_slug: dict[str, Council]) -> dict[str, int]:
    """Publish the järjestökysely for Outokumpu with invitations and ~15 submitted responses, once."""
    added = {"surveys": 0, "invitations": 0, "responses": 0}
    council = by_slug.get(DEMO_COUNCIL)
    if council is None:
        return added
    exists = db.session.scalar(select(Survey.id).where(Survey.council_id == council.id,
                                                        Survey.slug == "jarjestokysely"))
    if exists is not None:
        return added
    source = (LIBRARY_DIR / "jarjestokysely.yaml").read_text(encoding="utf-8")
    survey = import_definition(council, source, "jarjestokysely.yaml").survey
    now = utcnow().replace(second=0, microsecond=0)
    survey.opens_at = now - dt.timedelta(days=7)
    survey.closes_at = now + dt.timedelta(days=30)
    survey.access_mode = AccessMode.BOTH
    added["surveys"] = 1

    outcome = create_invitations(survey, choose_recipients(council.id, RecipientChoice("all")))
    added["invitations"] = outcome.created
    for invitation in db.session.scalars(select(Invitation).where(Invitation.survey_id == survey.id)):
        invitation.sent_at = survey.opens_at

    rng = random.Random(309)
    definition = definition_for(survey.current_version)
    invited = list(db.session.scalars(
        select(Invitation).where(Invitation.survey_id == survey.id).order_by(Invitation.id)))
    for invitation in rng.sample(invited, min(DEMO_RESPONSES, len(invited))):
        association = db.session.get(Association, invitation.association_id) if invitation.association_id else None
        answers = _demo_answers(definition, association, rng)
        submitted_at = survey.opens_at + dt.timedelta(hours=rng.randint(2, 24 * 6))
        response = Response(survey_id=survey.id, version_id=survey.current_version.id, invitation_id=invitation.id,
                            status=ResponseStatus.SUBMITTED, language=invitation.language,
                            municipality_code=invitation.municipality_code, sector=invitation.sector,
                            created_at=submitted_at - dt.timedelta(minutes=12), submitted_at=submitted_at)
        db.session.add(response)
        db.session.flush()
        for row in answers_to_rows(definition, answers):
            db.session.add(Answer(response_id=response.id, survey_id=survey.id, question_key=row.question_key,
                                  option=row.option, row=row.row, value_text=row.value_text,
                                  value_number=None if row.value_number is None else float(row.value_number)))
        added["responses"] += 1
    db.session.flush()
    return added


def _demo_answers(definition: SurveyDefinition, association: Association | None, rng: random.Random) -> dict[str, Any]:
    """Plausible answers for every question the respondent would see, checked by the engine."""
    answers: dict[str, Any] = {}
    for page in definition.pages:
        for question in page.questions:
            if not question.has_answer:
                continue
            if question.key not in {q.key for q in visible_questions(definition, answers)}:
                continue
            if not question.required and rng.random() < 0.15:
                continue
            answers[question.key] = _demo_value(question, association, rng)
    context = AnswerContext(municipalities=all_municipalities())
    # Anything the engine rejects is left unanswered rather than stored invalid.
    for errors in validate_all(definition, answers, context).values():
        for field in errors:
            answers.pop(field.removeprefix("q_").split("__")[0], None)
    return prune_hidden(definition, answers)


def _demo_value(question: Question, association: Association | None, rng: random.Random) -> Any:
    kind = question.type_name
    if kind == "short_text":
        return association.name if association and "name" in question.key else "Aino Esimerkki"
    if kind == "long_text":
        return rng.choice(_COMMENTS)
    if kind == "email":
        return "yhteys@example.fi"
    if kind == "number":
        low = int(question.min or 0)
        high = min(int(question.max) if question.max is not None else 200, low + 200)
        value = Decimal(rng.randint(low, high))
        if "staff" in question.key:
            value = Decimal(rng.choice(["0", "0", "0.5", "1", "2.5"]))
        return value
    if kind == "date":
        low = question.min or dt.date(1950, 1, 1)
        high = min(question.max or dt.date.today(), dt.date.today())
        return low + dt.timedelta(days=rng.randint(0, (high - low).days))
    if kind == "single_choice":
        return Selection((rng.choice(question.options).value,))
    if kind == "multiple_choice":
        low = max(question.min_selections or 1, 1)
        high = min(question.max_selections or 3, len(question.options), 3)
        chosen = set(rng.sample([o.value for o in question.options], rng.randint(low, max(low, high))))
        return Selection(tuple(o.value for o in question.options if o.value in chosen))
    if kind == "yes_no":
        return rng.random() < 0.5
    if kind == "likert":
        return rng.randint(1, len(question.scale))
    if kind == "matrix":
        return {row.key: rng.randint(1, len(question.scale)) for row in question.rows}
    if kind == "ranking":
        values = [o.value for o in question.options]
        rng.shuffle(values)
        return tuple(values[:question.top or len(values)])
    if kind == "municipality":
        return association.municipality_code if association else "309"
    return None
