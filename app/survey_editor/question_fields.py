"""A question or page of a definition as flat form fields and back, and engine problems placed on those fields.

Field names: `label-fi`, `label-sv`, `label-en` for every text; `required`, `max_length`... for the
settings; `options-<n>-value` and `options-<n>-label-<locale>`, `rows-<n>-key` and
`rows-<n>-label-<locale>`, `scale-<n>-<locale>` for lists; `show_if-<n>-question`,
`show_if-<n>-operator`, `show_if-<n>-value` (answers chosen), `show_if-<n>-compare` and `show_if-<n>-upper`
(a number or date typed, the upper one for "between") and `show_if-join` for the condition pickers.
The settings a type has come from the engine's type registry, so every registered type is covered.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from app.i18n import definition_problem_text
from app.survey_editor.operations import slug_key
from surveys import LOCALES, QUESTION_TYPES, DefinitionProblem
from surveys.types.base import COMMON_KEYS

TEXTS = ("label", "help", "body", "cannot_say", "other_label", "title", "description")
FLAGS = ("required", "personal", "other", "integer")
WHOLE_NUMBERS = ("max_length", "decimals", "min_selections", "max_selections", "top")
LISTS = ("options", "rows", "scale")
CHOICES = {"display": ("radio", "dropdown"), "prefill": ("association.name", "association.email")}
OPERATORS = ("answered", "unanswered", "equals", "not_equals", "in", "greater_than", "less_than", "between")
#: the operators a number or date question offers: compared by size rather than chosen among answers
ORDERED_OPERATORS = ("answered", "unanswered", "equals", "not_equals", "greater_than", "less_than", "between")
CHOICE_OPERATORS = ("answered", "unanswered", "equals", "not_equals", "in")
#: what staff call each question type; a type registered later shows its engine name until it is added here
TYPE_LABELS = {
    "short_text": _l("Short text"), "long_text": _l("Long text"), "email": _l("E-mail address"),
    "number": _l("Number"), "date": _l("Date"), "single_choice": _l("One choice"),
    "multiple_choice": _l("Several choices"), "yes_no": _l("Yes or no"), "likert": _l("Scale"),
    "matrix": _l("Scale for several rows"), "ranking": _l("Ranking"), "municipality": _l("Municipality"),
    "info": _l("Text without a question"),
}
#: blank rows offered after the given ones, to add options, rows and scale points without JavaScript
SPARE_ROWS = 2
CONDITION_ROWS = 3


def settings_of(type_name: str) -> tuple[str, ...]:
    """The keys a question of `type_name` may have, in the engine's order (key and type left out)."""
    kind = QUESTION_TYPES[type_name]
    keys = [k for k in (*COMMON_KEYS, *kind.own_required, *kind.own_optional) if k not in ("key", "type")]
    if not kind.has_answer:
        keys = [k for k in keys if k not in ("required", "personal")]
    return tuple(dict.fromkeys(keys))


@dataclass
class FormRows:
    """Which form row each list item came from, to place the engine's problems on the right row."""

    rows: dict[str, list[int]] = field(default_factory=dict)


def setting_kind(name: str) -> str:
    """How the editor shows a setting: text, flag, whole, list, choice, condition or plain."""
    if name in TEXTS:
        return "text"
    if name in FLAGS:
        return "flag"
    if name in WHOLE_NUMBERS:
        return "whole"
    if name in LISTS:
        return name
    if name in CHOICES or name == "options_from":
        return "choice"
    if name == "show_if":
        return "condition"
    return "plain"


# -- definition -> fields ----------------------------------------------------------------------

def _text_fields(name: str, value: Mapping | None) -> dict[str, str]:
    return {f"{name}-{loc}": (value or {}).get(loc, "") for loc in LOCALES}


