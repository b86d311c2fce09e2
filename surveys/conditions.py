"""The show_if expression language: condition classes, their parser and the evaluator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Union

from .errors import N_, DefinitionError, phrase
from .schema import Checker, child, describe
from .values import Selection

OPERATORS = ("equals", "in", "not", "and", "or", "answered", "unanswered", "greater_than", "less_than", "between")
#: the operators that compare a number or date answer by size, with the limits each takes
COMPARISONS = {"greater_than": ("value",), "less_than": ("value",), "between": ("min", "max")}


@dataclass(frozen=True)
class Equals:
    """True when the answer to ``question`` is ``value`` (or, for lists, contains it)."""

    question: str
    value: str


@dataclass(frozen=True)
class In:
    """True when the answer to ``question`` is (or, for lists, contains any) of ``values``."""

    question: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Not:
    """True when ``condition`` is false."""

    condition: Condition


@dataclass(frozen=True)
class And:
    """True when every one of ``conditions`` is true."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Or:
    """True when at least one of ``conditions`` is true."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Answered:
    """True when ``question`` has an answer."""

    question: str


@dataclass(frozen=True)
class Unanswered:
    """True when ``question`` has no answer (also when it is hidden)."""

    question: str


@dataclass(frozen=True)
class GreaterThan:
    """True when the answer to ``question`` (a number, or a date: later) is greater than ``value``."""

    question: str
    value: str


@dataclass(frozen=True)
class LessThan:
    """True when the answer to ``question`` (a number, or a date: earlier) is less than ``value``."""

    question: str
    value: str


@dataclass(frozen=True)
class Between:
    """True when the answer to ``question`` (a number or a date) is at least ``min`` and at most ``max``."""

    question: str
    min: str
    max: str


Condition = Union[Equals, In, Not, And, Or, Answered, Unanswered, GreaterThan, LessThan, Between]


@dataclass(frozen=True)
class Reference:
    """A question that a condition reads, with the values it compares, for cross-checks."""

    question: str
    values: tuple[str, ...]
    path: str
    values_path: str = ""
    #: for greater_than, less_than and between: the path of each value, compared by size with the answer
    ordered_paths: tuple[str, ...] = ()


def comparable(value: Any) -> str:
    """The text form under which answers and condition values are compared.

    yes/no answers compare as ``"yes"``/``"no"`` (so YAML's unquoted ``yes`` works),
    numbers by value (``5``, ``5.0`` and ``"5"`` are equal), dates as yyyy-mm-dd.
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        return format(number.normalize(), "f") if number.is_finite() else str(number)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def ordered_value(text: str, like: Any) -> Decimal | dt.date | None:
    """A condition's limit (``comparable`` text) read as the kind of ``like`` (a number or a date answer),
    to compare it by size; None when it is not one, or ``like`` is neither."""
    if isinstance(like, dt.date):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    if isinstance(like, (int, float, Decimal)) and not isinstance(like, bool):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _compared(answer: Any, *limits: str) -> list[Any] | None:
    """The answer and the limits as the answer's kind, or None when the answer is not a number or date."""
    if answer is None or isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float)):
        answer = Decimal(str(answer))
    values = [ordered_value(limit, answer) for limit in limits]
    if not isinstance(answer, (Decimal, dt.date)) or any(v is None for v in values):
        return None
    return [answer, *values]


def _chosen(value: Any) -> frozenset[str]:
    if value is None or isinstance(value, Mapping):
        return frozenset()
    if isinstance(value, Selection):
        return frozenset(value.options)
    if isinstance(value, (list, tuple, set, frozenset)):
        return frozenset(comparable(v) for v in value)
    return frozenset({comparable(value)})


