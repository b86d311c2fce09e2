"""The survey editor's staff pages: editing through the forms (CSRF read from each page), the engine's errors
beside their fields, new versions once a survey has responses, starting, export, comparing and publishing."""

import json
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditLog, Response, Survey, SurveyVersion
from surveys import QUESTION_TYPES, condition_to_dict, content_hash, definition_from_dict, load_text
from tests.fixtures.councils import SECRETARY
from tests.fixtures.surveys import PAGES

pytestmark = pytest.mark.usefixtures("english_by_default")


def _form_fields(html: str, form_action_part: str | None = None) -> dict:
    """Every named input, textarea and selected option of the page's main form, as a browser posts them."""
    fields: dict = {}
    for match in re.finditer(r'<input([^>]*)>', html):
        attrs = dict(re.findall(r'([a-z-]+)="([^"]*)"', match.group(1)))
        name = attrs.get("name")
        if not name or name in ("csrf_token",) or attrs.get("type") == "submit":
            continue
        if attrs.get("type") == "checkbox":
            if "checked" in match.group(1):
                fields[name] = attrs.get("value", "y")
            continue
        fields[name] = _unescape(attrs.get("value", ""))
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = _unescape(body)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]* selected>', body)
        if chosen:
            fields[name] = [_unescape(v) for v in chosen] if len(chosen) > 1 or name.endswith("-value") else _unescape(chosen[0])
    return fields


def _unescape(value: str) -> str:
    return (value.replace("&#34;", '"').replace("&quot;", '"').replace("&#39;", "'").replace("&lt;", "<")
            .replace("&gt;", ">").replace("&amp;", "&"))


def _current(app, survey_id: int):
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        version = survey.current_version
        return version.number, definition_from_dict(json.loads(version.definition_json)), len(survey.versions)


def _question_url(survey, key: str) -> str:
    return survey.url(f"editor/questions/{key}")


def _save_question(client, post_form, survey, key: str, **changes):
    page = client.get(_question_url(survey, key))
    fields = {**_form_fields(page.get_data(as_text=True)), **changes}
    return post_form(client, _question_url(survey, key), fields)


def test_overview_lists_pages_questions_and_missing_translations_per_language(app, staff_client, make_survey):
    survey = make_survey("outokumpu", email=None)
    page = staff_client().get(survey.url("editor/"))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="page-basics"' in html and 'id="question-association_name"' in html
    assert "Missing translations" in html and "Svenska: <strong>0</strong>" in html