def question_fields(question: Mapping[str, Any]) -> dict[str, Any]:
    """The flat form values of a question dict (canonical form)."""
    values: dict[str, Any] = {"key": question.get("key", "")}
    for name in settings_of(question["type"]):
        value = question.get(name)
        if name in TEXTS:
            values.update(_text_fields(name, value))
        elif name in FLAGS:
            values[name] = bool(value)
        elif name == "options":
            for n, option in enumerate(value or []):
                values[f"options-{n}-value"] = option["value"]
                values.update(_text_fields(f"options-{n}-label", option["label"]))
        elif name == "rows":
            for n, row in enumerate(value or []):
                values[f"rows-{n}-key"] = row["key"]
                values.update(_text_fields(f"rows-{n}-label", row["label"]))
        elif name == "scale":
            for n, point in enumerate(value or []):
                values.update(_text_fields(f"scale-{n}", point))
        elif name == "show_if":
            values.update(condition_fields(value))
        else:
            values[name] = "" if value is None else str(value)
    return values


def page_fields(page: Mapping[str, Any]) -> dict[str, Any]:
    """The flat form values of a page's own settings."""
    values = {"key": page.get("key", ""), **_text_fields("title", page.get("title")),
              **_text_fields("description", page.get("description"))}
    values.update(condition_fields(page.get("show_if")))
    return values


def _clause(condition: Mapping[str, Any]) -> dict[str, str] | None:
    (op, arg), = condition.items()
    if op in ("answered", "unanswered"):
        return {"question": arg, "operator": op, "value": []}
    if op == "equals":
        return {"question": arg["question"], "operator": "equals", "value": [arg["value"]]}
    if op == "in":
        return {"question": arg["question"], "operator": "in", "value": list(arg["values"])}
    if op in ("greater_than", "less_than"):
        return {"question": arg["question"], "operator": op, "value": [], "compare": arg["value"]}
    if op == "between":
        return {"question": arg["question"], "operator": op, "value": [], "compare": arg["min"], "upper": arg["max"]}
    if op == "not" and set(arg) == {"equals"}:
        return {"question": arg["equals"]["question"], "operator": "not_equals", "value": [arg["equals"]["value"]]}
    return None


def condition_clauses(condition: Mapping[str, Any] | None) -> tuple[str, list[dict[str, str]]] | None:
    """("all" or "any", clauses) for a condition the pickers can show; None for one they cannot."""
    if not condition:
        return "all", []
    (op, arg), = condition.items()
    if op in ("and", "or"):
        clauses = [_clause(item) for item in arg]
        return (None if None in clauses else ("all" if op == "and" else "any", clauses))
    clause = _clause(condition)
    return None if clause is None else ("all", [clause])


def condition_fields(condition: Mapping[str, Any] | None) -> dict[str, str]:
    """The picker fields of a condition; one the pickers cannot show is kept whole in `show_if-custom`."""
    found = condition_clauses(condition)
    if found is None:
        return {"show_if-custom": json.dumps(condition, ensure_ascii=False), "show_if-join": "all"}
    join, clauses = found
    values = {"show_if-join": join}
    for n, clause in enumerate(clauses):
        for part, value in clause.items():
            values[f"show_if-{n}-{part}"] = value
    return values


# -- fields -> definition ----------------------------------------------------------------------

