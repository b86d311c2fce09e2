"""What the editor's pickers offer: the earlier questions a condition may read with their possible
answers, the choices of a setting, and which texts lack a language."""

from dataclasses import dataclass

from surveys import LOCALES, SurveyDefinition, missing_locales, text
from surveys.conditions import comparable
from surveys.errors import path_parts
from surveys.types import CANNOT_SAY

from app.survey_editor.question_fields import CHOICES


@dataclass(frozen=True)
class PickableQuestion:
    """A question a condition may read: its key, label, and (value, label) of its possible answers; for a
    number or date question (`ordered_by`), the limits and step of the value field that compares with it."""

    key: str
    label: str
    answers: tuple[tuple[str, str], ...]
    ordered_by: str | None = None
    low: str = ""
    high: str = ""
    step: str = ""


def _answers(question, locale: str, yes: str, no: str) -> tuple[tuple[str, str], ...]:
    allowed = question.condition_values()
    if not allowed:
        return ()
    if question.type_name == "yes_no":
        return (("yes", yes), ("no", no))
    named = {}
    for option in getattr(question, "options", ()):
        named[option.value] = text(option.label, locale)
    if getattr(question, "other", False):
        named["other"] = text(question.other_option_label, locale)
    for number, point in enumerate(getattr(question, "scale", ()), start=1):
        named[str(number)] = f"{number} – {text(point, locale)}"
    if getattr(question, "cannot_say", None) is not None:
        named[CANNOT_SAY] = text(question.cannot_say, locale)
    return tuple((value, named.get(value, value)) for value in sorted(allowed, key=lambda v: (v not in named, list(named).index(v) if v in named else 0, v)))


def _limits(question) -> dict[str, str]:
    """The value field's kind, min, max and step for a question whose answers compare by size."""
    kind = question.ordered_by
    if kind is None:
        return {}
    low, high = getattr(question, "min", None), getattr(question, "max", None)
    step = ""
    if kind == "number":
        decimals = 0 if question.integer else question.decimals
        step = "any" if decimals is None else ("1" if decimals == 0 else "0." + "0" * (decimals - 1) + "1")
    return {"ordered_by": kind, "low": "" if low is None else comparable(low),
            "high": "" if high is None else comparable(high), "step": step}


def earlier_questions(definition: SurveyDefinition, *, question_key: str | None = None, page_key: str | None = None,
                      locale: str = "fi", yes: str = "yes", no: str = "no") -> list[PickableQuestion]:
    """The questions a show_if may read: for a question those before it, for a page those on earlier pages."""
    found = []
    for page in definition.pages:
        if page.key == page_key:
            break
        for question in page.questions:
            if question.key == question_key:
                return found
            if question.has_answer:
                found.append(PickableQuestion(question.key, text(question.label, locale),
                                              _answers(question, locale, yes, no), **_limits(question)))
    return found


def setting_choices(definition: SurveyDefinition, name: str, question_key: str) -> tuple[str, ...]:
    """The values a choice setting may take; for options_from, the multiple choice questions before this one."""
    if name in CHOICES:
        return CHOICES[name]
    keys = []
    for question in definition.questions():
        if question.key == question_key:
            break
        if question.type_name == "multiple_choice":
            keys.append(question.key)
    return tuple(keys)


def missing_by_part(definition: SurveyDefinition) -> tuple[dict[str, int], dict[str, set[str]], dict[str, set[str]]]:
    """Texts lacking a language: the count per locale, and the locales missing per question key and per page key."""
    counts = {locale: 0 for locale in LOCALES if locale != "fi"}
    by_question: dict[str, set[str]] = {}
    by_page: dict[str, set[str]] = {}
    for locale, paths in missing_locales(definition).items():
        counts[locale] = len(paths)
        for path in paths:
            parts = path_parts(path)
            if parts[:1] != ("pages",):
                by_page.setdefault("", set()).add(locale)
                continue
            page = definition.pages[parts[1]]
            if len(parts) > 3 and parts[2] == "questions":
                by_question.setdefault(page.questions[parts[3]].key, set()).add(locale)
            else:
                by_page.setdefault(page.key, set()).add(locale)
    return counts, by_question, by_page
