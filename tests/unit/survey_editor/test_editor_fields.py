"""Questions and pages through the editor's form fields come back as the same canonical definition."""

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from app.survey_editor import operations as ops
from app.survey_editor.question_fields import (page_fields, page_from_form, problems_by_field, question_fields,
                                               question_from_form)
from surveys import QUESTION_TYPES, canonical_json, content_hash, evaluate, load_text
from tests.fixtures.definitions import LIBRARY


def _as_posted(values: dict) -> dict:
    """What a browser posts for these form values: a ticked box as 'y', an unticked one not at all."""
    return {name: ("y" if value is True else value) for name, value in values.items() if value is not False}


def _through_forms(data: dict) -> dict:
    out = copy.deepcopy(data)
    for page in out["pages"]:
        page.update(page_from_form(_as_posted(page_fields(page))))
        page["questions"] = [question_from_form(q["type"], _as_posted(question_fields(q)))[0]
                             for q in page["questions"]]
    return out


def test_the_library_survey_saved_through_the_forms_is_the_same_definition():
    definition = load_text((LIBRARY / "jarjestokysely.yaml").read_text(encoding="utf-8"))
    data = ops.editable(definition)
    assert content_hash(ops.checked(_through_forms(data))) == content_hash(definition)


_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöå ", min_size=1, max_size=12).map(str.strip).filter(bool)
_texts = st.fixed_dictionaries({"fi": _words}, optional={"sv": _words, "en": _words})


@st.composite
def _questions(draw, key: str):
    type_name = draw(st.sampled_from(sorted(QUESTION_TYPES)))
    question = ops.blank_question(type_name, key)
    if "label" in question or QUESTION_TYPES[type_name].has_answer:
        question["label"] = draw(_texts)
    if draw(st.booleans()):
        question["help"] = draw(_texts)
    if QUESTION_TYPES[type_name].has_answer and draw(st.booleans()):
        question["required"] = True
    for name in ("options", "rows"):
        if name in question:
            count = draw(st.integers(2, 5))
            field = "value" if name == "options" else "key"
            question[name] = [{field: f"{name[:3]}_{i}", "label": draw(_texts)} for i in range(count)]
    if "scale" in question:
        question["scale"] = [draw(_texts) for _ in range(draw(st.integers(2, 7)))]
        if draw(st.booleans()):
            question["cannot_say"] = draw(_texts)
    if type_name in ("short_text", "long_text") and draw(st.booleans()):
        question["max_length"] = draw(st.integers(1, 3000))
    if type_name == "number" and draw(st.booleans()):
        question["min"], question["max"], question["integer"] = "0", "100", True
    if type_name == "single_choice" and draw(st.booleans()):
        question["other"], question["display"] = True, "dropdown"
    if type_name == "multiple_choice" and draw(st.booleans()):
        question["min_selections"] = 1
    return question


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_random_valid_definitions_saved_through_the_forms_stay_the_same(data):
    first = [{"key": "gate", "type": "yes_no", "label": data.draw(_texts)},
             {"key": "amount", "type": "number", "label": data.draw(_texts)},
             {"key": "since", "type": "date", "label": data.draw(_texts)}]
    questions = first + [data.draw(_questions(f"q_{i}")) for i in range(data.draw(st.integers(1, 4)))]
    conditions = st.sampled_from([
        {"equals": {"question": "gate", "value": "yes"}}, {"unanswered": "gate"},
        {"or": [{"answered": "gate"}, {"not": {"equals": {"question": "gate", "value": "no"}}}]},
        {"greater_than": {"question": "amount", "value": "10"}}, {"equals": {"question": "amount", "value": "3"}},
        {"between": {"question": "since", "min": "2020-01-01", "max": "2025-12-31"}},
        {"and": [{"less_than": {"question": "amount", "value": "2.5"}}, {"answered": "gate"}]}])
    if data.draw(st.booleans()):
        questions[-1]["show_if"] = data.draw(conditions)
    definition = {"key": "random", "title": data.draw(_texts), "pages": [
        {"key": "first", "title": data.draw(_texts), "questions": questions[:3]},
        {"key": "second", "title": data.draw(_texts), "questions": questions[3:],
         **({"show_if": data.draw(conditions)} if data.draw(st.booleans()) else {})}]}
    before = canonical_json(ops.checked(definition))
    assert canonical_json(ops.checked(_through_forms(ops.editable(ops.checked(definition))))) == before


def test_a_condition_built_with_the_pickers_evaluates_as_the_same_condition_written_in_yaml():
    written = load_text("""
key: picked
title: {fi: Kysely}
pages:
  - key: first
    title: {fi: Eka}
    questions:
      - {key: colour, type: single_choice, label: {fi: Väri},
         options: [{value: red, label: {fi: Punainen}}, {value: blue, label: {fi: Sininen}}]}
      - {key: age, type: number, label: {fi: Ikä}}
      - key: why
        type: long_text
        label: {fi: Miksi}
        show_if: {or: [{in: {question: colour, values: [red, blue]}}, {answered: age}]}
""")
    data = ops.editable(written)
    picked = question_fields(data["pages"][0]["questions"][2])
    posted = {**{k: v for k, v in picked.items() if not k.startswith("show_if")},
              "show_if-join": "any", "show_if-0-question": "colour", "show_if-0-operator": "in",
              "show_if-0-value": "red, blue", "show_if-1-question": "age", "show_if-1-operator": "answered",
              "show_if-1-value": "", "show_if-2-question": "", "show_if-2-operator": "equals", "show_if-2-value": ""}
    question, _rows = question_from_form("long_text", posted)
    built = ops.checked(ops.update_question(data, "why", question))
    for answers in ({}, {"colour": "red"}, {"age": 3}, {"colour": "green"}):
        assert evaluate(built.question("why").show_if, answers) == evaluate(written.question("why").show_if, answers)
    assert content_hash(built) == content_hash(written)


def test_engine_problems_land_on_the_form_field_they_concern():
    data = {"key": "k", "title": {"fi": "K"}, "pages": [{"key": "p", "title": {"fi": "P"}, "questions": [
        {"key": "q", "type": "short_text", "label": {"fi": "Q"}}]}]}
    posted = {"key": "choice", "label-fi": "Valinta", "options-0-value": "a", "options-0-label-fi": "A",
              "options-1-value": "", "options-1-label-fi": "", "options-2-value": "a", "options-2-label-fi": "B",
              "max_selections": "many"}
    question, rows = question_from_form("multiple_choice", posted)
    try:
        ops.update_question(data, "q", question)
    except ops.EditRejected as refused:
        fields, others = problems_by_field(refused.problems, refused.prefix, rows)
    assert "options-2-value" in fields and "max_selections" in fields
    assert others == []
    posted_blank = {"key": "q", "label-fi": "", "label-sv": "Fråga"}
    question, rows = question_from_form("short_text", posted_blank)
    try:
        ops.update_question(data, "q", question)
    except ops.EditRejected as refused:
        fields, _others = problems_by_field(refused.problems, refused.prefix, rows)
    assert list(fields) == ["label-fi"]
