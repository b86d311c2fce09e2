"""The editor's changes to a definition dict: each is checked by the engine and keeps what it should."""

import pytest

from app.survey_editor import operations as ops
from surveys import QUESTION_TYPES
from tests.fixtures.definitions import label, survey_dict


@pytest.fixture
def data():
    return survey_dict(
        [{"key": "name", "type": "short_text", "label": label("Nimi")},
         {"key": "likes", "type": "yes_no", "label": label("Tykkääkö")}],
        [{"key": "why", "type": "long_text", "label": label("Miksi"),
          "show_if": {"equals": {"question": "likes", "value": "yes"}}}])


def _keys(data):
    return [[q["key"] for q in page["questions"]] for page in data["pages"]]


def test_add_page_appends_a_page_with_one_question_and_keeps_the_original(data):
    changed, key = ops.add_page(data, {"fi": "Taustatiedot", "sv": "Bakgrund"})
    assert key == "taustatiedot"
    assert [p["key"] for p in changed["pages"]][-1] == "taustatiedot"
    assert _keys(changed)[-1] == ["question"]
    assert len(data["pages"]) == 2


def test_every_registered_type_can_be_added_and_passes_the_engine(data):
    changed = data
    for type_name in QUESTION_TYPES:
        changed, key = ops.add_question(changed, data["pages"][0]["key"], type_name)
        assert changed["pages"][0]["questions"][-1]["type"] == type_name
    assert len(changed["pages"][0]["questions"]) == 2 + len(QUESTION_TYPES)


def test_rename_page_changes_its_title_and_keeps_its_questions(data):
    page_key = data["pages"][0]["key"]
    changed = ops.update_page(data, page_key, {"key": page_key, "title": {"fi": "Uusi nimi"}})
    assert changed["pages"][0]["title"] == {"fi": "Uusi nimi"}
    assert _keys(changed) == _keys(data)


def test_moving_a_page_before_the_question_its_condition_reads_is_refused_with_the_path(data):
    with pytest.raises(ops.EditRejected) as refused:
        ops.move_page(data, data["pages"][1]["key"], -1)
    assert any(p.parts[-2:] == ("equals", "question") for p in refused.value.problems)


def test_move_question_down_and_past_the_end_of_its_page(data):
    changed = ops.move_question(data, "name", +1)
    assert _keys(changed) == [["likes", "name"], ["why"]]
    changed = ops.move_question(changed, "name", +1)
    assert _keys(changed) == [["likes"], ["name", "why"]]
    assert _keys(ops.move_question(changed, "name", -1)) == [["likes", "name"], ["why"]]


def test_deleting_a_question_a_condition_reads_is_refused(data):
    with pytest.raises(ops.EditRejected) as refused:
        ops.delete_question(data, "likes")
    assert "likes" in str(refused.value.problems[0].message)
    assert _keys(ops.delete_question(data, "name")) == [["likes"], ["why"]]


def test_deleting_a_page_removes_its_questions(data):
    assert _keys(ops.delete_page(data, data["pages"][1]["key"])) == [["name", "likes"]]


def test_update_question_moves_it_to_another_page_and_reports_problems_at_its_new_place(data):
    question = {"key": "name", "type": "short_text", "label": label("Nimi")}
    changed = ops.update_question(data, "name", question, page_key=data["pages"][1]["key"])
    assert _keys(changed) == [["likes"], ["why", "name"]]
    broken = {"key": "name", "type": "short_text", "label": {"fi": ""}}
    with pytest.raises(ops.EditRejected) as refused:
        ops.update_question(data, "name", broken, page_key=data["pages"][1]["key"])
    assert refused.value.prefix == ("pages", 1, "questions", 1)
    assert refused.value.problems[0].parts == ("pages", 1, "questions", 1, "label", "fi")


def test_unknown_part_is_not_found(data):
    with pytest.raises(ops.PartNotFound):
        ops.delete_question(data, "nothing")


def test_slug_key_folds_finnish_letters_and_stays_unique():
    assert ops.slug_key("Yhdistyksen äänet", set(), "page") == "yhdistyksen_aanet"
    assert ops.slug_key("Yhdistyksen äänet", {"yhdistyksen_aanet"}, "page") == "yhdistyksen_aanet_2"
    assert ops.slug_key("2025", set(), "option") == "option_2025"




def test_a_dropped_question_is_placed_where_it_was_dropped(data):
    assert _keys(ops.place_question(data, "name", "p2", 1)) == [["likes"], ["why", "name"]]
    assert _keys(ops.place_question(data, "name", "p1", 5)) == [["likes", "name"], ["why"]]