def is_answered(value: Any) -> bool:
    """Whether ``value`` counts as an answer: not None, not blank, not an empty collection."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Selection):
        return bool(value.options)
    if isinstance(value, (list, tuple, set, frozenset, Mapping)):
        return bool(value)
    return True


def evaluate(condition: Condition | Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    """Evaluate ``condition`` against ``answers`` (question key -> normalised value).

    A key missing from ``answers`` is unanswered; callers pass only visible answers,
    so a hidden question reads as unanswered. A plain mapping is parsed first and
    raises :class:`~surveys.errors.DefinitionError` when it is not a valid condition.
    """
    if isinstance(condition, Mapping):
        condition = condition_from_dict(condition)
    if isinstance(condition, Equals):
        return condition.value in _chosen(answers.get(condition.question))
    if isinstance(condition, In):
        return not _chosen(answers.get(condition.question)).isdisjoint(condition.values)
    if isinstance(condition, Not):
        return not evaluate(condition.condition, answers)
    if isinstance(condition, And):
        return all(evaluate(c, answers) for c in condition.conditions)
    if isinstance(condition, Or):
        return any(evaluate(c, answers) for c in condition.conditions)
    if isinstance(condition, Answered):
        return is_answered(answers.get(condition.question))
    if isinstance(condition, Unanswered):
        return not is_answered(answers.get(condition.question))
    if isinstance(condition, (GreaterThan, LessThan)):
        found = _compared(answers.get(condition.question), condition.value)
        if found is None:
            return False
        return found[0] > found[1] if isinstance(condition, GreaterThan) else found[0] < found[1]
    if isinstance(condition, Between):
        found = _compared(answers.get(condition.question), condition.min, condition.max)
        return found is not None and found[1] <= found[0] <= found[2]
    raise TypeError(f"not a condition: {condition!r}")


def questions_read(condition: Condition) -> frozenset[str]:
    """The keys of the questions whose answers ``condition`` reads."""
    if isinstance(condition, Not):
        return questions_read(condition.condition)
    if isinstance(condition, (And, Or)):
        return frozenset().union(*(questions_read(c) for c in condition.conditions))
    return frozenset({condition.question})


def condition_to_dict(condition: Condition) -> dict[str, Any]:
    """The YAML/JSON form of ``condition``."""
    if isinstance(condition, Equals):
        return {"equals": {"question": condition.question, "value": condition.value}}
    if isinstance(condition, In):
        return {"in": {"question": condition.question, "values": list(condition.values)}}
    if isinstance(condition, Not):
        return {"not": condition_to_dict(condition.condition)}
    if isinstance(condition, (And, Or)):
        name = "and" if isinstance(condition, And) else "or"
        return {name: [condition_to_dict(c) for c in condition.conditions]}
    if isinstance(condition, GreaterThan):
        return {"greater_than": {"question": condition.question, "value": condition.value}}
    if isinstance(condition, LessThan):
        return {"less_than": {"question": condition.question, "value": condition.value}}
    if isinstance(condition, Between):
        return {"between": {"question": condition.question, "min": condition.min, "max": condition.max}}
    name = "answered" if isinstance(condition, Answered) else "unanswered"
    return {name: condition.question}


def condition_from_dict(data: Mapping[str, Any]) -> Condition:
    """Parse a condition mapping; raise DefinitionError listing every problem."""
    checker = Checker()
    result = parse_condition(data, "show_if", checker, [])
    if checker.problems or result is None:
        raise DefinitionError(checker.problems)
    return result


def _scalar(checker: Checker, data: Any, path: str) -> str | None:
    if isinstance(data, (str, bool, int, float, Decimal, dt.date)) and data != "":
        return comparable(data)
    checker.problem(path, phrase(N_("a condition value must be a text, number or yes/no, but found %(found)s"),
                                 found=describe(data)))
    return None


def parse_condition(data: Any, path: str, checker: Checker, refs: list[Reference],
                    ) -> Condition | None:
    """Parse a show_if expression at ``path``; record problems and referenced questions."""
    what = phrase(N_("a condition"))
    if not isinstance(data, Mapping) or len(data) != 1:
        if isinstance(data, Mapping):
            message = phrase(N_("a condition must be a mapping with exactly one operator (%(operators)s), "
                                "but found a mapping with %(count)s keys"),
                             operators=", ".join(OPERATORS), count=len(data))
        else:
            message = phrase(N_("a condition must be a mapping with exactly one operator (%(operators)s), "
                                "but found %(found)s"), operators=", ".join(OPERATORS), found=describe(data))
        checker.problem(path, message)
        return None
    if not checker.mapping(data, path, what, optional=OPERATORS):
        return None
    (op, arg), = data.items()
    here = child(path, str(op))
    if op in ("answered", "unanswered"):
        key = checker.key(arg, here, phrase(N_("the question of '%(operator)s'"), operator=op))
        if key is None:
            return None
        refs.append(Reference(key, (), here))
        return Answered(key) if op == "answered" else Unanswered(key)
    if op == "not":
        inner = parse_condition(arg, here, checker, refs)
        return Not(inner) if inner is not None else None
    if op in ("and", "or"):
        items = checker.sequence(arg, here, phrase(N_("the conditions of '%(operator)s'"), operator=op))
        parts = [parse_condition(item, child(here, i), checker, refs)
                 for i, item in enumerate(items)]
        if not items or any(p is None for p in parts):
            return None
        return (And if op == "and" else Or)(tuple(parts))
    if op in COMPARISONS:
        return _comparison(op, arg, here, checker, refs)
    values_key = "value" if op == "equals" else "values"
    if not checker.mapping(arg, here, f"'{op}'", required=("question", values_key)):
        return None
    key = checker.key(arg.get("question"), child(here, "question"),
                      phrase(N_("the question of '%(operator)s'"), operator=op))
    if op == "equals":
        raw_values = [arg.get("value")] if "value" in arg else []
        value_paths = [child(here, "value")]
    else:
        raw_values = checker.sequence(arg.get("values"), child(here, "values"), phrase(N_("'in' values")))
        value_paths = [child(child(here, "values"), i) for i in range(len(raw_values))]
    values = [_scalar(checker, v, p) for v, p in zip(raw_values, value_paths)]
    if key is None or not raw_values or any(v is None for v in values):
        return None
    refs.append(Reference(key, tuple(values), child(here, "question"), child(here, values_key)))
    if op == "equals":
        return Equals(key, values[0])
    return In(key, tuple(values))


def _normalised(text: str) -> str:
    """A limit typed as text: a number in the comparable form (``"5.0"`` as ``"5"``), anything else as it is."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return comparable(number) if number.is_finite() else text


