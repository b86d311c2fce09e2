"""Loader errors: every problem, with file, path in the document and line."""

from __future__ import annotations

import json
import textwrap

import pytest

from surveys import DefinitionError, definition_from_dict, load_file, load_text

VALID = textwrap.dedent("""\
    key: demo
    title: {fi: Demo, sv: Demo, en: Demo}
    pages:
      - key: p1
        title: {fi: Sivu}
        questions:
          - key: q1
            type: yes_no
            label: {fi: Onko}
          - key: q2
            type: short_text
            label: {fi: Mikä}
            show_if: {equals: {question: q1, value: yes}}
    """)


def problems(text: str) -> list:
    with pytest.raises(DefinitionError) as info:
        load_text(text, filename="demo.yaml")
    return info.value.errors


def only(text: str):
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_valid_definition_loads():
    definition = load_text(VALID, filename="demo.yaml")
    assert definition.key == "demo"
    assert [q.key for q in definition.questions()] == ["q1", "q2"]


def test_json_is_accepted(tmp_path):
    data = {"key": "demo", "title": {"fi": "Demo"}, "pages": [
        {"key": "p1", "title": {"fi": "S"}, "questions": [
            {"key": "q1", "type": "email", "label": {"fi": "Posti"}}]}]}
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(data, indent="\t"), encoding="utf-8")
    assert load_file(path).question("q1").type_name == "email"
    assert load_file(str(path)).key == "demo"


def test_unknown_key_names_path_line_and_suggestion():
    problem = only(VALID.replace("label: {fi: Mikä}",
                                 "lable: {fi: Mikä}\n        label: {fi: M}"))
    assert problem.path == "pages[0].questions[1].lable"
    assert problem.line == 12
    assert problem.file == "demo.yaml"
    text = str(problem)
    assert "demo.yaml, line 12: pages[0].questions[1].lable" in text
    assert "did you mean 'label'?" in text


def test_duplicate_key_in_a_mapping_is_reported_with_both_lines():
    problem = only(VALID.replace("label: {fi: Onko}", "label: {fi: Onko}\n        label: {fi: X}"))
    assert problem.path == "pages[0].questions[0].label"
    assert problem.line == 10
    assert "already given on line 9" in problem.message


def test_duplicate_question_keys_across_pages():
    text = VALID + ("  - key: p2\n"
                    "    title: {fi: Toinen}\n"
                    "    questions:\n"
                    "      - key: q1\n"
                    "        type: yes_no\n"
                    "        label: {fi: Taas}\n")
    problem = only(text)
    assert problem.path == "pages[1].questions[0].key"
    assert "already used by pages[0].questions[0]" in problem.message


def test_show_if_referencing_a_later_question():
    text = VALID.replace("show_if: {equals: {question: q1, value: yes}}",
                         "show_if: {answered: q3}") + ("      - key: q3\n"
                                                        "        type: yes_no\n"
                                                        "        label: {fi: Myöhemmin}\n")
    problem = only(text)
    assert problem.path == "pages[0].questions[1].show_if.answered"
    assert "pages[0].questions[2]" in problem.message and "earlier" in problem.message


def test_show_if_referencing_itself_or_unknown_question():
    found = problems(VALID.replace("question: q1, value: yes", "question: q2, value: yes"))
    assert any("show_if.equals.question" in str(p) and "not before" in p.message for p in found)
    problem = only(VALID.replace("question: q1,", "question: q11,"))
    assert "pages[0].questions[1].show_if.equals.question" in str(problem)
    assert "does not exist; did you mean 'q1'?" in problem.message


def test_show_if_value_must_be_a_possible_answer():
    problem = only(VALID.replace("value: yes", "value: maybe"))
    assert problem.path == "pages[0].questions[1].show_if.equals.value"
    assert "possible values are: no, yes" in problem.message


def test_page_show_if_cannot_use_its_own_questions():
    text = VALID.replace("    title: {fi: Sivu}",
                         "    title: {fi: Sivu}\n    show_if: {answered: q1}")
    problem = only(text)
    assert problem.path == "pages[0].show_if.answered"


