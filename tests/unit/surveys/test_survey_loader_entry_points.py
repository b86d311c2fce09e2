"""The loader's entry points: a file, a text, and a fragment of questions, with errors naming file, path and line."""

from __future__ import annotations

import json
import textwrap

import pytest

from surveys import DefinitionError, load_file, load_questions_file, load_questions_text, load_text

SURVEY = textwrap.dedent("""\
    key: demo
    title: {fi: Demo}
    pages:
      - key: p1
        title: {fi: Sivu}
        questions:
          - key: q1
            type: yes_no
            label: {fi: Onko}
    """)

FRAGMENT = textwrap.dedent("""\
    - key: diet
      type: single_choice
      label: {fi: Ruokavalio}
      options:
        - value: none
          label: {fi: Ei erityistä}
        - value: vegan
          label: {fi: Vegaaninen}
    - key: diet_details
      type: short_text
      label: {fi: Tarkenna}
      show_if: {equals: {question: diet, value: vegan}}
    """)


def test_load_text_never_reads_a_one_line_text_as_a_file_name(tmp_path, monkeypatch):
    (tmp_path / "other.yaml").write_text(SURVEY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DefinitionError) as info:
        load_text("other.yaml", filename="upload.yaml")
    assert info.value.errors[0].file == "upload.yaml"


def test_load_file_names_the_file_and_line_in_errors(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(SURVEY.replace("type: yes_no", "type: yes_or_no"), encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_file(path)
    [problem] = info.value.errors
    assert (problem.file, problem.path, problem.line) == (str(path), "pages[0].questions[0].type", 8)


def test_load_file_and_load_text_give_the_same_survey(tmp_path):
    path = tmp_path / "demo.json"
    path.write_text(json.dumps({"key": "demo", "title": {"fi": "Demo"}, "pages": [
        {"key": "p1", "title": {"fi": "Sivu"}, "questions": [
            {"key": "q1", "type": "yes_no", "label": {"fi": "Onko"}}]}]}), encoding="utf-8")
    assert load_file(path) == load_file(str(path)) == load_text(SURVEY)


def test_a_fragment_of_questions_loads_from_text_and_file(tmp_path):
    questions = load_questions_text(FRAGMENT, filename="extra.yaml")
    assert [(q.key, q.type_name) for q in questions] == [("diet", "single_choice"), ("diet_details", "short_text")]
    assert questions[1].show_if is not None
    path = tmp_path / "extra.yaml"
    path.write_text(FRAGMENT, encoding="utf-8")
    assert load_questions_file(path) == questions


@pytest.mark.parametrize(("change", "path", "line", "words"), [
    (("type: short_text", "type: shorttext"), "[1].type", 10, "the question type"),
    (("value: vegan\n      label", "value: none\n      label"), "[0].options[1].value", 7, "none"),
    (("value: vegan}}", "value: vegetarian}}"), "[1].show_if.equals.value", 12, "vegetarian"),
    (("question: diet,", "question: dite,"), "[1].show_if.equals.question", 12, "did you mean 'diet'"),
    (("key: diet_details", "key: diet"), "[1].key", 9, "already used by [0]"),
])
def test_errors_in_a_fragment_name_the_file_path_and_line(change, path, line, words):
    with pytest.raises(DefinitionError) as info:
        load_questions_text(FRAGMENT.replace(*change), filename="extra.yaml")
    problem = info.value.errors[0]
    assert (problem.file, problem.path, problem.line) == ("extra.yaml", path, line)
    assert words in problem.message


def test_a_fragment_must_be_a_list_of_questions():
    with pytest.raises(DefinitionError) as info:
        load_questions_text("key: diet\ntype: yes_no\n", filename="extra.yaml")
    [problem] = info.value.errors
    assert problem.path == "" and "a fragment of questions must be a list" in problem.message
    with pytest.raises(DefinitionError) as info:
        load_questions_text("- key: a\n  type: yes_no\n  label: {fi: A}\n  show_if: {answered: b}\n"
                            "- key: b\n  type: yes_no\n  label: {fi: B}\n", filename="extra.yaml")
    assert info.value.errors[0].line == 4 and "not before this question" in info.value.errors[0].message
