"""Building a two-page survey with a conditional page in the editor by keyboard only, previewing it in Swedish
and publishing it, with axe-core finding nothing on the editor's pages."""

import json

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Survey
from surveys import definition_from_dict
from tests.fixtures.councils import ADMIN, DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def _tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {selector} with Tab")


def _replace(page, name: str, text: str) -> None:
    _tab_to(page, f"[name='{name}']")
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def _enter(page, selector: str) -> None:
    _tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_secretary_builds_a_two_page_survey_with_a_conditional_page_by_keyboard(app, demo_councils, browser,
                                                                               live_server, axe_check):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/staff/sign-in?lang=en")
    _replace(page, "email", ADMIN)
    _replace(page, "password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.goto(f"{live_server.url}/staff/outokumpu/surveys/")
    _enter(page, "a[href$='/surveys/start']")
    axe_check(page)
    _replace(page, "blank-title", "Kevätkysely")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/editor/" in page.url
    axe_check(page)

    _enter(page, "form[action$='/editor/pages/new'] button")
    axe_check(page)
    _replace(page, "title-fi", "Lisätietoja")
    _replace(page, "title-sv", "Mer information")
    _replace(page, "title-en", "More information")
    _tab_to(page, "select[name='show_if-0-question']")
    page.keyboard.type("New question")
    _tab_to(page, "select[name='show_if-0-operator']")
    page.keyboard.type("is answered")
    _enter(page, "form button.button[type='submit']")
    assert page.is_visible("text=The change was saved."), page.inner_text("main")[:1500]
    axe_check(page)

    _enter(page, "a[href$='/editor/questions/question_1']")
    axe_check(page)
    # The preview of the question's page beside its form: Swedish loaded into the frame by keyboard, the
    # framed page axe-clean too, and on a phone the preview goes below the form.
    _tab_to(page, "a[target='page-preview'][lang='sv']")
    page.keyboard.press("Enter")
    frame = page.frame(name="page-preview")
    frame.wait_for_url("**language=sv**")
    frame.wait_for_load_state()
    assert frame.locator("html").get_attribute("lang") == "sv"
    form_box, frame_box = (page.locator(s).bounding_box() for s in ("form[novalidate]", "iframe[name='page-preview']"))
    assert frame_box["x"] > form_box["x"] + form_box["width"] - 1
    page.set_viewport_size({"width": 375, "height": 800})
    form_box, frame_box = (page.locator(s).bounding_box() for s in ("form[novalidate]", "iframe[name='page-preview']"))
    assert frame_box["y"] > form_box["y"] + form_box["height"] - 1
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(frame.url)
    axe_check(page)
    page.go_back()
    page.wait_for_load_state()
    _tab_to(page, "[name='required']")
    page.keyboard.press("Space")
    _enter(page, "form button.button[type='submit']")

    _enter(page, "a[href$='/preview/uusi_sivu?language=sv']")
    assert page.is_visible("text=Mer information")
    axe_check(page)

    page.go_back()
    page.wait_for_load_state()
    _enter(page, "a[href$='/editor/publish']")
    assert page.is_visible("text=Some texts have no translation")
    axe_check(page)
    _tab_to(page, "[name='missing_confirmed']")
    page.keyboard.press("Space")
    _enter(page, "form button.button[type='submit']")
    assert page.is_visible("text=The survey is published")
    page.close()

    with app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.title == "Kevätkysely"))
        assert survey.opens_at is not None
        definition = survey.current_version.definition_json
        assert '"show_if":{"answered":"question_1"}' in definition
        assert '"required":true' in definition