def test_bad_type_lists_the_types():
    problem = only(VALID.replace("type: short_text", "type: shorttext"))
    assert problem.path == "pages[0].questions[1].type"
    assert "did you mean 'short_text'?" in problem.message
    assert "single_choice" in problem.message


def test_missing_fi_text():
    problem = only(VALID.replace("label: {fi: Onko}", "label: {sv: Är det}"))
    assert problem.path == "pages[0].questions[0].label"
    assert "missing the required key 'fi'" in problem.message


def test_plain_string_text_explains_the_mapping_form():
    problem = only(VALID.replace("label: {fi: Onko}", "label: Onko"))
    assert "{fi: \"...\", sv: \"...\", en: \"...\"}" in problem.message


def test_all_problems_are_collected_in_line_order():
    text = textwrap.dedent("""\
        key: Bad Key
        title: {fi: T, se: X}
        pages:
          - key: p1
            title: {fi: S}
            questions:
              - key: c
                type: multiple_choice
                label: {fi: V}
                min_selections: 3
                options:
                  - {value: a, label: {fi: A}}
                  - {value: a, label: {fi: B}}
              - key: n
                type: number
                label: {fi: N}
                min: 10
                max: 1
        """)
    found = problems(text)
    paths = [p.path for p in found]
    assert paths == ["key", "title.se", "pages[0].questions[0].min_selections",
                     "pages[0].questions[0].options[1].value", "pages[0].questions[1].max"]
    assert [p.line for p in found] == sorted(p.line for p in found)
    assert "did you mean 'sv'?" in found[1].message
    assert "has only 2 options" in found[2].message
    assert "already used by options[0]" in found[3].message


def test_options_path_when_options_are_not_a_list():
    text = VALID.replace("type: yes_no", "type: single_choice\n        options: a, b")
    problem = only(text)
    assert problem.path == "pages[0].questions[0].options"
    assert problem.line == 9
    assert "must be a list" in problem.message


def test_invalid_yaml_reports_line():
    problem = only("key: demo\ntitle: {fi: x\npages: []\n")
    assert problem.line is not None and "not valid YAML" in problem.message


def test_empty_file():
    assert "empty" in only("").message


def test_definition_from_dict_reports_paths_without_lines():
    with pytest.raises(DefinitionError) as info:
        definition_from_dict({"key": "x", "title": {"fi": "T"}, "pages": [{"key": "p"}]})
    messages = [str(e) for e in info.value.errors]
    assert any("pages[0]" in m and "'title'" in m for m in messages)
    assert all(e.line is None for e in info.value.errors)


def test_yaml_anchors_are_followed():
    text = VALID.replace("label: {fi: Onko}", "label: &l {fi: Onko}").replace(
        "label: {fi: Mikä}", "label: *l")
    assert load_text(text).question("q2").label.fi == "Onko"


def test_option_values_must_be_slugs_and_hint_quotes():
    text = VALID.replace("type: yes_no", "type: single_choice\n        options:\n"
                                         "          - {value: 1, label: {fi: A}}\n"
                                         "          - {value: B C, label: {fi: B}}")
    found = problems(text)
    assert [p.path for p in found] == ["pages[0].questions[0].options[0].value",
                                       "pages[0].questions[0].options[1].value"]
    assert "quote it" in found[0].message


def test_missing_type_settings_are_reported_once_each():
    text = VALID.replace("type: yes_no", "type: matrix")
    found = problems(text)
    assert [(p.path, p.message) for p in found] == [
        ("pages[0].questions[0]", "question of type 'matrix' is missing the required key 'scale'"),
        ("pages[0].questions[0]", "question of type 'matrix' is missing the required key 'rows'"),
    ]


def test_missing_required_keys_are_reported_once():
    found = problems("key: demo\npages:\n  - key: p1\n    questions:\n      - type: yes_no\n")
    assert [(p.path, p.message) for p in found] == [
        ("", "the survey is missing the required key 'title'"),
        ("pages[0]", "a page is missing the required key 'title'"),
        ("pages[0].questions[0]", "question of type 'yes_no' is missing the required key 'key'"),
        ("pages[0].questions[0]",
         "question of type 'yes_no' is missing the required key 'label'"),
    ]


