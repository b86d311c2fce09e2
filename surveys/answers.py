"""Answering a survey: visibility, page normalisation, final validation, storage rows."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .conditions import evaluate, is_answered, questions_read
from .definition import Page, SurveyDefinition
from .errors import AnswerError
from .types.base import Question, Raw
from .values import AnswerContext, AnswerRow


@dataclass(frozen=True)
class PageResult:
    """The outcome of normalising one page.

    ``values`` maps question key -> value for visible, answered, valid questions;
    ``errors`` maps a field name (``q_<key>`` or a sub-field such as
    ``q_<key>__other``) -> :class:`AnswerError`; ``visible`` is False for a hidden page.
    """

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, AnswerError] = field(default_factory=dict)
    visible: bool = True

    @property
    def is_valid(self) -> bool:
        """True when the page has no errors."""
        return not self.errors


def _walk(definition: SurveyDefinition, answers: Mapping[str, Any],
          ) -> Iterable[tuple[Page, bool, Question | None, bool]]:
    """Yield (page, page visible, question, question visible) in order.

    Conditions see only answers of questions already found visible, so an answer to a
    hidden question reads as unanswered.
    """
    seen: dict[str, Any] = {}
    for page in definition.pages:
        page_visible = page.show_if is None or evaluate(page.show_if, seen)
        yield page, page_visible, None, page_visible
        for question in page.questions:
            visible = page_visible and (question.show_if is None
                                        or evaluate(question.show_if, seen))
            if visible and question.key in answers:
                seen[question.key] = answers[question.key]
            yield page, page_visible, question, visible


def visible_pages(definition: SurveyDefinition, answers: Mapping[str, Any]) -> list[Page]:
    """The pages whose show_if holds for ``answers`` (question key -> value)."""
    return [page for page, _, question, visible in _walk(definition, answers)
            if question is None and visible]


def visible_questions(definition: SurveyDefinition, answers: Mapping[str, Any],
                      ) -> list[Question]:
    """The questions shown for ``answers``: on visible pages and with show_if holding."""
    return [q for _, _, q, visible in _walk(definition, answers) if q is not None and visible]


def page_plan(definition: SurveyDefinition, answers: Mapping[str, Any],
              current: str | None = None) -> list[Page]:
    """The pages the respondent goes through as far as ``answers`` tell, for page counts and steps.

    The visible pages, and also a hidden page after ``current`` (the first page when None) whose
    show_if reads a question not answered yet on ``current`` or a later page, one that can still be
    answered: that page may yet show, so "page 5 of 5" does not turn into "6 of 6" after an answer.
    """
    page_index = {q.key: i for i, page in enumerate(definition.pages) for q in page.questions}
    start = next((i for i, p in enumerate(definition.pages) if p.key == current), 0)
    visible = {p.key for p in visible_pages(definition, answers)}
    shown = {q.key for q in visible_questions(definition, answers)}
    plan: list[Page] = []
    for index, page in enumerate(definition.pages):
        if page.key in visible:
            plan.append(page)
        elif index > start and page.show_if is not None and any(
                key in page_index and page_index[key] >= start and not is_answered(answers.get(key))
                and (key in shown or definition.pages[page_index[key]] in plan)
                for key in questions_read(page.show_if)):
            plan.append(page)
    return plan


def prune_hidden(definition: SurveyDefinition, answers: Mapping[str, Any]) -> dict[str, Any]:
    """``answers`` without answers to hidden questions or pages (and unknown keys)."""
    return {q.key: answers[q.key] for q in visible_questions(definition, answers)
            if q.key in answers and is_answered(answers[q.key])}


def normalise_page(definition: SurveyDefinition, page_key: str, raw: Raw, locale: str = "fi",
                   context: AnswerContext | None = None,
                   answers: Mapping[str, Any] | None = None) -> PageResult:
    """Normalise the raw input of one page.

    ``raw`` maps field names to lists of strings (a MultiDict works); ``answers`` holds
    the values already given on other pages, which show_if conditions may read. Hidden
    questions are skipped: neither required nor returned. Raises KeyError for an
    unknown page.
    """
    page = definition.page(page_key)
    context = context or AnswerContext()
    seen = {q.key: v for q in visible_questions(definition, answers or {})
            if (v := (answers or {}).get(q.key)) is not None}
    for question in page.questions:
        seen.pop(question.key, None)
    if page.show_if is not None and not evaluate(page.show_if, seen):
        return PageResult(visible=False)
    values: dict[str, Any] = {}
    errors: dict[str, AnswerError] = {}
    context = replace(context, answers=seen)
    for question in page.questions:
        if question.show_if is not None and not evaluate(question.show_if, seen):
            continue
        try:
            value = question.normalise(raw, locale, context)
        except AnswerError as error:
            errors[error.field or question.field] = error
            continue
        if value is not None and question.has_answer:
            values[question.key] = seen[question.key] = value
    return PageResult(values, errors)


def validate_all(definition: SurveyDefinition, answers: Mapping[str, Any],
                 context: AnswerContext | None = None, locale: str = "fi",
                 ) -> dict[str, dict[str, AnswerError]]:
    """Check every visible page of ``answers`` at final submit.

    Returns page key -> {field name: AnswerError} for pages with errors (an empty dict
    when all is well), so the app can send the respondent to the page and field.
    """
    problems: dict[str, dict[str, AnswerError]] = {}
    for page in visible_pages(definition, answers):
        raw: dict[str, list[str]] = {}
        for question in page.questions:
            if question.key in answers:
                raw.update(question.to_raw(answers[question.key], locale))
        result = normalise_page(definition, page.key, raw, locale, context, answers)
        if result.errors:
            problems[page.key] = result.errors
    return problems


def answers_to_rows(definition: SurveyDefinition, answers: Mapping[str, Any],
                    keys: Collection[str] | None = None, *, pruned: bool = False) -> list[AnswerRow]:
    """Storage rows of the visible answers, in survey order.

    ``keys`` limits the rows to those questions (a page being saved); visibility is still judged
    on all of ``answers``, since a page's show_if may read an answer on another page. With ``pruned``
    the answers are what :func:`prune_hidden` returned: visibility is not judged again.
    """
    if not pruned:
        answers = prune_hidden(definition, answers)
    return [row for q in definition.questions() if q.key in answers and (keys is None or q.key in keys)
            for row in q.to_rows(answers[q.key])]


def answers_from_rows(definition: SurveyDefinition, rows: Iterable[AnswerRow]) -> dict[str, Any]:
    """Rebuild question key -> value from storage rows (to reload a draft).

    Rows of questions that are not in the definition are ignored.
    """
    by_question: dict[str, list[AnswerRow]] = {}
    for row in rows:
        by_question.setdefault(row.question_key, []).append(row)
    values = {}
    for question in definition.questions():
        if question.key in by_question:
            value = question.from_rows(by_question[question.key])
            if value is not None:
                values[question.key] = value
    return values