def test_with_javascript_questions_move_without_a_page_load_and_can_be_dragged_and_every_form_is_axe_clean(app, make_survey, browser,
                                                                             live_server, axe_check):
    survey = make_survey("outokumpu", email=None)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/staff/sign-in?lang=en")
    _replace(page, "email", ADMIN)
    _replace(page, "password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"{live_server.url}{survey.url('editor/')}")
    page.evaluate("window.loadedOnce = true")

    _tab_to(page, "form[action$='/questions/intro/move'] button[value='down']")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('survey-editor-status').textContent.length > 0")
    keys = page.eval_on_selector_all("ol[data-page='basics'] > li", "items => items.map(i => i.dataset.question)")
    assert keys[:2] == ["association_name", "intro"]
    assert page.evaluate("window.loadedOnce") is True  # the same document: no page load
    assert page.evaluate("document.activeElement.value") == "down"  # the focus stays on the button
    axe_check(page)

    page.locator("#question-members").drag_to(page.locator("#question-association_name"))
    page.wait_for_function("() => document.querySelector('ol[data-page=basics] > li').dataset.question === 'members'")
    assert page.evaluate("window.loadedOnce") is True

    for rest in ("editor/questions/cooperation_views", "editor/questions/sector", "editor/questions/top_needs",
                 "editor/pages/contact", "editor/questions/members/delete", "versions/compare", "editor/survey"):
        page.goto(f"{live_server.url}{survey.url(rest)}")
        axe_check(page)
    page.close()


def _stored_options(app, survey_id: int, key: str) -> tuple[list[str], str]:
    with app.app_context():
        version = db.session.get(Survey, survey_id).current_version
        question = definition_from_dict(json.loads(version.definition_json)).question(key)
        return [o.value for o in question.options], question.label.fi


def test_options_move_by_keyboard_without_a_page_load_and_enter_in_a_field_saves_without_moving(
        app, make_survey, browser, live_server, axe_check):
    survey = make_survey("outokumpu", email=None)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/staff/sign-in?lang=en")
    _replace(page, "email", ADMIN)
    _replace(page, "password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"{live_server.url}{survey.url('editor/questions/sector')}")
    page.evaluate("window.loadedOnce = true")
    assert page.get_by_role("button", name="Move “Social and health” up").count() == 0
    axe_check(page)

    _tab_to(page, "button[value='options-0-down']")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('survey-editor-status').textContent.includes('Moved.')")
    assert page.evaluate("window.loadedOnce") is True  # the same document: no page load
    # The focus stays with the option moved, now second: its own "down" button.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Move “Social and health” down"
    assert _stored_options(app, survey.id, "sector")[0][:2] == ["sports", "social_health"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('[name=options-0-value]').value === 'social_health'")
    assert _stored_options(app, survey.id, "sector")[0][:2] == ["social_health", "sports"]
    axe_check(page)

    _replace(page, "label-fi", "Toimiala")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.is_visible("text=The change was saved.")
    options, label = _stored_options(app, survey.id, "sector")
    assert options[:2] == ["social_health", "sports"] and label == "Toimiala"
    page.close()


def test_a_number_condition_built_in_the_pickers_shows_the_question_in_the_preview_by_the_number_typed(
        app, make_survey, browser, live_server, axe_check):
    survey = make_survey("outokumpu", email=None)
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(f"{live_server.url}/staff/sign-in?lang=sv")
    _replace(page, "email", ADMIN)
    _replace(page, "password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"{live_server.url}{survey.url('editor/questions/paid_staff')}")
    _tab_to(page, "select[name='show_if-0-question']")
    page.select_option("select[name='show_if-0-question']", "members")
    page.select_option("select[name='show_if-0-operator']", "greater_than")
    _replace(page, "show_if-0-compare", "10")
    _enter(page, "form button.button[type='submit']")
    assert page.is_visible("text=Ändringen sparades."), page.inner_text("main")[:1500]

    # Saved, the condition's value field is a number field of the question's limits, in Swedish.
    page.goto(f"{live_server.url}{survey.url('editor/questions/paid_staff')}")
    assert page.locator("label[for='show_if-0-compare']").inner_text() == "Tal 1"
    assert page.locator("#show_if-0-operator option:checked").inner_text() == "är större än"
    axe_check(page)

    page.goto(f"{live_server.url}{survey.url('preview/basics?language=sv')}")
    question = page.locator("#question-paid_staff")
    _replace(page, "q_members", "5")
    assert question.is_hidden()
    _replace(page, "q_members", "15")
    assert question.is_visible()
    page.close()
