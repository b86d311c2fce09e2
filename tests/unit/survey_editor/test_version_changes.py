"""What changed between two versions: questions added, removed and moved, texts changed per language."""

from app.survey_editor import operations as ops
from app.survey_editor.comparing import compare_versions
from surveys import load_text
from surveys.errors import path_parts
from tests.fixtures.definitions import LIBRARY


def _library():
    return load_text((LIBRARY / "jarjestokysely.yaml").read_text(encoding="utf-8"))


def test_added_removed_moved_questions_and_changed_texts_are_listed():
    old = _library()
    data = ops.editable(old)
    data = ops.delete_question(data, "website")
    data, added = ops.add_question(data, "basics", "yes_no")
    question = {**data["pages"][0]["questions"][1], "label": {"fi": "Yhdistyksen virallinen nimi", "sv": "Namn"}}
    data = ops.update_question(data, "association_name", question)
    data = ops.update_question(data, "members", data["pages"][0]["questions"][5], page_key="activities")
    changes = compare_versions(old, ops.checked(data))
    assert changes.added == [added]
    assert changes.removed == ["website"]
    assert changes.moved == ["members"]
    changed = {(owner, path, locale) for owner, path, locale, _before, _after in changes.texts}
    assert ("association_name", "label", "fi") in changed and ("association_name", "label", "en") in changed
    assert not changes.is_empty


def test_the_same_definition_has_no_changes():
    assert compare_versions(_library(), _library()).is_empty


def test_problem_paths_split_into_keys_and_indexes():
    assert path_parts("pages[2].questions[4].label.sv") == ("pages", 2, "questions", 4, "label", "sv")
    assert path_parts("[1].options[0].value") == (1, "options", 0, "value")
    assert path_parts("") == ()