@pytest.mark.parametrize("source,expected", [
    ("q1", "must name a multiple_choice question, but 'q1' is yes_no"),
    ("nothing", "'nothing', which is not a question asked before this one"),
])
def test_ranking_options_from_must_name_an_earlier_multiple_choice_question(source, expected):
    text = VALID + textwrap.indent(textwrap.dedent(f"""\
        - key: ranked
          type: ranking
          options_from: {source}
          label: {{fi: Järjestys}}
          options:
            - {{value: a, label: {{fi: A}}}}
            - {{value: b, label: {{fi: B}}}}
        """), "      ")
    problem = only(text)
    assert problem.path == "pages[0].questions[2].options_from" and expected in problem.message


def test_prefill_names_register_data_and_an_unknown_source_is_refused():
    text = VALID.replace("        label: {fi: Mikä}\n", "        label: {fi: Mikä}\n"
                                                        "        prefill: association.name\n")
    assert load_text(text).question("q2").prefill == "association.name"
    problem = only(text.replace("association.name", "association.nmae"))
    assert problem.path == "pages[0].questions[1].prefill" and "did you mean 'association.name'" in problem.message


def test_a_problem_is_translated_first_and_its_values_filled_in_after_nested_parts_too():
    found = problems(VALID.replace("title: {fi: Sivu}", "title: {fi: Sivu, se: Sida}")
                     .replace("key: q2", "key: Q2"))
    by_path = {p.path: p for p in found}
    catalog = {"unknown key %(key)s in %(what)s; did you mean %(hint)s? Allowed keys: %(allowed)s":
               "tuntematon avain %(key)s kohdassa %(what)s (%(hint)s?): %(allowed)s",
               "the page title": "sivun otsikko"}
    translate = lambda msgid: catalog.get(msgid, msgid)  # noqa: E731 - a stand-in for gettext
    unknown = by_path["pages[0].title.se"]
    assert unknown.message == ("unknown key 'se' in the page title; did you mean 'sv'? Allowed keys: fi, sv, en")
    assert unknown.translated(translate) == "tuntematon avain 'se' kohdassa sivun otsikko ('sv'?): fi, sv, en"
    bad_key = by_path["pages[0].questions[1].key"]
    assert bad_key.translated(translate) == bad_key.message  # no translation: the English message
    assert all(p.phrase is not None and p.phrase.render() == p.message for p in found)


COMPARED = textwrap.dedent("""\
    key: demo
    title: {fi: Demo}
    pages:
      - key: p1
        title: {fi: Sivu}
        questions:
          - key: count
            type: number
            label: {fi: Montako}
          - key: day
            type: date
            label: {fi: Milloin}
          - key: name
            type: short_text
            label: {fi: Nimi}
          - key: later
            type: short_text
            label: {fi: Lisää}
            show_if: CONDITION
    """)


@pytest.mark.parametrize("condition, path, expected", [
    ("{greater_than: {question: name, value: 5}}", "show_if.greater_than.question",
     "show_if can compare by size only the answers of number and date questions, but 'name' is a short_text question"),
    ("{less_than: {question: count, value: many}}", "show_if.less_than.value",
     "'many' is not a number, but question 'count' takes numbers"),
    ("{greater_than: {question: day, value: '31.1.2025'}}", "show_if.greater_than.value",
     "'31.1.2025' is not a date written as yyyy-mm-dd, but question 'day' takes dates"),
    ("{between: {question: count, min: 10, max: 5}}", "show_if.between.max",
     "the upper limit 5 is smaller than the lower limit 10"),
    ("{between: {question: count, min: 10}}", "show_if.between",
     "'between' is missing the required key 'max'"),
])
def test_comparisons_by_size_are_checked_against_the_questions_type(condition, path, expected):
    problem = only(COMPARED.replace("CONDITION", condition))
    assert problem.path == f"pages[0].questions[3].{path}"
    assert problem.message == expected


def test_numbers_and_dates_compare_by_size_in_a_definition():
    definition = load_text(COMPARED.replace(
        "CONDITION", "{or: [{greater_than: {question: count, value: 10}}, "
                     "{between: {question: day, min: 2025-01-01, max: 2025-12-31}}]}"))
    later = definition.question("later")
    assert later.show_if is not None
