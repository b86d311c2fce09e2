"""An event's extra registration questions: the staff's survey question fragment, shown and checked by the
survey engine's page forms (forms/survey_pages.py) as one page beside the fixed registration form."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from flask import get_template_attribute
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.models import Event
from app.reference.municipalities import municipality_name
from app.surveys.answer_text import answer_lines
from app.surveys.answering import answer_context
from forms.survey_pages import attach_errors, build_page_form
from surveys import Page, Selection, SurveyDefinition, Text, load_questions_text, normalise_page, text

PAGE_KEY = "extra"


@lru_cache(maxsize=256)
def _definition(source: str) -> SurveyDefinition:
    questions = load_questions_text(source, filename="extra-questions.yaml")
    return SurveyDefinition(key="event-extra", title=Text("Lisäkysymykset"),
                            pages=(Page(key=PAGE_KEY, title=Text("Lisäkysymykset"), questions=questions),))


def definition_for(event: Event) -> SurveyDefinition | None:
    """The extra questions as a one-page survey, or None when the event has none (checked when saved)."""
    return _definition(event.extra_questions) if event.extra_questions.strip() else None


@dataclass
class ExtraAnswers:
    """What the person answered: the rendered questions, the raw fields to carry, the values and errors."""

    html: list[str] = field(default_factory=list)
    raw: list[tuple[str, str]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (anchor, message) for the error summary
    summary: list[tuple[str, str]] = field(default_factory=list)  # (question, answer) for check your answers


def _plain(value: Any) -> Any:
    """An engine value as JSON: a choice as its option values (and the "other" text), numbers and dates as text."""
    if isinstance(value, Selection):
        return [*value.options, *([value.other] if value.other else [])]
    return json.loads(json.dumps(value, default=str))


def read_extra_answers(event: Event, area: Sequence[str], locale: str, formdata: MultiDict | None,
                       check: bool) -> ExtraAnswers:
    """Render the extra questions with `formdata` (None: empty), and with `check` normalise the answers;
    `area` is the municipality codes of the event's council."""
    definition = definition_for(event)
    outcome = ExtraAnswers()
    if definition is None:
        return outcome
    page = definition.page(PAGE_KEY)
    formdata = formdata if formdata is not None else MultiDict()
    labels = {"choose": _("Choose"), "preferred": _("Municipalities of the council's area"),
              "others": _("Other municipalities"), "yes": _("Yes"), "no": _("No")}
    _form, blocks = build_page_form(definition, page, locale, formdata=formdata, labels=labels,
                                    municipalities={code: municipality_name(code, locale)
                                                                    for code in area})
    if check:
        result = normalise_page(definition, PAGE_KEY, formdata, locale,
                                answer_context(tuple(area)))
        outcome.values = {key: _plain(value) for key, value in result.values.items()}
        outcome.errors = attach_errors(blocks, result.errors, lambda e: _(e.message, **e.params))
        for question in page.questions:
            if question.key in result.values:
                shown = ", ".join(answer_lines(question, result.values[question.key], locale))
                outcome.summary.append((text(question.label, locale) if question.label else question.key, shown))
    render = get_template_attribute("surveys/_questions.html", "question")
    outcome.html = [render(block) for block in blocks]
    names = {name for block in blocks for name in block.fields}
    outcome.raw = [(name, value) for name in sorted(names) for value in formdata.getlist(name)]
    return outcome

