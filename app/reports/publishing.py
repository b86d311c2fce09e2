"""A survey's public results page: publishing it, and the free-text answers staff pick to show on it.

The page (app/reports/views.py) shows aggregates with small counts hidden. Free texts appear on it
only when staff have picked them one by one here, under their question, without anything about
who wrote them, and only while the page is published. Picks are kept while the page is unpublished.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from surveys import SurveyDefinition, text

from app.audit.log import record
from app.errors import DomainError
from app.extensions import db
from app.models import Answer, PublishedText, Response, ResponseStatus, Survey, User
from app.models.base import utcnow
from app.reports.building.aggregation import ResponseFilter, respondent_count
from app.reports.building.questions import CHOICE_TYPES, TEXT_TYPES
from app.staff.access import MANAGING_ROLES, can_act_for
from app.surveys.definitions import definition_for

OTHER = "other"
# Texts listed per question on the staff page; picked texts are listed even beyond it.
LISTED_PER_QUESTION = 500


class ResultsPublishingError(DomainError):
    """The results page cannot be changed as asked."""


@dataclass(frozen=True)
class TextQuestion:
    """A question whose texts may be picked: a free-text question, or a choice question's "Other" texts."""

    key: str
    number: int
    label: str
    is_other: bool

    @property
    def title(self) -> str:
        return f"{self.number}. {self.label}"


@dataclass(frozen=True)
class TextChoice:
    answer_id: int
    text: str
    is_picked: bool


@dataclass(frozen=True)
class TextGroup:
    """One question's submitted texts on the staff page: how many there are, and those listed."""

    question: TextQuestion
    total: int
    choices: list[TextChoice]


@dataclass(frozen=True)
class PickOutcome:
    picked: int
    unpicked: int
    unavailable: int

    @property
    def changed(self) -> bool:
        return bool(self.picked or self.unpicked)


@dataclass(frozen=True)
class PublishedTexts:
    """The picked texts of one question, as the public page shows them."""

    heading: str
    texts: list[str]


def text_questions(definition: SurveyDefinition, language: str) -> list[TextQuestion]:
    """The questions whose answers are texts, numbered as in the report and on the results page."""
    found, number = [], 0
    for question in definition.questions():
        if not question.has_answer:
            continue
        number += 1
        if question.is_personal:
            continue
        label = text(question.label, language)
        if question.type_name in TEXT_TYPES:
            found.append(TextQuestion(question.key, number, label, is_other=False))
        elif question.type_name in CHOICE_TYPES and getattr(question, "other", False):
            found.append(TextQuestion(question.key, number, label, is_other=True))
    return found


def _is_text_answer(questions: Iterable[TextQuestion]):
    free = [q.key for q in questions if not q.is_other]
    others = [q.key for q in questions if q.is_other]
    return and_(
        or_(Answer.question_key.in_(free), and_(Answer.question_key.in_(others), Answer.option == OTHER)),
        Answer.value_text.is_not(None), Answer.value_text != "",
    )


def _submitted_texts(survey: Survey, questions: list[TextQuestion], *columns):
    return (select(*columns).select_from(Answer).join(Response, Response.id == Answer.response_id)
            .where(Answer.survey_id == survey.id, Response.status == ResponseStatus.SUBMITTED,
                   _is_text_answer(questions)))


def _require_staff(user: User | None, survey: Survey) -> None:
    # The view has checked this already; a domain rule holds wherever it is called from.
    if user is None or not can_act_for(user, survey.council, MANAGING_ROLES):
        raise ResultsPublishingError(_l("Only the council's staff may change its results page."))


def submitted_count(survey: Survey) -> int:
    """How many submitted responses the results page would show."""
    return respondent_count(survey.id, ResponseFilter())


def publish_results(survey: Survey, user: User) -> bool:
    """Make the survey's results page public; False when it already was.

    Raises ResultsPublishingError for a survey without a definition, or a user who is not the
    council's (or its regional council's) secretary or admin.
    """
    _require_staff(user, survey)
    if survey.current_version is None:
        raise ResultsPublishingError(_l("The survey has no questions yet, so it has no results to publish."))
    if survey.is_results_public:
        return False
    survey.is_results_public = True
    record("survey.results_publish", council=survey.council_id, target=survey, actor=user)
    db.session.flush()
    return True


