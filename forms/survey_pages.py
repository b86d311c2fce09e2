"""The builder that turns one survey page into a WTForms form whose field names are the engine's.

Each question becomes one or more WTForms fields named exactly as ``surveys`` reads them
(``q_<key>``, ``q_<key>__other``, ``q_<key>__<row>``, ``q_<key>__rank__<option>``), plus a
:class:`QuestionBlock` that a template renders. WTForms checks only the CSRF token here: the
engine (``normalise_page``) decides what is valid, so choice fields do not check their choices.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict
from wtforms import (RadioField, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.fields.core import Field

from surveys import AnswerError, Page, Question, SurveyDefinition, field_name, text
from surveys.conditions import comparable, condition_to_dict
from surveys.values import Selection

from forms.base import Form
from forms.fields import email_field

#: how each question type is rendered by ``templates/surveys/_questions.html``
KINDS = {
    "short_text": "input", "email": "input", "number": "input", "date": "input",
    "long_text": "textarea", "municipality": "select", "single_choice": "radios",
    "multiple_choice": "checkboxes", "yes_no": "radios", "likert": "radios",
    "matrix": "matrix", "ranking": "ranking", "info": "info",
}


@dataclass(frozen=True)
class Choice:
    """One option of a radio group, checkbox group or dropdown: raw value and label."""

    value: str
    label: str


@dataclass(frozen=True, eq=False)
class OptionList:
    """The options of a long dropdown (the municipalities), built once and rendered once, then shared.

    ``choices`` come first, then ``groups``, each an ``<optgroup>``, exactly as ``_questions.html``
    renders the options of any dropdown.
    """

    choices: tuple[Choice, ...]
    groups: tuple[tuple[str, tuple[Choice, ...]], ...] = ()

    @cached_property
    def _html(self) -> str:
        def options(choices: tuple[Choice, ...]) -> str:
            return "".join(f'<option value="{escape(c.value)}">{escape(c.label)}</option>' for c in choices)

        return options(self.choices) + "".join(
            f'\n<optgroup label="{escape(label)}">\n{options(group)}\n</optgroup>' for label, group in self.groups)

    def html(self, current: str) -> Markup:
        """The ``<option>`` elements with the one whose value is ``current`` selected."""
        plain = f'<option value="{escape(current)}">'
        return Markup(self._html.replace(plain, plain[:-1] + " selected>", 1))


def municipality_options(names: Mapping[str, str], preferred: Sequence[str], *, choose: str = "",
                         preferred_label: str = "", others_label: str = "") -> OptionList:
    """The dropdown of a municipality question: a blank ``choose`` entry, then ``preferred`` (the
    council's area) and the other municipalities by name in two groups, or one list by name when
    either group would be empty. ``names`` maps code -> name in the respondent's language."""
    first = [c for c in preferred if c in names]
    rest = sorted((c for c in names if c not in first), key=lambda c: names[c])
    choices = (Choice("", choose),)
    if first and rest:
        return OptionList(choices, ((preferred_label, tuple(Choice(c, names[c]) for c in first)),
                                    (others_label, tuple(Choice(c, names[c]) for c in rest))))
    return OptionList(choices + tuple(Choice(c, names[c]) for c in first + rest))


@dataclass
class QuestionBlock:
    """What a template needs to render one question in the respondent's language.

    ``fields`` maps each raw field name to its WTForms field; ``conditional`` is the
    question's show_if as JSON when it depends on answers on the same page (the browser
    script shows and hides the question as the respondent answers).
    """

    question: Question
    kind: str
    label: str
    help: str
    body: str
    fields: dict[str, Field]
    choices: tuple[Choice, ...] = ()
    rows: tuple[Choice, ...] = ()
    groups: tuple[tuple[str, tuple[Choice, ...]], ...] = ()
    other_label: str = ""
    input_mode: str = "text"
    autocomplete: str = ""
    conditional: str = ""
    #: for a ranking whose options come from a question on the same page: that question's field,
    #: so that survey.js offers only the options chosen there
    options_from: str = ""
    #: the most characters a long text takes (from the definition), told before typing
    limit: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    #: the shared, pre-rendered options of a municipality dropdown (None for other questions)
    options: OptionList | None = None

    @property
    def key(self) -> str:
        return self.question.key

    @property
    def main(self) -> Field | None:
        """The question's main field ``q_<key>`` (None for matrix, ranking and info)."""
        return self.fields.get(self.question.field)

    @property
    def is_group(self) -> bool:
        """Whether the question is a group of inputs rendered as a fieldset with a legend."""
        return self.kind in ("radios", "checkboxes", "matrix", "ranking")

    @property
    def is_pristine(self) -> bool:
        """Whether nothing is filled in and nothing is wrong, so that it renders the same for everyone."""
        return not self.errors and not any(any(self.values(name)) for name in self.fields)

    @property
    def error(self) -> str:
        """The first error message of the question, or ''."""
        return next(iter(self.errors.values()), "")

    def values(self, name: str) -> list[str]:
        """The current raw values of field ``name`` (posted or pre-filled)."""
        data = self.fields[name].data
        if data is None:
            return []
        return [str(v) for v in data] if isinstance(data, (list, tuple)) else [str(data)]

    def value(self, name: str) -> str:
        """The first current raw value of field ``name``, or ''."""
        return next(iter(self.values(name)), "")


class SurveyPageForm(Form):
    """Base class of the page forms: Form (FlaskForm) adds the CSRF token."""


def anchor(question: Question, field_name: str) -> str:
    """The id of the input that an error on ``field_name`` links to (a group's first input)."""
    names = question.field_names()
    if field_name not in names and names:
        field_name = names[0]
    if KINDS.get(question.type_name) in ("radios", "checkboxes", "matrix") \
            and not field_name.endswith("__other") \
            and not (question.type_name == "single_choice" and question.display == "dropdown"):
        return f"{field_name}-0"
    return field_name


def _choices_of(question: Question, locale: str) -> tuple[Choice, ...]:
    name = question.type_name
    if name in ("single_choice", "multiple_choice", "ranking"):
        choices = [Choice(o.value, text(o.label, locale)) for o in question.options]
        if getattr(question, "other", False):
            choices.append(Choice("other", text(question.other_option_label, locale)))
        return tuple(choices)
    if name in ("likert", "matrix"):
        choices = [Choice(str(i), text(label, locale)) for i, label in enumerate(question.scale, 1)]
        if question.cannot_say:
            choices.append(Choice("cannot_say", text(question.cannot_say, locale)))
        return tuple(choices)
    return ()


def selection_hint(question: Question) -> str:
    """What a multiple-choice question lets the respondent pick, when its definition gives no help
    text of its own (a help text replaces it: two hints would repeat or contradict each other)."""
    low, high = getattr(question, "min_selections", None), getattr(question, "max_selections", None)
    if low and high:
        return str(_l("Choose %(low)d to %(high)d.", low=low, high=high))
    if high:
        return str(_l("Choose at most %(count)d.", count=high))
    if low and low > 1:
        return str(_l("Choose at least %(count)d.", count=low))
    return str(_l("Choose all that apply."))


def referenced_questions(condition: Any) -> set[str]:
    """The question keys a show_if condition reads."""
    data = condition_to_dict(condition) if not isinstance(condition, Mapping) else condition
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            for op, arg in node.items():
                if op in ("answered", "unanswered"):
                    found.add(arg)
                elif op in ("equals", "in", "greater_than", "less_than", "between"):
                    found.add(arg["question"])
                else:
                    walk(arg)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return found


def known_values(answers: Mapping[str, Any]) -> dict[str, list[str]]:
    """Answers of other pages in the comparable text form the browser script evaluates."""
    known: dict[str, list[str]] = {}
    for key, value in answers.items():
        if isinstance(value, Selection):
            known[key] = list(value.options)
        elif isinstance(value, Mapping):
            known[key] = [str(k) for k in value]
        elif isinstance(value, (list, tuple)):
            known[key] = [comparable(v) for v in value]
        elif value is not None:
            known[key] = [comparable(value)]
    return known


def build_page_form(definition: SurveyDefinition, page: Page, locale: str, *,
                    formdata: MultiDict | None = None,
                    municipalities: Mapping[str, str] | None = None,
                    preferred_municipalities: Sequence[str] = (),
                    municipality_choices: OptionList | None = None,
                    show_question: Callable[[Question], bool] | None = None,
                    labels: Mapping[str, str] | None = None,
                    answers: Mapping[str, Any] | None = None,
                    base: type[Form] = SurveyPageForm,
                    **form_kwargs: Any) -> tuple[Form, list[QuestionBlock]]:
    """Build the form of ``page`` and the blocks its template renders, in page order.

    ``formdata`` is the posted input or the raw values of a stored draft (``to_raw``).
    ``municipalities`` maps code -> name in ``locale`` for municipality questions, with
    ``preferred_municipalities`` (the council's area) listed first; ``municipality_choices``, when
    given, is that dropdown already built (:func:`municipality_options`, which a caller can keep
    and reuse) and the other two are not read. ``show_question`` leaves
    out questions already known to be hidden (by answers on earlier pages). ``labels``
    holds translated interface texts: ``choose`` (blank dropdown entry), ``preferred`` and
    ``others`` (municipality groups), ``yes`` and ``no``. ``answers`` are the answers given on other
    pages: a ranking with ``options_from`` an earlier page offers only the options chosen there.
    """
    labels = {"choose": "", "preferred": "", "others": "", "yes": "Yes", "no": "No", **(labels or {})}
    page_keys = {q.key for q in page.questions}
    options_of_municipality: OptionList | None = municipality_choices
    attrs: dict[str, Field] = {}
    blocks: list[QuestionBlock] = []
    for question in page.questions:
        if show_question is not None and not show_question(question):
            continue
        kind = KINDS.get(question.type_name, "input")
        choices = _choices_of(question, locale)
        options_from = ""
        rows: tuple[Choice, ...] = ()
        groups: tuple[tuple[str, tuple[Choice, ...]], ...] = ()
        options: OptionList | None = None
        unbound: dict[str, Field] = {}
        name = question.type_name
        if name == "yes_no":
            choices = (Choice("yes", labels["yes"]), Choice("no", labels["no"]))
        if kind in ("input",):
            unbound[question.field] = StringField()
        elif kind == "textarea":
            unbound[question.field] = TextAreaField()
        elif name == "municipality":
            kind = "select"
            if options_of_municipality is None:
                options_of_municipality = municipality_options(
                    municipalities or {}, preferred_municipalities, choose=labels["choose"],
                    preferred_label=labels["preferred"], others_label=labels["others"])
            options = options_of_municipality
            choices, groups = options.choices, options.groups
            unbound[question.field] = SelectField(validate_choice=False)
        elif name == "single_choice" and question.display == "dropdown":
            kind = "select"
            choices = (Choice("", labels["choose"]),) + choices
            unbound[question.field] = SelectField(validate_choice=False)
        elif kind == "radios":
            unbound[question.field] = RadioField(validate_choice=False)
        elif kind == "checkboxes":
            unbound[question.field] = SelectMultipleField(validate_choice=False)
        elif kind == "matrix":
            rows = tuple(Choice(r.key, text(r.label, locale)) for r in question.rows)
            for row in question.rows:
                unbound[question.row_field(row.key)] = RadioField(validate_choice=False)
        elif kind == "ranking":
            rows = choices
            limit = question.limit
            if question.options_from in page_keys:
                options_from = field_name(question.options_from)
            elif question.options_from is not None:
                offered = {o.value for o in question.offered(answers or {})}
                rows = tuple(c for c in choices if c.value in offered)
                limit = min(limit, len(rows))
            choices = (Choice("", labels["choose"]),) + tuple(
                Choice(str(i), str(i)) for i in range(1, limit + 1))
            for option_field in question.field_names():
                unbound[option_field] = SelectField(validate_choice=False)
        if getattr(question, "other", False):
            unbound[f"{question.field}__other"] = StringField()
        attrs.update(unbound)
        conditional = ""
        if question.show_if is not None and referenced_questions(question.show_if) & page_keys:
            conditional = json.dumps(condition_to_dict(question.show_if), separators=(",", ":"))
        help_text = text(question.help, locale)
        if not help_text and kind == "checkboxes":
            help_text = selection_hint(question)
        blocks.append(QuestionBlock(
            question=question, kind=kind, label=text(question.label, locale),
            help=help_text, body=text(getattr(question, "body", None), locale), options_from=options_from,
            limit=question.max_length if kind == "textarea" else None,
            fields=dict.fromkeys(unbound), choices=choices, rows=rows, groups=groups,
            other_label=text(question.other_option_label, locale) if getattr(question, "other", False) else "",
            input_mode={"number": "decimal", "email": "email"}.get(name, "text"),
            autocomplete={"email": "email"}.get(name, ""),
            conditional=conditional, options=options,
        ))
    form_class = type("PageForm", (base,), attrs)
    form = form_class(formdata=formdata, **form_kwargs)
    for block in blocks:
        block.fields = {name: form[name] for name in block.fields}
    return form, blocks


def raw_from_answers(page: Page, answers: Mapping[str, Any], locale: str) -> MultiDict:
    """The raw field values that re-create the stored answers of ``page`` (to pre-fill it)."""
    raw: MultiDict = MultiDict()
    for question in page.questions:
        if question.key in answers:
            for name, values in question.to_raw(answers[question.key], locale).items():
                for value in values:
                    raw.add(name, value)
    return raw


def attach_errors(blocks: Sequence[QuestionBlock], errors: Mapping[str, AnswerError],
                  translate: Callable[[AnswerError], str]) -> list[tuple[str, str]]:
    """Put each engine error beside its field; returns (anchor id, message) for the summary."""
    summary: list[tuple[str, str]] = []
    for block in blocks:
        for name in dict.fromkeys((block.question.field, *block.question.field_names())):
            error = errors.get(name)
            if error is None:
                continue
            message = translate(error)
            block.errors[name] = message
            if name in block.fields:
                block.fields[name].errors = [message]
            # The summary names the question: "Must be answered" alone does not say which.
            summary.append((anchor(block.question, name), f"{block.label} – {message}" if block.label else message))
    return summary


class EmailCopyForm(Form):
    """An e-mail address for a copy of the answers or for the link that continues a draft."""

    email = email_field()


class ConfirmForm(Form):
    """A button-only form (send the answers, change sent answers): just the CSRF token."""