def _comparison(op: str, arg: Any, here: str, checker: Checker, refs: list[Reference]) -> Condition | None:
    """greater_than and less_than ``{question, value}``, between ``{question, min, max}``: a number or a
    yyyy-mm-dd date each, checked against the question's type by the loader."""
    limits = COMPARISONS[op]
    if not checker.mapping(arg, here, f"'{op}'", required=("question", *limits)):
        return None
    key = checker.key(arg.get("question"), child(here, "question"),
                      phrase(N_("the question of '%(operator)s'"), operator=op))
    paths = tuple(child(here, name) for name in limits)
    values = []
    for name, path in zip(limits, paths):
        raw = arg.get(name)
        if isinstance(raw, (int, float, Decimal, dt.date)) and not isinstance(raw, bool):
            values.append(comparable(raw))
        elif isinstance(raw, str) and raw.strip():
            values.append(_normalised(raw.strip()))
        else:
            checker.problem(path, phrase(N_("the value of '%(operator)s' must be a number or a date written as "
                                            "yyyy-mm-dd, but found %(found)s"), operator=op, found=describe(raw)))
            values.append(None)
    if key is None or None in values:
        return None
    refs.append(Reference(key, tuple(values), child(here, "question"), ordered_paths=paths))
    if op == "between":
        return Between(key, values[0], values[1])
    return (GreaterThan if op == "greater_than" else LessThan)(key, values[0])
