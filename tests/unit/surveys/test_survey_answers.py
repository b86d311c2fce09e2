"""Pages, visibility, final validation, pruning and storage rows of whole answer sets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from surveys import (AnswerContext, AnswerRow, Selection, answers_from_rows, answers_to_rows,
                     normalise_page, prune_hidden, validate_all, visible_pages,
                     visible_questions)


@pytest.fixture
def survey(make_definition, builders):
    """Page 1: member? (yes_no) -> members (number, required when shown).
    Page 2 (shown when member): topics (multiple choice, other) -> details when 'a' chosen.
    Page 3: always shown, comment shown when topics unanswered."""
    label = builders.label
    return make_definition(
        [{"key": "member", "type": "yes_no", "label": label(), "required": True},
         {"key": "members", "type": "number", "label": label(), "required": True,
          "integer": True, "show_if": {"equals": {"question": "member", "value": True}}}],
        [{"key": "topics", "type": "multiple_choice", "label": label(), "other": True,
          "options": builders.options("a", "b")},
         {"key": "details", "type": "long_text", "label": label(), "required": True,
          "show_if": {"in": {"question": "topics", "values": ["a"]}}}],
        [{"key": "comment", "type": "short_text", "label": label(),
          "show_if": {"unanswered": "topics"}},
         {"key": "home", "type": "municipality", "label": label()}],
        page_show_if={1: {"equals": {"question": "member", "value": "yes"}}},
    )


def keys(questions):
    return [q.key for q in questions]


def test_hidden_question_is_neither_required_nor_returned(survey):
    result = normalise_page(survey, "p1", {"q_member": ["no"], "q_members": ["12"]})
    assert result.is_valid
    assert result.values == {"member": False}


def test_question_shown_by_answer_on_same_page_is_required(survey):
    result = normalise_page(survey, "p1", {"q_member": ["yes"]})
    assert set(result.errors) == {"q_members"}
    assert result.errors["q_members"].code == "required"
    result = normalise_page(survey, "p1", {"q_member": ["yes"], "q_members": ["1 200"]})
    assert result.values == {"member": True, "members": Decimal(1200)}


def test_errors_are_keyed_by_field_name(survey):
    result = normalise_page(survey, "p2", {"q_topics": ["other"]}, answers={"member": True})
    assert set(result.errors) == {"q_topics__other"}


def test_hidden_page_returns_nothing(survey):
    result = normalise_page(survey, "p2", {"q_topics": ["zzz"]}, answers={"member": False})
    assert result.visible is False and result.values == {} and result.errors == {}


def test_visible_pages_and_questions_follow_answers(survey):
    assert [p.key for p in visible_pages(survey, {})] == ["p1", "p3"]
    assert keys(visible_questions(survey, {"member": False})) == ["member", "comment", "home"]
    answers = {"member": True, "members": Decimal(3), "topics": Selection(("a",))}
    assert keys(visible_questions(survey, answers)) == [
        "member", "members", "topics", "details", "home"]


def test_condition_on_a_hidden_question_sees_it_unanswered(survey):
    # topics is answered but its page is hidden, so comment (unanswered: topics) shows.
    answers = {"member": False, "topics": Selection(("a",))}
    assert "comment" in keys(visible_questions(survey, answers))
    assert "details" not in keys(visible_questions(survey, answers))


def test_prune_hidden_drops_answers_of_hidden_questions_and_pages(survey):
    answers = {"member": False, "members": Decimal(5), "topics": Selection(("a",)),
               "details": "x", "comment": "hei", "unknown": 1}
    assert prune_hidden(survey, answers) == {"member": False, "comment": "hei"}


def test_validate_all_points_to_page_and_field(survey, context):
    answers = {"member": True, "topics": Selection(("a", "other"), None), "home": "999"}
    problems = validate_all(survey, answers, context)
    assert set(problems) == {"p1", "p2", "p3"}
    assert problems["p1"]["q_members"].code == "required"
    assert problems["p2"]["q_topics__other"].code == "other_required"
    assert problems["p3"]["q_home"].code == "unknown_municipality"


def test_validate_all_accepts_complete_answers_and_ignores_hidden(survey, context):
    answers = {"member": False, "members": Decimal(-1), "home": "707"}
    assert validate_all(survey, answers, context) == {}
    problems = validate_all(survey, {}, context)
    assert list(problems) == ["p1"] and list(problems["p1"]) == ["q_member"]
    assert problems["p1"]["q_member"].code == "required"


def test_answers_round_trip_through_rows(survey):
    answers = {"member": True, "members": Decimal(30),
               "topics": Selection(("a", "other"), "Kuoro"), "details": "Tila", "home": "707"}
    rows = answers_to_rows(survey, answers)
    assert AnswerRow("topics", option="other", value_text="Kuoro") in rows
    assert answers_from_rows(survey, rows) == answers


def test_rows_leave_out_hidden_answers(survey):
    rows = answers_to_rows(survey, {"member": False, "members": Decimal(3)})
    assert [r.question_key for r in rows] == ["member"]


def test_rows_of_one_page_keep_a_page_shown_by_an_answer_on_another_page(survey):
    answers = {"member": True, "topics": Selection(("a",)), "details": "Tila"}
    rows = answers_to_rows(survey, answers, keys={"topics", "details"})
    assert [r.question_key for r in rows] == ["topics", "details"]


def test_library_survey_full_walk(library_definition):
    context = AnswerContext(municipalities={"707": "Rääkkylä"})
    raw_pages = {
        "basics": {"q_association_name": ["Rääkkylän Kyläyhdistys ry"], "q_home_municipality":
                   ["707"], "q_sector": ["village"], "q_registered_on": ["12.5.1987"],
                   "q_members": ["120"], "q_volunteers": ["15"], "q_paid_staff": ["0,5"]},
        "activities": {"q_activity_types": ["events", "other"],
                       "q_activity_types__other": ["Talkoot"],
                       "q_target_groups": ["all_residents"], "q_continuity": ["4"]},
        "cooperation": {"q_cooperation_views__municipality_knows": ["3"],
                        "q_municipal_grant": ["yes"], "q_grant_amount": ["1 500"]},
        "needs": {"q_needs": ["premises", "funding"], "q_top_needs__rank__funding": ["1"],
                  "q_top_needs__rank__premises": ["2"],
                  "q_premises_details": ["Kokoustila kerran kuussa"]},
        "council": {"q_council_interest": ["no"], "q_register_consent": ["yes"],
                    "q_events_wanted": ["forum"], "q_forum_date": ["15.3.2026"]},
        "contact": {"q_contact_name": ["Maija"], "q_contact_email": ["maija@kyla.fi"],
                    "q_contact_language": ["fi"]},
    }
    answers: dict = {}
    for page in library_definition.pages:
        result = normalise_page(library_definition, page.key, raw_pages[page.key], "fi",
                                context, answers)
        assert result.errors == {}, (page.key, result.errors)
        answers.update(result.values)
    assert answers["paid_staff"] == Decimal("0.5")
    assert answers["top_needs"] == ("funding", "premises")
    assert validate_all(library_definition, answers, context) == {}
    rows = answers_to_rows(library_definition, answers)
    assert answers_from_rows(library_definition, rows) == answers
    no_consent = dict(answers, register_consent=False)
    assert "contact" not in [p.key for p in visible_pages(library_definition, no_consent)]
    assert "contact_email" not in prune_hidden(library_definition, no_consent)
