"""Changes to a survey definition dict (its pages, questions and their order), each checked by the engine.

The editor holds no model of its own: it changes the canonical dict of `surveys.to_canonical` and
every change is read back by the engine's loader (`checked`), whose problems carry the path of the
part they concern. Functions return a new dict and leave the one given unchanged.
"""

import copy
import re
import unicodedata
from typing import Any

from flask_babel import lazy_gettext as _l

from app.errors import DomainError
from surveys import QUESTION_TYPES, DefinitionError, SurveyDefinition, definition_from_dict, to_canonical

Definition = dict[str, Any]

# Texts of a new part, in every language, so that a new part is never the reason for a missing translation.
NEW_QUESTION = {"fi": "Uusi kysymys", "sv": "Ny fråga", "en": "New question"}
NEW_PAGE = {"fi": "Uusi sivu", "sv": "Ny sida", "en": "New page"}
NEW_INFO = {"fi": "Ohjeteksti", "sv": "Instruktion", "en": "Instructions"}
_NEW_OPTIONS = ({"fi": "Vaihtoehto 1", "sv": "Alternativ 1", "en": "Option 1"},
                {"fi": "Vaihtoehto 2", "sv": "Alternativ 2", "en": "Option 2"})
_NEW_SCALE = ({"fi": "Eri mieltä", "sv": "Av annan åsikt", "en": "Disagree"},
              {"fi": "Ei samaa eikä eri mieltä", "sv": "Varken eller", "en": "Neutral"},
              {"fi": "Samaa mieltä", "sv": "Av samma åsikt", "en": "Agree"})
_NEW_ROWS = ({"fi": "Rivi 1", "sv": "Rad 1", "en": "Row 1"}, {"fi": "Rivi 2", "sv": "Rad 2", "en": "Row 2"})


class EditRejected(DomainError):
    """The changed definition does not pass the engine's checks; `problems` lists each, with its path."""

    def __init__(self, problems, prefix: tuple = ()):
        super().__init__(_l("The survey has errors, so the change was not saved. Correct the fields marked below."))
        self.problems = list(problems)
        #: the path of the part that was changed, to place the problems below it on the form's fields
        self.prefix = prefix


class PartNotFound(LookupError):
    """No page or question has the key given (it was deleted or renamed meanwhile)."""


def checked(data: Definition, prefix: tuple = ()) -> SurveyDefinition:
    """The definition the engine reads from `data`; raises EditRejected with every problem found
    (`prefix` is the path of the part changed)."""
    try:
        return definition_from_dict(data)
    except DefinitionError as error:
        raise EditRejected(error.errors, prefix) from None


def editable(definition: SurveyDefinition) -> Definition:
    """A definition as a plain dict to change (its canonical form)."""
    return to_canonical(definition)


def slug_key(label: str, taken: set[str], fallback: str) -> str:
    """A key made of `label` (a–z, 0–9 and single underscores), unique among `taken`."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    base = "_".join(re.findall(r"[a-z0-9]+", ascii_text))[:40].strip("_") or fallback
    if not base[0].isalpha():
        base = f"{fallback}_{base}"
    key, number = base, 2
    while key in taken:
        key = f"{base}_{number}"
        number += 1
    return key


def question_keys(data: Definition) -> set[str]:
    """Every question key of the definition."""
    return {q.get("key") for p in data.get("pages", []) for q in p.get("questions", [])}


def page_index(data: Definition, page_key: str) -> int:
    """The index of the page `page_key`; PartNotFound when there is none."""
    for index, page in enumerate(data.get("pages", [])):
        if page.get("key") == page_key:
            return index
    raise PartNotFound(page_key)


def question_place(data: Definition, question_key: str) -> tuple[int, int]:
    """(page index, question index) of `question_key`; PartNotFound when there is none."""
    for p, page in enumerate(data.get("pages", [])):
        for q, question in enumerate(page.get("questions", [])):
            if question.get("key") == question_key:
                return p, q
    raise PartNotFound(question_key)


def blank_question(type_name: str, key: str) -> dict[str, Any]:
    """A valid question of `type_name` with placeholder texts, for the editor to fill in."""
    if type_name not in QUESTION_TYPES:
        raise DomainError(_l("Choose a question type."), field="type")
    kind = QUESTION_TYPES[type_name]
    question: dict[str, Any] = {"key": key, "type": type_name}
    if kind.has_answer:
        question["label"] = dict(NEW_QUESTION)
    needs = set(kind.own_required)
    if "body" in needs:
        question["body"] = dict(NEW_INFO)
    if "options" in needs:
        question["options"] = [{"value": f"option_{i + 1}", "label": dict(label)}
                               for i, label in enumerate(_NEW_OPTIONS)]
    if "scale" in needs:
        question["scale"] = [dict(point) for point in _NEW_SCALE]
    if "rows" in needs:
        question["rows"] = [{"key": f"row_{i + 1}", "label": dict(label)} for i, label in enumerate(_NEW_ROWS)]
    return question


def _changed(data: Definition) -> Definition:
    return copy.deepcopy(data)


def update_survey_texts(data: Definition, texts: dict[str, Any]) -> Definition:
    """Replace the survey's title and description (`{"title": {...}, "description": {...}}`)."""
    out = _changed(data)
    out["title"] = texts.get("title")
    out.pop("description", None)
    if texts.get("description"):
        out["description"] = texts["description"]
    checked(out)
    return out


