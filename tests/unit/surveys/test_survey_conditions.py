"""The show_if operators, and properties of the evaluator checked with hypothesis."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys import (And, Answered, DefinitionError, Equals, In, Not, Or, Selection, Unanswered,
                     condition_from_dict, condition_to_dict, evaluate)


def test_equals_matches_plain_values_and_yaml_yes():
    assert evaluate({"equals": {"question": "q1", "value": "a"}}, {"q1": "a"})
    assert not evaluate({"equals": {"question": "q1", "value": "a"}}, {"q1": "b"})
    # YAML reads an unquoted yes as True; it must match a yes_no answer of True.
    assert evaluate({"equals": {"question": "q1", "value": True}}, {"q1": True})
    assert evaluate({"equals": {"question": "q1", "value": "yes"}}, {"q1": True})
    assert not evaluate({"equals": {"question": "q1", "value": True}}, {"q1": False})


def test_equals_compares_numbers_by_value():
    assert evaluate(Equals("n", "5"), {"n": Decimal("5.0")})
    assert evaluate({"equals": {"question": "n", "value": 5}}, {"n": 5})
    assert evaluate({"equals": {"question": "n", "value": 1.5}}, {"n": Decimal("1.50")})


def test_equals_on_selection_means_chosen():
    answers = {"q": Selection(("a", "c"))}
    assert evaluate(Equals("q", "c"), answers)
    assert not evaluate(Equals("q", "b"), answers)


def test_in_matches_any_of_values_also_for_multiple_choice():
    assert evaluate(In("q", ("a", "b")), {"q": "b"})
    assert not evaluate(In("q", ("a", "b")), {"q": "c"})
    assert evaluate(In("q", ("x", "c")), {"q": Selection(("a", "c"))})
    assert not evaluate(In("q", ("x", "y")), {"q": Selection(("a", "c"))})
    assert evaluate(In("r", ("b",)), {"r": ("a", "b")})


def test_not_and_or():
    yes, no = Answered("a"), Answered("b")
    answers = {"a": "x"}
    assert evaluate(Not(no), answers) and not evaluate(Not(yes), answers)
    assert evaluate(And((yes, Not(no))), answers) and not evaluate(And((yes, no)), answers)
    assert evaluate(Or((no, yes)), answers) and not evaluate(Or((no, no)), answers)


@pytest.mark.parametrize("value,answered", [
    (None, False), ("", False), ("  ", False), (Selection(()), False), ((), False), ({}, False),
    ("x", True), (False, True), (Decimal(0), True), (Selection(("a",)), True), ({"r": 1}, True),
])
def test_answered_and_unanswered(value, answered):
    assert evaluate(Answered("q"), {"q": value}) is answered
    assert evaluate(Unanswered("q"), {"q": value}) is not answered
    assert evaluate(Unanswered("q"), {}) and not evaluate(Answered("q"), {})


def test_missing_question_is_unanswered_and_never_equal():
    assert not evaluate(Equals("q", "a"), {})
    assert not evaluate(In("q", ("a",)), {})


def test_condition_dict_round_trip():
    data = {"and": [{"not": {"answered": "a"}},
                    {"or": [{"equals": {"question": "b", "value": "yes"}},
                            {"in": {"question": "c", "values": ["x", "y"]}},
                            {"unanswered": "d"}]}]}
    assert condition_to_dict(condition_from_dict(data)) == data


@pytest.mark.parametrize("data,fragment", [
    ({"equal": {"question": "a", "value": 1}}, "did you mean 'equals'"),
    ({"answered": "a", "unanswered": "b"}, "exactly one operator"),
    ({"and": []}, "at least 1 item"),
    ({"in": {"question": "a", "values": "x"}}, "show_if.in.values"),
    ({"equals": {"question": "a"}}, "missing the required key 'value'"),
])
def test_invalid_conditions_are_reported(data, fragment):
    with pytest.raises(DefinitionError) as info:
        condition_from_dict(data)
    assert fragment in str(info.value)


# -- properties -----------------------------------------------------------------------------------

KEYS = ["q1", "q2", "q3"]
VALUES = ["a", "b", "c"]
leaf = st.one_of(
    st.builds(Equals, st.sampled_from(KEYS), st.sampled_from(VALUES)),
    st.builds(In, st.sampled_from(KEYS),
              st.lists(st.sampled_from(VALUES), min_size=1, max_size=3).map(tuple)),
    st.builds(Answered, st.sampled_from(KEYS)),
    st.builds(Unanswered, st.sampled_from(KEYS)),
)
conditions = st.recursive(leaf, lambda inner: st.one_of(
    st.builds(Not, inner),
    st.builds(And, st.lists(inner, min_size=1, max_size=3).map(tuple)),
    st.builds(Or, st.lists(inner, min_size=1, max_size=3).map(tuple)),
), max_leaves=8)
answer_values = st.one_of(
    st.none(), st.just(""), st.sampled_from(VALUES),
    st.lists(st.sampled_from(VALUES), unique=True).map(lambda v: Selection(tuple(v))),
)
answer_sets = st.dictionaries(st.sampled_from(KEYS), answer_values)


@given(conditions, answer_sets)
def test_double_negation_is_identity(condition, answers):
    assert evaluate(Not(Not(condition)), answers) == evaluate(condition, answers)


@given(conditions, conditions, answer_sets)
def test_de_morgan(a, b, answers):
    assert evaluate(Not(And((a, b))), answers) == evaluate(Or((Not(a), Not(b))), answers)
    assert evaluate(Not(Or((a, b))), answers) == evaluate(And((Not(a), Not(b))), answers)


@given(st.sampled_from(KEYS), answer_sets)
def test_answered_and_unanswered_are_complementary(key, answers):
    assert evaluate(Answered(key), answers) != evaluate(Unanswered(key), answers)


@given(conditions, answer_sets)
def test_dict_form_evaluates_the_same(condition, answers):
    assert evaluate(condition_to_dict(condition), answers) == evaluate(condition, answers)


@given(st.sampled_from(KEYS), st.lists(st.sampled_from(VALUES), min_size=1).map(tuple),
       answer_sets)
def test_in_is_or_of_equals(key, values, answers):
    assert evaluate(In(key, values), answers) == \
        evaluate(Or(tuple(Equals(key, v) for v in values)), answers)


def test_numbers_compare_by_size_greater_less_and_between_inclusive():
    more, less = {"greater_than": {"question": "n", "value": 10}}, {"less_than": {"question": "n", "value": "10"}}
    between = {"between": {"question": "n", "min": 5, "max": 15.5}}
    assert [evaluate(more, {"n": Decimal(v)}) for v in ("5", "10", "15")] == [False, False, True]
    assert [evaluate(less, {"n": Decimal(v)}) for v in ("5", "10", "15")] == [True, False, False]
    assert [evaluate(between, {"n": Decimal(v)}) for v in ("4.9", "5", "15.5", "15.6")] == [False, True, True, False]
    assert not evaluate(more, {}) and not evaluate(less, {}) and not evaluate(between, {"n": None})


def test_dates_compare_later_earlier_and_between():
    after = {"greater_than": {"question": "d", "value": dt.date(2025, 1, 31)}}
    within = {"between": {"question": "d", "min": "2025-01-01", "max": "2025-12-31"}}
    assert evaluate(after, {"d": dt.date(2025, 2, 1)}) and not evaluate(after, {"d": dt.date(2025, 1, 31)})
    assert evaluate(within, {"d": dt.date(2025, 6, 1)}) and not evaluate(within, {"d": dt.date(2026, 1, 1)})


def test_comparisons_round_trip_in_their_canonical_form():
    for data, canonical in (
            ({"greater_than": {"question": "n", "value": 5.0}}, {"greater_than": {"question": "n", "value": "5"}}),
            ({"less_than": {"question": "d", "value": dt.date(2025, 1, 2)}},
             {"less_than": {"question": "d", "value": "2025-01-02"}}),
            ({"between": {"question": "n", "min": "1.50", "max": 3}}, {"between": {"question": "n", "min": "1.5", "max": "3"}})):
        assert condition_to_dict(condition_from_dict(data)) == canonical
        assert condition_to_dict(condition_from_dict(canonical)) == canonical
