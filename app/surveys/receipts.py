"""What a respondent sees of their answers outside the form: the check-your-answers summary, and the e-mails
they ask for (a copy of the sent answers, the link that continues an open-link draft)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app.date_text import datetime_text
from app.errors import DomainError
from app.mail.outbox import queue_email
from app.models import Response, ResponseStatus
from app.surveys.answer_text import answer_lines
from app.surveys.answering import stored_answers
from surveys import SurveyDefinition, prune_hidden, text, visible_pages, visible_questions


@dataclass(frozen=True)
class SummaryItem:
    """One question on the check-your-answers page or in the receipt: label and answer lines."""

    key: str
    label: str
    lines: tuple[str, ...]
    field: str


@dataclass(frozen=True)
class SummaryPage:
    key: str
    title: str
    items: tuple[SummaryItem, ...]


def answer_summary(definition: SurveyDefinition, answers: Mapping[str, Any], locale: str) -> list[SummaryPage]:
    """Every visible question of every visible page with its answer in ``locale`` (blank if none)."""
    pruned = prune_hidden(definition, answers)
    shown = {q.key for q in visible_questions(definition, answers)}
    pages = []
    for page in visible_pages(definition, answers):
        items = tuple(
            SummaryItem(q.key, text(q.label, locale),
                        answer_lines(q, pruned[q.key], locale) if q.key in pruned else (), q.field)
            for q in page.questions if q.has_answer and q.key in shown)
        pages.append(SummaryPage(page.key, text(page.title, locale), items))
    return pages


def queue_receipt(response: Response, definition: SurveyDefinition, *, email: str, locale: str,
                  answers_url: str) -> None:
    """Write an e-mail with a copy of the sent answers to the outbox, in the respondent's language."""
    if response.status is not ResponseStatus.SUBMITTED:
        raise DomainError(_("The answers have not been sent yet."))
    summary = answer_summary(definition, stored_answers(response, definition), locale)
    council = response.survey.council
    queue_email(
        to=email, template="survey_receipt", language=locale, council_id=council.id,
        context={
            "survey_title": text(definition.title, locale),
            "council_name": council.name(locale),
            "submitted_at": datetime_text(response.submitted_at, locale),
            "answers_url": answers_url,
            "can_edit": bool(response.survey.allows_editing_after_submit and response.survey.closes_at),
            "closes_at": datetime_text(response.survey.closes_at, locale),
            "pages": [{"title": p.title,
                       "items": [{"label": i.label, "lines": list(i.lines)} for i in p.items]}
                      for p in summary],
        },
    )


def queue_resume_link(response: Response, definition: SurveyDefinition, *, email: str, locale: str,
                      resume_url: str) -> None:
    """Write an e-mail with the link that continues an open-link draft to the outbox."""
    council = response.survey.council
    queue_email(
        to=email, template="survey_resume", language=locale, council_id=council.id,
        context={
            "survey_title": text(definition.title, locale),
            "council_name": council.name(locale),
            "resume_url": resume_url,
            "closes_at": datetime_text(response.survey.closes_at, locale),
        },
    )