def _one(form: Mapping, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _text(form: Mapping, name: str) -> dict[str, str] | None:
    value = {loc: _one(form, f"{name}-{loc}") for loc in LOCALES}
    value = {loc: text for loc, text in value.items() if text}
    return value or None


def _many(form: Mapping, name: str) -> list[str]:
    """Every value of a field: a MultiDict's list, a list, or a text of comma-separated values."""
    getlist = getattr(form, "getlist", None)
    values = getlist(name) if callable(getlist) else form.get(name)
    if isinstance(values, str):
        values = values.split(",")
    return [v.strip() for v in values or [] if isinstance(v, str) and v.strip()]


def _numbered(form: Mapping, prefix: str) -> list[int]:
    pattern = re.compile(rf"^{prefix}-(\d+)-")
    return sorted({int(m.group(1)) for name in form for m in [pattern.match(name)] if m})


def _whole(raw: str) -> Any:
    # Left as typed when it is not a whole number: the engine's message then names what was typed.
    return int(raw) if re.fullmatch(r"-?\d+", raw) else raw


def _list(form: Mapping, name: str, rows: FormRows, taken: set[str]) -> list[Any]:
    items, origin = [], []
    for n in _numbered(form, name):
        if name == "scale":
            point = _text(form, f"scale-{n}")
            if point:
                items.append(point)
                origin.append(n)
            continue
        key_name = "value" if name == "options" else "key"
        label = _text(form, f"{name}-{n}-label")
        key = _one(form, f"{name}-{n}-{key_name}")
        if not label and not key:
            continue
        if not key and label:
            # A new option needs no key typed: one is made of its Finnish label.
            key = slug_key(label.get("fi", ""), taken, "option" if name == "options" else "row")
        taken.add(key)
        item = {key_name: key}
        if label:
            item["label"] = label
        items.append(item)
        origin.append(n)
    rows.rows[name] = origin
    return items


_MOVE = re.compile(r"^(options|rows)-(\d+)-(up|down)$")


def _row_filled(form: Mapping, name: str, n: int) -> bool:
    key_name = "value" if name == "options" else "key"
    return bool(_one(form, f"{name}-{n}-{key_name}") or _text(form, f"{name}-{n}-label"))


def filled_rows(form: Mapping, name: str) -> list[int]:
    """The numbers of the rows of list `name` (options or rows) that hold an item, in their order."""
    return [n for n in _numbered(form, name) if _row_filled(form, name, n)]


def moved_row(form: MultiDict, move: str) -> tuple[MultiDict, str | None]:
    """The form with one option or row moved (`move` is `options-2-up`, from its button) past the filled row
    before or after it, and the field prefix of its new place (`options-1`); the form unchanged and None when
    `move` names no row that can go that way."""
    found = _MOVE.match(move or "")
    if not found:
        return form, None
    name, n, direction = found.group(1), int(found.group(2)), found.group(3)
    filled = filled_rows(form, name)
    if n not in filled:
        return form, None
    place = filled.index(n) + (-1 if direction == "up" else 1)
    if not 0 <= place < len(filled):
        return form, None
    other = filled[place]
    swap = {f"{name}-{n}-": f"{name}-{other}-", f"{name}-{other}-": f"{name}-{n}-"}
    moved = MultiDict()
    for field_name, value in form.items(multi=True):
        prefix = next((p for p in swap if field_name.startswith(p)), None)
        moved.add(swap[prefix] + field_name[len(prefix):] if prefix else field_name, value)
    return moved, f"{name}-{other}"


def condition_from_form(form: Mapping, rows: FormRows | None = None) -> dict[str, Any] | None:
    """The show_if condition the pickers describe, in the engine's form; None when no row is filled.

    `rows` records which picker row each clause came from, to place the engine's problems on its fields.
    """
    custom = _one(form, "show_if-custom")
    if custom and not form.get("show_if-remove"):
        return json.loads(custom)
    clauses, origin = [], []
    for n in _numbered(form, "show_if"):
        question, op = _one(form, f"show_if-{n}-question"), _one(form, f"show_if-{n}-operator")
        # A number or date typed counts for "is" and "is not" when no answer is chosen from a list.
        values = _many(form, f"show_if-{n}-value") or [v for v in [_one(form, f"show_if-{n}-compare")] if v]
        if not question:
            continue
        origin.append(n)
        if op in ("greater_than", "less_than"):
            # Kept as typed (a blank one too): the engine's message then says what is wrong with it.
            clauses.append({op: {"question": question, "value": _one(form, f"show_if-{n}-compare")}})
        elif op == "between":
            clauses.append({op: {"question": question, "min": _one(form, f"show_if-{n}-compare"),
                                 "max": _one(form, f"show_if-{n}-upper")}})
        elif op in ("answered", "unanswered"):
            clauses.append({op: question})
        elif op == "in":
            clauses.append({"in": {"question": question, "values": values}})
        elif op == "not_equals":
            clauses.append({"not": {"equals": {"question": question, "value": values[0] if values else ""}}})
        else:
            clauses.append({"equals": {"question": question, "value": values[0] if values else ""}})
    if rows is not None:
        rows.rows["show_if"] = origin
    if not clauses:
        return None
    if len(clauses) == 1:
        return clauses[0]
    return {"or" if form.get("show_if-join") == "any" else "and": clauses}


def question_from_form(type_name: str, form: Mapping) -> tuple[dict[str, Any], FormRows]:
    """The question dict the form describes (not yet checked), and where its list items came from."""
    rows = FormRows()
    question: dict[str, Any] = {"key": _one(form, "key"), "type": type_name}
    for name in settings_of(type_name):
        if name in TEXTS:
            value = _text(form, name)
        elif name in FLAGS:
            value = True if form.get(name) else None
        elif name in LISTS:
            value = _list(form, name, rows, set())
        elif name == "show_if":
            value = condition_from_form(form, rows)
        elif name in WHOLE_NUMBERS:
            value = _whole(_one(form, name)) if _one(form, name) else None
        else:
            value = _one(form, name) or None
        if value is not None and value != []:
            question[name] = value
        elif name in LISTS and name in QUESTION_TYPES[type_name].own_required:
            question[name] = []
    return question, rows


def page_from_form(form: Mapping, rows: FormRows | None = None) -> dict[str, Any]:
    """The page settings the form describes (its questions are kept by the caller)."""
    page = {"key": _one(form, "key"), "title": _text(form, "title"), "description": _text(form, "description"),
            "show_if": condition_from_form(form, rows)}
    return {name: value for name, value in page.items() if value}


# -- problems -> fields ------------------------------------------------------------------------

_REQUIRED_KEY = re.compile(r"missing the required key '([a-z_]+)'")


def field_for(parts: tuple, message: str, rows: FormRows | None = None) -> str | None:
    """The form field a problem concerns, from its path below the question or page; None for the form."""
    if not parts:
        found = _REQUIRED_KEY.search(message)
        if not found:
            return None
        name = found.group(1)
        return f"{name}-fi" if name in TEXTS else name
    name = parts[0]
    if name in TEXTS:
        return f"{name}-{parts[1]}" if len(parts) > 1 and parts[1] in LOCALES else f"{name}-fi"
    if name in LISTS:
        if len(parts) < 2 or not isinstance(parts[1], int):
            return name
        origin = (rows.rows.get(name) if rows else None) or []
        n = origin[parts[1]] if parts[1] < len(origin) else parts[1]
        if name == "scale":
            return f"scale-{n}-{parts[2] if len(parts) > 2 and parts[2] in LOCALES else 'fi'}"
        key_name = "value" if name == "options" else "key"
        if len(parts) > 2 and parts[2] == "label":
            return f"{name}-{n}-label-{parts[3] if len(parts) > 3 and parts[3] in LOCALES else 'fi'}"
        return f"{name}-{n}-{key_name}"
    if name == "show_if":
        return _condition_field(parts[1:], rows)
    return str(name)


def _condition_field(parts: tuple, rows: FormRows | None) -> str:
    """The picker field a problem below show_if concerns: a row's question, answers or typed value."""
    clause = 0
    if len(parts) > 1 and parts[0] in ("and", "or") and isinstance(parts[1], int):
        clause, parts = parts[1], parts[2:]
    if parts[:1] == ("not",):
        parts = parts[1:]
    if len(parts) < 2:
        return "show_if"
    origin = (rows.rows.get("show_if") if rows else None) or []
    n = origin[clause] if clause < len(origin) else clause
    operator, part = parts[0], parts[1]
    if part == "question":
        return f"show_if-{n}-question"
    if part == "max":
        return f"show_if-{n}-upper"
    if operator in ("greater_than", "less_than", "between"):
        return f"show_if-{n}-compare"
    return f"show_if-{n}-value"


def problems_by_field(problems: list[DefinitionProblem], prefix: tuple, rows: FormRows | None = None,
                      ) -> tuple[dict[str, list[str]], list[str]]:
    """The engine's problems below `prefix` (the part's path) by form field, and the others for the summary."""
    by_field: dict[str, list[str]] = {}
    others: list[str] = []
    for problem in problems:
        parts = problem.parts
        name = field_for(parts[len(prefix):], problem.message, rows) if parts[:len(prefix)] == prefix else None
        if name is None:
            others.append(f"{problem.path or '–'}: {definition_problem_text(problem)}")
        else:
            by_field.setdefault(name, []).append(definition_problem_text(problem))
    return by_field, others