def add_page(data: Definition, title: dict[str, str] | None = None) -> tuple[Definition, str]:
    """Add a page at the end with one new short text question; returns the new dict and the page key.

    A page holds at least one question (the engine's rule), so the page comes with one to edit.
    """
    out = _changed(data)
    title = title or dict(NEW_PAGE)
    key = slug_key(title.get("fi", ""), {p.get("key") for p in out["pages"]}, "page")
    question_key = slug_key("", question_keys(out), "question")
    out["pages"].append({"key": key, "title": title, "questions": [blank_question("short_text", question_key)]})
    checked(out)
    return out, key


def update_page(data: Definition, page_key: str, page: dict[str, Any]) -> Definition:
    """Replace the page's own settings (key, title, description, show_if), keeping its questions."""
    out = _changed(data)
    index = page_index(out, page_key)
    questions = out["pages"][index]["questions"]
    out["pages"][index] = {**{k: v for k, v in page.items() if v not in (None, {}, "")}, "questions": questions}
    checked(out, ("pages", index))
    return out


def move_page(data: Definition, page_key: str, offset: int) -> Definition:
    """Move the page `offset` places (-1 up, +1 down); at either end it stays."""
    out = _changed(data)
    index = page_index(out, page_key)
    target = index + offset
    if 0 <= target < len(out["pages"]):
        out["pages"].insert(target, out["pages"].pop(index))
    checked(out)
    return out


def delete_page(data: Definition, page_key: str) -> Definition:
    """Remove the page and its questions; a survey keeps at least one page (the engine says so)."""
    out = _changed(data)
    del out["pages"][page_index(out, page_key)]
    checked(out)
    return out


def add_question(data: Definition, page_key: str, type_name: str) -> tuple[Definition, str]:
    """Add a question of `type_name` at the end of the page; returns the new dict and its key."""
    out = _changed(data)
    key = slug_key("", question_keys(out), "question")
    out["pages"][page_index(out, page_key)]["questions"].append(blank_question(type_name, key))
    checked(out)
    return out, key


def update_question(data: Definition, question_key: str, question: dict[str, Any],
                    page_key: str | None = None) -> Definition:
    """Replace the question with `question`; with another `page_key`, move it to the end of that page."""
    out = _changed(data)
    p, q = question_place(out, question_key)
    if page_key is None or page_key == out["pages"][p]["key"]:
        out["pages"][p]["questions"][q] = question
        prefix = ("pages", p, "questions", q)
    else:
        target = page_index(out, page_key)
        del out["pages"][p]["questions"][q]
        out["pages"][target]["questions"].append(question)
        prefix = ("pages", target, "questions", len(out["pages"][target]["questions"]) - 1)
    checked(out, prefix)
    return out


def move_question(data: Definition, question_key: str, offset: int) -> Definition:
    """Move the question `offset` places (-1 up, +1 down); past the top or bottom of its page it
    goes to the end of the page before or the start of the page after."""
    out = _changed(data)
    p, q = question_place(out, question_key)
    questions = out["pages"][p]["questions"]
    target = q + offset
    if 0 <= target < len(questions):
        questions.insert(target, questions.pop(q))
    elif target < 0 and p > 0:
        out["pages"][p - 1]["questions"].append(questions.pop(q))
    elif target >= len(questions) and p + 1 < len(out["pages"]):
        out["pages"][p + 1]["questions"].insert(0, questions.pop(q))
    checked(out)
    return out


def delete_question(data: Definition, question_key: str) -> Definition:
    """Remove the question; refused by the engine when a condition still reads it or it is a page's last."""
    out = _changed(data)
    p, q = question_place(out, question_key)
    del out["pages"][p]["questions"][q]
    checked(out)
    return out


def place_question(data: Definition, question_key: str, page_key: str, index: int) -> Definition:
    """Put the question at `index` (counted without it) on the page `page_key`: where it was dropped."""
    out = _changed(data)
    p, q = question_place(out, question_key)
    question = out["pages"][p]["questions"].pop(q)
    target = out["pages"][page_index(out, page_key)]["questions"]
    target.insert(max(0, min(index, len(target))), question)
    checked(out)
    return out
