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
    assert anchors["q_sector"] == "invalid_choice" and anchors["q_members"] == "invalid_number"
    assert form["q_members"].errors == ["invalid_number"] and form["q_members"].data == "many"
    assert anchor(DEFINITION.question("needs"), "q_needs") == "q_needs-0"
    assert anchor(DEFINITION.question("top_needs"), "q_top_needs") == "q_top_needs__rank__premises"