def test_editing_a_label_without_responses_updates_the_version_in_place(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    answer = _save_question(client, post_form, survey, "association_name", **{"label-fi": "Yhdistyksen koko nimi",
                                                                             "label-sv": ""})
    assert answer.status_code == 302
    number, definition, count = _current(app, survey.id)
    assert (number, count) == (1, 1)
    assert definition.question("association_name").label.fi == "Yhdistyksen koko nimi"
    assert definition.question("association_name").label.sv is None
    overview = client.get(survey.url("editor/")).get_data(as_text=True)
    assert "Svenska: <strong>1</strong>" in overview
    assert "Svenska missing" in overview


def test_editing_a_survey_with_responses_makes_a_new_version_and_the_response_keeps_its_own(
        app, staff_client, post_form, make_survey, add_response):
    survey = make_survey("outokumpu", email=None)
    response_id = add_response(survey, {"association_name": "Testiyhdistys ry"})
    client = staff_client()
    answer = _save_question(client, post_form, survey, "association_name", **{"label-fi": "Uusi nimi"})
    assert answer.status_code == 302
    assert "Saved as version 2" in client.get(answer.headers["Location"]).get_data(as_text=True)
    number, definition, count = _current(app, survey.id)
    assert (number, count) == (2, 2)
    with app.app_context():
        response = db.session.get(Response, response_id)
        assert db.session.get(SurveyVersion, response.version_id).number == 1
    compare = client.get(survey.url("versions/compare?from=1&to=2")).get_data(as_text=True)
    assert "Version 1: 1 response" in compare and "Version 2: 0 responses" in compare
    assert "Uusi nimi" in compare and "association_name" in compare


def test_an_engine_error_is_shown_beside_its_field_and_nothing_is_saved(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    before = _current(app, survey.id)[1]
    answer = _save_question(client, post_form, survey, "sector", **{"label-fi": "", "options-1-value": "Bad Value"})
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert re.search(r'id="label-fi-error">.*?missing the required key &#39;fi&#39;', html, re.S)
    assert re.search(r'id="options-1-value-error">.*?option value must', html, re.S)
    assert 'value="Bad Value"' in html  # what was typed is kept
    assert content_hash(_current(app, survey.id)[1]) == content_hash(before)


def test_every_question_type_is_added_and_its_form_saves_it_unchanged(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    for type_name in sorted(QUESTION_TYPES):
        added = post_form(client, survey.url("editor/"), {"type": type_name, "base": _base(app, survey)},
                          action=survey.url("editor/pages/basics/questions/new"))
        assert added.status_code == 302, type_name
        url = added.headers["Location"]
        before = content_hash(_current(app, survey.id)[1])
        form = client.get(url)
        assert form.status_code == 200, type_name
        saved = post_form(client, url, _form_fields(form.get_data(as_text=True)))
        assert saved.status_code == 302, (type_name, saved.get_data(as_text=True)[:3000])
        assert content_hash(_current(app, survey.id)[1]) == before, type_name
    added_types = [q.type_name for q in _current(app, survey.id)[1].pages[0].questions][-len(QUESTION_TYPES):]
    assert added_types == sorted(QUESTION_TYPES)


def _base(app, survey) -> str:
    with app.app_context():
        return db.session.get(Survey, survey.id).current_version.content_hash


def test_pages_are_added_moved_and_deleted_after_confirmation(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    added = post_form(client, survey.url("editor/"), {"base": _base(app, survey)}, action=survey.url("editor/pages/new"))
    assert added.status_code == 302
    keys = [p.key for p in _current(app, survey.id)[1].pages]
    new_key = keys[-1]
    moved = post_form(client, survey.url("editor/"), {"base": _base(app, survey), "direction": "up"},
                      action=survey.url(f"editor/pages/{new_key}/move"))
    assert moved.status_code == 302
    assert [p.key for p in _current(app, survey.id)[1].pages][-2] == new_key
    confirm = client.get(survey.url(f"editor/pages/{new_key}/delete"))
    assert "Delete the page" in confirm.get_data(as_text=True)
    deleted = post_form(client, survey.url(f"editor/pages/{new_key}/delete"), {"base": _base(app, survey)})
    assert deleted.status_code == 302
    assert [p.key for p in _current(app, survey.id)[1].pages] == keys[:-1]


def test_moving_a_question_changes_its_place(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    post_form(client, survey.url("editor/"), {"base": _base(app, survey), "direction": "down"},
              action=survey.url("editor/questions/intro/move"))
    assert [q.key for q in _current(app, survey.id)[1].pages[0].questions][:2] == ["association_name", "intro"]


def test_a_stale_form_is_refused_rather_than_undoing_another_change(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    page = client.get(_question_url(survey, "members"))
    fields = _form_fields(page.get_data(as_text=True))
    _save_question(client, post_form, survey, "association_name", **{"label-fi": "Ensin tämä"})
    answer = post_form(client, _question_url(survey, "members"), {**fields, "label-fi": "Sitten tämä"})
    assert answer.status_code == 400
    assert "Someone else saved a change" in answer.get_data(as_text=True)
    assert _current(app, survey.id)[1].question("association_name").label.fi == "Ensin tämä"


def test_a_page_condition_built_with_the_pickers_is_stored_in_the_engine_form(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    url = survey.url("editor/pages/needs")
    fields = _form_fields(client.get(url).get_data(as_text=True))
    fields.update({"show_if-0-question": "municipal_grant", "show_if-0-operator": "equals", "show_if-0-value": ["yes"]})
    assert post_form(client, url, fields).status_code == 302
    condition = _current(app, survey.id)[1].page("needs").show_if
    assert condition_to_dict(condition) == {"equals": {"question": "municipal_grant", "value": "yes"}}
    page = client.get(url).get_data(as_text=True)
    assert re.search(r'<option value="yes"[^>]* selected>', page)


def test_yaml_export_loads_back_to_the_same_definition(app, staff_client, make_survey):
    survey = make_survey("outokumpu", email=None)
    answer = staff_client().get(survey.url("editor/export.yaml"))
    assert answer.status_code == 200
    assert "attachment" in answer.headers["Content-Disposition"]
    assert content_hash(load_text(answer.get_data(as_text=True))) == content_hash(_current(app, survey.id)[1])


def test_start_blank_and_by_copying_a_survey_of_a_council_the_user_reaches(app, staff_client, post_form, make_survey):
    source = make_survey("raakkyla", email=None)
    client = staff_client()
    blank = post_form(client, "/staff/outokumpu/surveys/start", {"start": "blank", "blank-title": "Kevään kysely"})
    assert blank.status_code == 302 and "/editor/" in blank.headers["Location"]
    copied = post_form(client, "/staff/outokumpu/surveys/start", {"start": "copy", "copy-source": str(source.id)})
    assert copied.status_code == 302
    with app.app_context():
        surveys = db.session.scalars(select(Survey).where(Survey.council.has(slug="outokumpu"))
                                     .order_by(Survey.id)).all()
        assert [s.title for s in surveys] == ["Kevään kysely", "Järjestökysely"]
        assert surveys[1].current_version.content_hash == db.session.get(Survey, source.id).current_version.content_hash


def test_copying_a_survey_of_a_council_out_of_reach_is_refused(app, staff_client, post_form, make_survey):
    other = make_survey("kainuu", email=None)
    client = staff_client(SECRETARY)
    answer = post_form(client, "/staff/raakkyla/surveys/start", {"start": "copy", "copy-source": str(other.id)})
    assert answer.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Survey.id).where(Survey.council.has(slug="raakkyla"))) is None


def test_publishing_with_a_language_missing_asks_for_confirmation(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None, opens_in=None)
    client = staff_client()
    _save_question(client, post_form, survey, "members", **{"label-en": ""})
    url = survey.url("editor/publish")
    assert "English: 1 text missing" in client.get(url).get_data(as_text=True)
    refused = post_form(client, url, {})
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.get(Survey, survey.id).opens_at is None
    assert post_form(client, url, {"missing_confirmed": "y"}).status_code == 302
    with app.app_context():
        assert db.session.get(Survey, survey.id).opens_at is not None
        assert db.session.scalar(select(AuditLog.action).where(AuditLog.action == "survey.publish"))
    again = post_form(client, url, {"missing_confirmed": "y"})
    assert again.status_code == 400
    assert "already published" in again.get_data(as_text=True)


def test_a_page_is_previewed_in_swedish_while_the_staff_pages_stay_in_english(staff_client, make_survey):
    survey = make_survey("outokumpu", email=None)
    html = staff_client().get(survey.url("preview/basics?language=sv")).get_data(as_text=True)
    assert "Föreningens namn" in html


def test_the_survey_title_is_edited_in_each_language(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    url = survey.url("editor/survey")
    fields = {**_form_fields(client.get(url).get_data(as_text=True)), "title-sv": "Föreningsenkät 2026"}
    assert post_form(client, url, fields).status_code == 302
    assert _current(app, survey.id)[1].title.sv == "Föreningsenkät 2026"
    fields["title-fi"] = ""
    fields["base"] = _base(app, survey)
    refused = post_form(client, url, fields)
    assert refused.status_code == 400
    assert 'id="title-fi-error"' in refused.get_data(as_text=True)


def _preview_frame(html: str) -> tuple[str, str]:
    """The title and address of the preview framed beside an editor form."""
    match = re.search(r'<iframe[^>]*name="page-preview"[^>]*title="([^"]+)"[^>]*src="([^"]+)"', html, re.S)
    assert match, "no preview frame"
    return _unescape(match.group(1)), _unescape(match.group(2))


def test_the_question_form_shows_its_page_previewed_in_the_chosen_language(staff_client, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    html = client.get(_question_url(survey, "association_name") + "?language=sv").get_data(as_text=True)
    assert '<h2 id="editor-preview-title">Preview of the page</h2>' in html
    title, src = _preview_frame(html)
    assert title.startswith("Preview of the page ")
    framed = client.get(src)
    body = framed.get_data(as_text=True)
    assert framed.status_code == 200 and "Föreningens namn" in body and 'lang="sv"' in body
    assert 'class="site-header"' not in body and 'class="site-footer"' not in body  # no site chrome in the frame
    assert framed.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed.headers["Content-Security-Policy"]
    # The language links load another language into the frame only, keeping what is typed in the form.
    assert re.search(r'<a href="[^"]*language=en[^"]*embed=1" target="page-preview" lang="en"', html)
    # Without ?language= the preview is in the staff pages' language; the preview alone cannot be framed.
    _title, english_src = _preview_frame(client.get(_question_url(survey, "association_name")).get_data(as_text=True))
    assert "Name of the association" in client.get(english_src).get_data(as_text=True)
    alone = client.get(src.replace("&embed=1", ""))
    assert alone.headers["X-Frame-Options"] == "DENY" and 'class="site-header"' in alone.get_data(as_text=True)


def test_the_page_form_shows_the_page_previewed_beside_it(staff_client, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    html = client.get(survey.url("editor/pages/basics?language=fi")).get_data(as_text=True)
    _title, src = _preview_frame(html)
    assert "Yhdistyksen nimi" in client.get(src).get_data(as_text=True)


def _move_buttons(html: str) -> list[tuple[str, str]]:
    """(value, accessible name) of every option and row move button of a question form."""
    return [(value, _unescape(name)) for value, name in
            re.findall(r'<button type="submit" name="move" value="([^"]+)"[^>]*aria-label="([^"]+)"', html)]


def test_options_move_up_and_down_one_post_each_and_the_order_is_stored(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    html = client.get(_question_url(survey, "sector")).get_data(as_text=True)
    buttons = _move_buttons(html)
    assert buttons[:3] == [("options-0-down", "Move “Social and health” down"),
                           ("options-1-up", "Move “Sports and exercise” up"),
                           ("options-1-down", "Move “Sports and exercise” down")]
    assert ("options-8-down", "Move “Multicultural work” down") not in buttons  # the last has no "down"
    assert not any(value == "options-0-up" for value, _name in buttons)  # the first has no "up"

    # What is typed in the form is saved with the move, and the form comes back at the moved option.
    moved = _save_question(client, post_form, survey, "sector", move="options-0-down", **{"label-fi": "Toimiala"})
    assert moved.status_code == 302 and moved.headers["Location"].endswith("/editor/questions/sector#options-1-row")
    definition = _current(app, survey.id)[1]
    assert [o.value for o in definition.question("sector").options][:3] == ["sports", "social_health", "culture"]
    assert definition.question("sector").label.fi == "Toimiala"
    page = client.get(moved.headers["Location"]).get_data(as_text=True)
    assert "Moved." in page and ("options-1-up", "Move “Social and health” up") in _move_buttons(page)

    _save_question(client, post_form, survey, "sector", move="options-8-up")
    _save_question(client, post_form, survey, "sector", move="options-1-up")
    values = [o.value for o in _current(app, survey.id)[1].question("sector").options]
    assert values == ["social_health", "sports", "culture", "youth", "pensioners", "village", "hobby",
                      "multicultural", "environment"]


def test_rows_of_a_matrix_question_move_and_the_first_cannot_go_up(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    before = [r.key for r in _current(app, survey.id)[1].question("cooperation_views").rows]
    unmoved = _save_question(client, post_form, survey, "cooperation_views", move="rows-0-up")
    assert unmoved.status_code == 302
    assert [r.key for r in _current(app, survey.id)[1].question("cooperation_views").rows] == before
    _save_question(client, post_form, survey, "cooperation_views", move="rows-2-up")
    after = [r.key for r in _current(app, survey.id)[1].question("cooperation_views").rows]
    assert after == [before[0], before[2], before[1], *before[3:]]
    html = client.get(_question_url(survey, "cooperation_views")).get_data(as_text=True)
    assert ("rows-0-down", "Move “The municipality knows what associations do.” down") in _move_buttons(html)


def _error_beside(html: str, field: str) -> str:
    """The text a user reads in the error message beside a field (its hidden "Error:" prefix left out)."""
    found = re.search(rf'<p class="error-message" id="{field}-error"><span class="visually-hidden">[^<]*</span>(.*?)</p>',
                      html, re.S)
    assert found, f"no error beside {field}"
    return _unescape(found.group(1).strip())


@pytest.mark.parametrize("language, label_error, value_error", [
    ("fi", "Kysymysteksti: pakollinen avain 'fi' puuttuu",
     "Vaihtoehdon avain: saa sisältää vain pieniä kirjaimia a–z, numeroita 0–9 ja yksittäisiä alaviivoja "
     "(ei '__', ei '_' alussa tai lopussa); nyt: 'Bad Value'"),
    ("sv", "Frågetexten: den obligatoriska nyckeln 'fi' saknas",
     "Alternativets nyckel: får bara innehålla små bokstäver a–z, siffror 0–9 och enstaka understreck "
     "(inte '__', inte '_' först eller sist); nu: 'Bad Value'"),
])
def test_the_engines_error_beside_a_field_is_in_the_staff_members_language(
        app, staff_client, post_form, make_survey, language, label_error, value_error):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    client.get(_question_url(survey, "sector") + f"?lang={language}")
    answer = _save_question(client, post_form, survey, "sector", **{"label-fi": "", "options-1-value": "Bad Value"})
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert _error_beside(html, "label-fi") == label_error
    assert _error_beside(html, "options-1-value") == value_error


def _condition_on_members(client, post_form, survey, **row):
    """Save the page "needs" with its condition built in the pickers on the number question "members"."""
    url = survey.url("editor/pages/needs")
    fields = _form_fields(client.get(url).get_data(as_text=True))
    fields.update({"show_if-0-question": "members", **{f"show_if-0-{k}": v for k, v in row.items()}})
    fields.pop("show_if-0-value", None)
    return post_form(client, url, fields)


def test_a_number_question_is_compared_by_size_in_the_pickers_and_the_respondent_sees_the_page_by_it(
        app, client, staff_client, post_form, make_survey, answer_page):
    survey = make_survey("raakkyla", email=None)
    staff = staff_client(SECRETARY)
    saved = _condition_on_members(staff, post_form, survey, operator="greater_than", compare="10")
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    assert condition_to_dict(_current(app, survey.id)[1].page("needs").show_if) == {
        "greater_than": {"question": "members", "value": "10"}}
    form = staff.get(survey.url("editor/pages/needs")).get_data(as_text=True)
    # The value field of a whole-number question between 0 and 1 000 000, the size operators offered.
    assert re.search(r'<input class="input width-10" type="number" min="0" max="1000000" step="1" id="show_if-0-compare"'
                     r' name="show_if-0-compare"[^>]*value="10">', form)
    operators = re.search(r'<select class="input" id="show_if-0-operator".*?</select>', form, re.S).group(0)
    assert re.findall(r'>([^<]+)</option>', operators) == [
        "is answered", "is not answered", "is", "is not", "is greater than", "is less than", "is between"]

    shown = {}
    for members in ("5", "15"):
        respondent = app.test_client()
        base = survey.open_url
        for key in ("basics", "activities", "cooperation"):
            answers = {**PAGES[key], "q_members": members} if key == "basics" else PAGES[key]
            result = answer_page(respondent, f"{base}/page/{key}", answers)
            assert result.status_code == 302, result.get_data(as_text=True)[:2000]
        shown[members] = result.headers["Location"].rsplit("/", 1)[-1]
    assert shown == {"5": "council", "15": "needs"}


@pytest.mark.parametrize("language, expected", [
    ("fi", "Yläraja 5 on pienempi kuin alaraja 20"),
    ("sv", "Den övre gränsen 5 är mindre än den nedre gränsen 20"),
])
def test_a_wrong_limit_is_shown_translated_beside_its_field_and_kept_as_typed(
        app, staff_client, post_form, make_survey, language, expected):
    survey = make_survey("raakkyla", email=None)
    staff = staff_client(SECRETARY)
    staff.get(survey.url("editor/pages/needs") + f"?lang={language}")
    refused = _condition_on_members(staff, post_form, survey, operator="between", compare="20", upper="5")
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert _error_beside(html, "show_if-0-upper") == expected
    assert re.search(r'id="show_if-0-compare" name="show_if-0-compare"[^>]*value="20"', html)
    assert re.search(r'id="show_if-0-upper" name="show_if-0-upper"[^>]*aria-invalid="true" value="5"', html)
    assert _current(app, survey.id)[1].page("needs").show_if is None
