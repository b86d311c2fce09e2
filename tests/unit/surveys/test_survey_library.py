"""The shipped järjestökysely loads, validates and is complete in fi, sv and en."""

from __future__ import annotations

from surveys import QUESTION_TYPES, load_file, load_text, missing_locales


def test_jarjestokysely_validates(library_path):
    definition = load_file(library_path / "jarjestokysely.yaml")
    assert definition.key == "jarjestokysely"
    assert 5 <= len(definition.pages) <= 6
    assert 28 <= sum(1 for _ in definition.questions()) <= 40


def test_jarjestokysely_is_complete_in_all_three_locales(library_definition):
    assert missing_locales(library_definition) == {}


def test_jarjestokysely_uses_every_question_type_and_conditions(library_definition):
    questions = list(library_definition.questions())
    assert {q.type_name for q in questions} == set(QUESTION_TYPES)
    assert any(p.show_if for p in library_definition.pages)
    assert sum(1 for q in questions if q.show_if) >= 4
    assert any(getattr(q, "display", None) == "dropdown" for q in questions)
    assert any(getattr(q, "other", False) for q in questions)
    assert any(q.type_name == "number" and not q.integer for q in questions)


def test_missing_locales_lists_paths(make_definition):
    definition = make_definition([{"key": "q", "type": "yes_no",
                               "label": {"fi": "Kyllä", "sv": "Ja"}}])
    assert missing_locales(definition) == {"en": ["pages[0].questions[0].label"]}


def test_readme_example_is_a_valid_complete_survey(library_path):
    readme = (library_path.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    definition = load_text(example, filename="surveys/README.md")
    assert missing_locales(definition) == {}
    assert {q.type_name for q in definition.questions()} == set(QUESTION_TYPES)
