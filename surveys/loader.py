"""Reading survey definitions from YAML or JSON into frozen dataclasses, with precise errors."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .conditions import Reference, ordered_value, parse_condition
from .definition import Page, SurveyDefinition
from .documents import parse_document
from .errors import N_, DefinitionError, phrase
from .schema import SURVEY_SLUG, Checker, child, describe
from .types import QUESTION_TYPES, Question


def load_file(path: str | os.PathLike[str]) -> SurveyDefinition:
    """Load a survey from a YAML or JSON file; messages name the file by ``path``.

    Raises :class:`DefinitionError` listing every problem found, each with file, path in the
    document and line; OSError when the file cannot be read.
    """
    return load_text(_read(path), filename=str(path))


def load_text(text: str, filename: str | None = None) -> SurveyDefinition:
    """Load a survey from YAML or JSON text (an upload, a stored copy); ``filename`` names it in messages.

    Raises :class:`DefinitionError` like :func:`load_file`. The same text loaded again gives the same
    definition (frozen, so it can be shared) without parsing it again: the library listing, the demo data
    and the tests load the same few files over and over, at about 0.1 s each.
    """
    return _load_text(text, filename)


@functools.lru_cache(maxsize=32)
def _load_text(text: str, filename: str | None) -> SurveyDefinition:
    checker = Checker(filename)
    data = parse_document(text, checker)
    if data is None:
        raise DefinitionError(checker.problems)
    # Duplicate keys are reported but do not stop the build: every problem is listed at once.
    return _build(data, checker)


def load_questions_file(path: str | os.PathLike[str]) -> tuple[Question, ...]:
    """Load a fragment of questions (a YAML or JSON list of question definitions) from a file.

    For questions asked beside a fixed form, such as an event's extra registration questions.
    Raises :class:`DefinitionError` like :func:`load_file`.
    """
    return load_questions_text(_read(path), filename=str(path))


def load_questions_text(text: str, filename: str | None = None) -> tuple[Question, ...]:
    """Load a fragment of questions from YAML or JSON text: a list of question definitions.

    The questions follow the rules of a survey's questions: keys unique within the fragment, and
    show_if may refer only to questions earlier in it. Paths in messages start at the list
    (``[2].options``). Raises :class:`DefinitionError` like :func:`load_file`.
    """
    checker = Checker(filename)
    data = parse_document(text, checker)
    if data is None:
        raise DefinitionError(checker.problems)
    return _build_questions(data, checker)


def _read(path: str | os.PathLike[str]) -> str:
    return Path(path).read_text(encoding="utf-8-sig")


def definition_from_dict(data: Mapping[str, Any], filename: str | None = None,
                         ) -> SurveyDefinition:
    """Build a survey from already-parsed data (e.g. a stored canonical form).

    Raises :class:`DefinitionError` like :func:`load_text`, without line numbers.
    """
    return _build(data, Checker(filename))


# -- building ----------------------------------------------------------------------------------

def _build(data: Any, checker: Checker) -> SurveyDefinition:
    survey = _survey(data, checker)
    if checker.problems or survey is None:
        raise DefinitionError(sorted(checker.problems, key=lambda p: p.line or 0))
    return survey


def _build_questions(data: Any, checker: Checker) -> tuple[Question, ...]:
    items = checker.sequence(data, "", phrase(N_("a fragment of questions")))
    order: dict[str, str] = {}
    for index, item in enumerate(items):
        key = item.get("key") if isinstance(item, Mapping) else None
        if isinstance(key, str):
            order.setdefault(key, child("", index))
    earlier: dict[str, Question | None] = {}
    questions = [_question(item, child("", index), checker, order, earlier) for index, item in enumerate(items)]
    if checker.problems:
        raise DefinitionError(sorted(checker.problems, key=lambda p: p.line or 0))
    return tuple(q for q in questions if q is not None)


def _survey(data: Any, checker: Checker) -> SurveyDefinition | None:
    if not checker.mapping(data, "", phrase(N_("the survey")), required=("key", "title", "pages"),
                           optional=("version", "description")):
        return None
    fields: dict[str, Any] = {
        "key": checker.key(data.get("key"), "key", phrase(N_("the survey key")), SURVEY_SLUG),
        "title": checker.text(data.get("title"), "title", phrase(N_("the survey title"))),
    }
    if "version" in data:
        fields["version"] = checker.string(data["version"], "version", phrase(N_("the version label")))
    if "description" in data:
        fields["description"] = checker.text(data["description"], "description",
                                             phrase(N_("the survey description")))
    raw_pages = checker.sequence(data.get("pages"), "pages", "'pages'")
    order = _question_order(raw_pages)
    earlier: dict[str, Question | None] = {}
    page_paths: dict[str, str] = {}
    pages = []
    for index, raw_page in enumerate(raw_pages):
        page = _page(raw_page, child("pages", index), checker, order, earlier, page_paths)
        if page is not None:
            pages.append(page)
    if checker.problems:
        return None
    return SurveyDefinition(pages=tuple(pages), **fields)


def _question_order(raw_pages: list[Any]) -> dict[str, str]:
    """Question key -> path of its first occurrence, read before building for cross-checks."""
    order: dict[str, str] = {}
    for p, page in enumerate(raw_pages):
        questions = page.get("questions") if isinstance(page, Mapping) else None
        for q, question in enumerate(questions if isinstance(questions, list) else []):
            key = question.get("key") if isinstance(question, Mapping) else None
            if isinstance(key, str):
                order.setdefault(key, f"pages[{p}].questions[{q}]")
    return order


def _page(data: Any, path: str, checker: Checker, order: dict[str, str],
          earlier: dict[str, Question | None], page_paths: dict[str, str]) -> Page | None:
    if not checker.mapping(data, path, phrase(N_("a page")), required=("key", "title", "questions"),
                           optional=("description", "show_if")):
        return None
    before = len(checker.problems)
    key = checker.key(data.get("key"), child(path, "key"), phrase(N_("a page key")))
    if key is not None and key in page_paths:
        checker.problem(child(path, "key"), phrase(N_("page key %(key)s is already used by %(place)s; page keys "
                                                      "must be unique"), key=repr(key), place=page_paths[key]))
    elif key is not None:
        page_paths[key] = path
    fields: dict[str, Any] = {
        "key": key,
        "title": checker.text(data.get("title"), child(path, "title"), phrase(N_("the page title"))),
    }
    if "description" in data:
        fields["description"] = checker.text(data["description"], child(path, "description"),
                                             phrase(N_("the page description")))
    if "show_if" in data:
        refs: list[Reference] = []
        fields["show_if"] = parse_condition(data["show_if"], child(path, "show_if"), checker, refs)
        _check_references(refs, checker, order, earlier, "page")
    questions = []
    items = checker.sequence(data.get("questions"), child(path, "questions"), "'questions'")
    for index, item in enumerate(items):
        question = _question(item, child(child(path, "questions"), index), checker, order,
                             earlier)
        if question is not None:
            questions.append(question)
    if len(checker.problems) > before:
        return None
    return Page(questions=tuple(questions), **fields)


def _question(data: Any, path: str, checker: Checker, order: dict[str, str],
              earlier: dict[str, Question | None]) -> Question | None:
    if not isinstance(data, Mapping):
        checker.problem(path, phrase(N_("a question must be a mapping with at least key, type and label, but "
                                        "found %(found)s"), found=describe(data)))
        return None
    kind = data.get("type")
    if "type" not in data:
        checker.problem(path, phrase(N_("the question is missing the required key 'type' (one of %(types)s)"),
                                     types=", ".join(sorted(QUESTION_TYPES))))
        return None
    if not isinstance(kind, str) or kind not in QUESTION_TYPES:
        checker.choice(kind, child(path, "type"), phrase(N_("the question type")),
                       tuple(sorted(QUESTION_TYPES)))
        return None
    refs: list[Reference] = []
    question = QUESTION_TYPES[kind].from_definition(data, path, checker, refs)
    _check_references(refs, checker, order, earlier, "question")
    _check_options_from(question, path, checker, order, earlier)
    key = data.get("key")
    if isinstance(key, str):
        if key in earlier:
            checker.problem(child(path, "key"), phrase(N_("question key %(key)s is already used by %(place)s; "
                                                          "question keys must be unique across the whole "
                                                          "survey"), key=repr(key), place=order[key]))
        else:
            earlier[key] = question
    return question


def _check_options_from(question: Question | None, path: str, checker: Checker, order: dict[str, str],
                        earlier: dict[str, Question | None]) -> None:
    source_key = getattr(question, "options_from", None)
    if source_key is None:
        return
    here = child(path, "options_from")
    if source_key not in earlier:
        if source_key in order:
            message = phrase(N_("options_from refers to question %(key)s, which is not a question asked before "
                                "this one (%(place)s)"), key=repr(source_key), place=order[source_key])
        else:
            message = phrase(N_("options_from refers to question %(key)s, which is not a question asked before "
                                "this one"), key=repr(source_key))
        checker.problem(here, message)
        return
    source = earlier[source_key]
    if source is None:
        return
    if source.type_name != "multiple_choice":
        checker.problem(here, phrase(N_("options_from must name a multiple_choice question, but %(key)s is "
                                        "%(type)s"), key=repr(source_key), type=source.type_name))
        return
    missing = [o.value for o in question.options if o.value not in {o.value for o in source.options}]
    if missing:
        checker.problem(here, phrase(N_("options %(options)s are not options of question %(key)s"),
                                     options=", ".join(missing), key=repr(source_key)))


def _check_references(refs: list[Reference], checker: Checker, order: dict[str, str],
                      earlier: dict[str, Question | None], owner: str) -> None:
    for ref in refs:
        if ref.question not in order:
            hint = difflib.get_close_matches(ref.question, list(order), n=1, cutoff=0.6)
            if hint:
                message = phrase(N_("show_if refers to question %(key)s, which does not exist; did you mean "
                                    "%(hint)s?"), key=repr(ref.question), hint=repr(hint[0]))
            else:
                message = phrase(N_("show_if refers to question %(key)s, which does not exist"),
                                 key=repr(ref.question))
            checker.problem(ref.path, message)
            continue
        if ref.question not in earlier:
            if owner == "page":
                message = N_("show_if refers to question %(key)s (%(place)s), which is not before this page; "
                             "show_if may only refer to questions asked earlier in the survey")
            else:
                message = N_("show_if refers to question %(key)s (%(place)s), which is not before this question; "
                             "show_if may only refer to questions asked earlier in the survey")
            checker.problem(ref.path, phrase(message, key=repr(ref.question), place=order[ref.question]))
            continue
        target = earlier[ref.question]
        if target is None:
            continue
        if not target.has_answer:
            checker.problem(ref.path, phrase(N_("show_if refers to %(key)s, an info block, which has no answer"),
                                             key=repr(ref.question)))
            continue
        if ref.ordered_paths:
            _check_ordered(ref, target, checker)
            continue
        allowed = target.condition_values()
        if allowed is None or not ref.values:
            continue
        if not allowed:
            checker.problem(ref.path, phrase(N_("show_if cannot compare the answer of %(type)s question %(key)s "
                                                "with a value; use answered/unanswered instead"),
                                             type=target.type_name, key=repr(ref.question)))
            continue
        for value in ref.values:
            if value not in allowed:
                checker.problem(ref.values_path, phrase(N_("%(value)s is not a possible answer of question "
                                                           "%(key)s; possible values are: %(allowed)s"),
                                                        value=repr(value), key=repr(ref.question),
                                                        allowed=", ".join(sorted(allowed))))


def _check_ordered(ref: Reference, target: Question, checker: Checker) -> None:
    """The limits of greater_than, less_than or between: of the kind of the question's answers, in order."""
    if target.ordered_by is None:
        checker.problem(ref.path, phrase(N_("show_if can compare by size only the answers of number and date "
                                            "questions, but %(key)s is a %(type)s question"),
                                         key=repr(ref.question), type=target.type_name))
        return
    like = Decimal(0) if target.ordered_by == "number" else dt.date.min
    limits = []
    for value, path in zip(ref.values, ref.ordered_paths):
        limit = ordered_value(value, like)
        if limit is None and target.ordered_by == "number":
            checker.problem(path, phrase(N_("%(value)s is not a number, but question %(key)s takes numbers"),
                                         value=repr(value), key=repr(ref.question)))
        elif limit is None:
            checker.problem(path, phrase(N_("%(value)s is not a date written as yyyy-mm-dd, but question %(key)s "
                                            "takes dates"), value=repr(value), key=repr(ref.question)))
        limits.append(limit)
    if len(limits) == 2 and None not in limits and limits[0] > limits[1]:
        checker.problem(ref.ordered_paths[1], phrase(N_("the upper limit %(high)s is smaller than the lower limit "
                                                        "%(low)s"), high=ref.values[1], low=ref.values[0]))
