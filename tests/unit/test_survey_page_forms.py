"""The survey page form builder: field names are the engine's, input round-trips, errors sit beside fields."""

from pathlib import Path

from werkzeug.datastructures import MultiDict
from wtforms import Form

from forms.survey_pages import anchor, attach_errors, build_page_form, raw_from_answers
from surveys import AnswerContext, load_file, normalise_page

DEFINITION = load_file(Path(__file__).resolve().parents[2] / "surveys" / "library" / "jarjestokysely.yaml")
MUNICIPALITIES = {"707": "Rääkkylä", "309": "Outokumpu", "091": "Helsinki"}


def _build(page_key, formdata=None, **kwargs):
    return build_page_form(DEFINITION, DEFINITION.page(page_key), "sv", formdata=formdata or MultiDict(),
                           municipalities=MUNICIPALITIES, base=Form, **kwargs)


def test_every_page_has_exactly_the_engines_field_names():
    for page in DEFINITION.pages:
        form, blocks = _build(page.key)
        expected = {name for q in page.questions for name in q.field_names()}
        assert {f.name for f in form} == expected
        assert [b.key for b in blocks] == [q.key for q in page.questions]


def test_stored_answers_fill_the_form_and_normalise_back_unchanged():
    raw = MultiDict([("q_needs", "premises"), ("q_needs", "other"), ("q_needs__other", "Varasto"),
                     ("q_top_needs__rank__premises", "1"), ("q_top_needs__rank__other", ""),
                     ("q_premises_details", "Kokoustila")])
    answers = normalise_page(DEFINITION, "needs", raw, "sv").values
    form, blocks = _build("needs", raw_from_answers(DEFINITION.page("needs"), answers, "sv"))
    needs = blocks[0]
    assert needs.values("q_needs") == ["premises", "other"] and needs.value("q_needs__other") == "Varasto"
    assert form["q_top_needs__rank__premises"].data == "1"
    again = normalise_page(DEFINITION, "needs", raw_from_answers(DEFINITION.page("needs"), answers, "sv"), "sv")
    assert again.values == answers


def test_texts_are_in_the_respondents_language_with_the_council_area_first():
    _, blocks = _build("basics", preferred_municipalities=["707"],
                       labels={"choose": "Välj", "preferred": "Området", "others": "Andra"})
    home = next(b for b in blocks if b.key == "home_municipality")
    assert home.label == "Föreningens hemkommun"
    assert [label for label, _ in home.groups] == ["Området", "Andra"]
    assert [c.value for c in home.groups[0][1]] == ["707"]
    sector = next(b for b in blocks if b.key == "sector")
    assert sector.kind == "select" and sector.choices[-1].label == "Annat, vad?"


def test_same_page_conditions_are_rendered_for_the_script_and_earlier_pages_decided_here():
    _, blocks = _build("needs")
    ranking = next(b for b in blocks if b.key == "top_needs")
    assert '"answered":"needs"' in ranking.conditional
    _, blocks = _build("council", show_question=lambda q: q.key != "agent_name")
    assert "agent_name" not in [b.key for b in blocks]


def test_engine_errors_are_attached_beside_their_fields_with_summary_anchors():
    raw = MultiDict({"q_sector": "hacked", "q_members": "many"})
    errors = normalise_page(DEFINITION, "basics", raw, "fi", AnswerContext(municipalities=MUNICIPALITIES)).errors
    form, blocks = _build("basics", raw)
    summary = attach_errors(blocks, errors, lambda e: e.code)
    anchors = dict(summary)
    # Each summary line names its question.
    assert anchors["q_sector"] == "Föreningens huvudsakliga verksamhetsområde – invalid_choice"
    assert anchors["q_members"] == "Antal medlemmar – invalid_number"
    assert form["q_members"].errors == ["invalid_number"] and form["q_members"].data == "many"
    assert anchor(DEFINITION.question("needs"), "q_needs") == "q_needs-0"
    assert anchor(DEFINITION.question("top_needs"), "q_top_needs") == "q_top_needs__rank__premises"


def test_a_ranking_offers_the_options_chosen_in_the_question_it_ranks():
    from surveys import Selection, definition_from_dict

    label = {"fi": "K", "sv": "F", "en": "Q"}
    options = [{"value": v, "label": {"fi": v, "sv": v, "en": v}} for v in ("a", "b", "c", "d")]
    definition = definition_from_dict({"key": "s", "title": label, "pages": [
        {"key": "one", "title": label, "questions": [
            {"key": "picked", "type": "multiple_choice", "label": label, "options": options}]},
        {"key": "two", "title": label, "questions": [
            {"key": "ranked", "type": "ranking", "top": 3, "options_from": "picked", "label": label,
             "options": options}]}]})
    _, [ranking] = build_page_form(definition, definition.page("two"), "fi", formdata=MultiDict(), base=Form,
                                   answers={"picked": Selection(("b", "d"))})
    assert [row.value for row in ranking.rows] == ["b", "d"] and [c.value for c in ranking.choices] == ["", "1", "2"]
    refused = normalise_page(definition, "two", MultiDict({"q_ranked__rank__a": "1"}), "fi",
                             answers={"picked": Selection(("b", "d"))})
    assert refused.errors["q_ranked__rank__a"].code == "rank_not_chosen"
    # On the same page as the question it ranks, the script offers the chosen ones.
    _, blocks = _build("needs")
    assert next(b for b in blocks if b.key == "top_needs").options_from == "q_needs"


def test_checkbox_hints_follow_the_selection_limits_and_never_repeat_the_definitions_help():
    _, blocks = _build("activities")
    hints = {b.key: b.help for b in blocks}
    assert hints["activity_types"] == "Välj alla som passar." and hints["target_groups"] == "Välj högst fyra."
    _, blocks = _build("council")
    assert next(b for b in blocks if b.key == "council_roles").help == "Choose all that apply."