def unpublish_results(survey: Survey, user: User) -> bool:
    """Take the results page down (its address answers 404); the picked texts are kept. False when
    it was not public. Raises ResultsPublishingError as publish_results does."""
    _require_staff(user, survey)
    if not survey.is_results_public:
        return False
    survey.is_results_public = False
    record("survey.results_unpublish", council=survey.council_id, target=survey, actor=user)
    db.session.flush()
    return True


def _picked_ids(survey: Survey) -> set[int]:
    return set(db.session.scalars(select(PublishedText.answer_id).where(PublishedText.survey_id == survey.id)))


def text_groups(survey: Survey, definition: SurveyDefinition, language: str,
                limit: int = LISTED_PER_QUESTION) -> list[TextGroup]:
    """Per text question, its submitted texts in response order with whether each is picked.

    The first `limit` texts of each question are listed, and every picked one after them.
    """
    picked = _picked_ids(survey)
    groups = []
    for question in text_questions(definition, language):
        query = _submitted_texts(survey, [question], Answer.id, Answer.value_text).order_by(Answer.response_id,
                                                                                              Answer.id)
        total = db.session.scalar(_submitted_texts(survey, [question], func.count(Answer.id))) or 0
        if not total:
            continue
        rows = list(db.session.execute(query.limit(limit)))
        beyond = picked - {answer_id for answer_id, _text in rows} if total > limit else set()
        if beyond:
            rows += list(db.session.execute(query.where(Answer.id.in_(beyond))))
        groups.append(TextGroup(question, total, [TextChoice(answer_id, value, answer_id in picked)
                                                  for answer_id, value in rows]))
    return groups


def pick_texts(survey: Survey, user: User, picked: Iterable[int], listed: Iterable[int],
               now: datetime | None = None) -> PickOutcome:
    """Show exactly the `picked` texts among those `listed` on the staff page; picks of texts that
    were not listed stay as they are.

    An id that is not a submitted text answer of this survey (the respondent changed it meanwhile,
    or it belongs elsewhere) is left out and counted as unavailable. Raises ResultsPublishingError
    for a user who is not the council's staff.
    """
    _require_staff(user, survey)
    now = now or utcnow()
    wanted = {int(i) for i in picked}
    considered = wanted | {int(i) for i in listed}
    if survey.current_version is None or not considered:
        return PickOutcome(0, 0, len(wanted))
    questions = text_questions(definition_for(survey.current_version), "fi")
    eligible = set(db.session.scalars(_submitted_texts(survey, questions, Answer.id)
                                      .where(Answer.id.in_(considered)))) if questions else set()
    existing = set(db.session.scalars(select(PublishedText.answer_id).where(
        PublishedText.survey_id == survey.id, PublishedText.answer_id.in_(considered))))
    keep = wanted & eligible
    added, removed = keep - existing, existing - keep
    if removed:
        db.session.execute(delete(PublishedText).where(PublishedText.survey_id == survey.id,
                                                       PublishedText.answer_id.in_(removed)))
    if added:
        # Two secretaries picking the same text at once: the unique (survey, answer) decides, quietly.
        insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        db.session.execute(insert(PublishedText).values([
            {"survey_id": survey.id, "answer_id": answer_id, "picked_by_id": user.id, "picked_at": now}
            for answer_id in sorted(added)
        ]).on_conflict_do_nothing(index_elements=["survey_id", "answer_id"]))
    if added or removed:
        record("survey.results_texts", council=survey.council_id, target=survey, actor=user)
    db.session.flush()
    return PickOutcome(len(added), len(removed), len(wanted - eligible))


def published_texts(survey: Survey, definition: SurveyDefinition, language: str) -> dict[str, PublishedTexts]:
    """Question key -> the picked texts of submitted responses, in response order, for the public page.

    Read on every page view, never cached: a pick or a changed answer shows at once.
    """
    questions = text_questions(definition, language)
    if not questions:
        return {}
    rows = db.session.execute(
        _submitted_texts(survey, questions, Answer.question_key, Answer.value_text)
        .join(PublishedText, and_(PublishedText.answer_id == Answer.id, PublishedText.survey_id == survey.id))
        .order_by(Answer.response_id, Answer.id))
    by_key: dict[str, list[str]] = {}
    for key, value in rows:
        by_key.setdefault(key, []).append(value)
    kinds = {q.key: q.is_other for q in questions}
    return {key: PublishedTexts(_("Chosen “Other” answers") if kinds[key] else _("Chosen answers"), texts)
            for key, texts in by_key.items()}

