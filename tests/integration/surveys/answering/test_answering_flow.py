"""Answering through invitation and open links: drafts, resuming, submitting, editing, refusals."""

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, update

from app.database import is_read_only
from app.extensions import db
from app.models import AccessMode, Answer, Response, ResponseStatus, Survey, SurveyVersion
from app.models.base import utcnow
from surveys import canonical_json, content_hash, load_text
from tests.fixtures.surveys import JARJESTOKYSELY, PAGES, form_values

pytestmark = pytest.mark.usefixtures("english_by_default")


def _response(app, survey_id):
    with app.app_context():
        return db.session.scalars(select(Response).where(Response.survey_id == survey_id)).all()


def _answer_keys(app, response_id):
    with app.app_context():
        return set(db.session.scalars(select(Answer.question_key).where(Answer.response_id == response_id)))


def test_invitation_draft_resumes_on_the_page_left_then_submits_and_edits(app, client, make_survey, answer_page,
                                                                           csrf_token):
    survey = make_survey()
    base = survey.invitation_url
    first = answer_page(client, f"{base}/page/basics", PAGES["basics"])
    assert first.status_code == 302 and first.headers["Location"].endswith("/page/activities")

    # Another browser with the same link continues the same response, on page 2.
    other = app.test_client()
    resumed = other.get(base)
    assert resumed.status_code == 302 and resumed.headers["Location"].endswith("/page/activities")
    page = other.get(resumed.headers["Location"]).get_data(as_text=True)
    assert "Page 2 of 6" in page  # the contact page counts until it is decided
    back = other.get(f"{base}/page/basics").get_data(as_text=True)
    assert 'value="1.5"' in back and "Rääkkylän kyläyhdistys ry" in back

    for key in ("activities", "cooperation", "needs", "council"):
        assert answer_page(other, f"{base}/page/{key}", PAGES[key]).status_code == 302
    check = other.get(f"{base}/check").get_data(as_text=True)
    assert "Rääkkylän kyläyhdistys ry" in check and "Change" in check
    sent = other.post(f"{base}/check", data={"csrf_token": csrf_token(check)})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/done")
    done = other.get(f"{base}/done").get_data(as_text=True)
    assert "Thank you – your answers have been sent" in done

    [response] = _response(app, survey.survey_id)
    assert response.status is ResponseStatus.SUBMITTED
    assert (response.municipality_code, response.sector) == ("707", "village")  # the invitation's snapshot
    with app.app_context():
        paid = db.session.scalar(select(Answer.value_number).where(Answer.response_id == response.id,
                                                                   Answer.question_key == "paid_staff"))
    assert paid == 1.5

    # Editing until the survey closes: reopen, change one answer, send again.
    done = client.get(f"{base}/done").get_data(as_text=True)
    assert "Change your answers" in done
    edit = client.post(f"{base}/edit", data={"csrf_token": csrf_token(done)})
    assert edit.status_code == 302 and edit.headers["Location"].endswith("/check")
    changed = dict(PAGES["basics"], q_members="130")
    assert answer_page(client, f"{base}/page/basics", changed).status_code == 302
    check = client.get(f"{base}/check").get_data(as_text=True)
    assert client.post(f"{base}/check", data={"csrf_token": csrf_token(check)}).status_code == 302
    [response] = _response(app, survey.survey_id)
    assert response.status is ResponseStatus.SUBMITTED
    with app.app_context():
        members = db.session.scalar(select(Answer.value_number).where(Answer.response_id == response.id,
                                                                      Answer.question_key == "members"))
    assert members == 130



def _in_transaction(connection) -> bool:
    """Whether a statement on this connection runs inside a transaction (psycopg's autocommit is off)."""
    return not getattr(connection.connection.driver_connection, "autocommit", False)


def test_a_draft_save_stores_the_pages_answers_with_one_insert_in_two_round_trips_on_postgresql(
        app, client, make_survey, answer_page, csrf_token, record_statements):
    survey = make_survey()
    url = f"{survey.invitation_url}/page/basics"
    assert answer_page(client, url, PAGES["basics"]).status_code == 302
    token = csrf_token(client, url)
    with app.app_context():
        engine, dialect = db.engine, db.engine.dialect.name
    transactions = []
    listener = lambda connection, *_: transactions.append(_in_transaction(connection))  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        with record_statements() as sent:
            again = client.post(url, data={**PAGES["basics"], "q_members": "95", "csrf_token": token,
                                           "action": "next"})
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert again.status_code == 302 and again.headers["Location"].endswith("/page/activities")
    writes = [statement for statement in sent if statement != "COMMIT" and not is_read_only(statement)]
    inserts = [statement for statement in writes if "INSERT INTO survey_answers" in statement]
    assert len(inserts) == 1
    if dialect == "postgresql":
        # The link's look-up with the stored answers, then the old answers' DELETE, the INSERT and the response's
        # UPDATE in one statement, each atomic on its own: no BEGIN or COMMIT round trip around them.
        statements = [statement for statement in sent if statement != "COMMIT"]
        assert len(statements) == 2 and statements[1] == writes[0] == inserts[0]
        assert "DELETE FROM survey_answers" in writes[0] and "UPDATE survey_responses" in writes[0]
        assert transactions == [False, False]
    else:
        assert all(transactions)
    [response] = _response(app, survey.survey_id)
    assert _answer_keys(app, response.id) == {"association_name", "home_municipality", "sector", "members",
                                              "paid_staff"}
    with app.app_context():
        members = db.session.scalars(select(Answer.value_number).where(Answer.response_id == response.id,
                                                                       Answer.question_key == "members")).all()
    assert members == [95]
    assert response.current_page == "activities" and response.revision == 3


def _stored_rows(app, response_id):
    with app.app_context():
        return db.session.execute(select(Answer.id, Answer.question_key, Answer.option, Answer.value_text,
                                         Answer.value_number).where(Answer.response_id == response_id)
                                  .order_by(Answer.id)).all()


def test_a_page_saved_again_rewrites_only_the_answers_that_changed(app, client, make_survey, answer_page):
    survey = make_survey()
    url = f"{survey.invitation_url}/page/basics"
    assert answer_page(client, url, PAGES["basics"]).status_code == 302
    [response] = _response(app, survey.survey_id)
    first = _stored_rows(app, response.id)
    assert answer_page(client, url, {**PAGES["basics"], "q_members": "95"}).status_code == 302
    second = _stored_rows(app, response.id)
    # The other answers' rows stay as they were; the number of members is replaced.
    assert [row for row in second if row.question_key != "members"] == [
        row for row in first if row.question_key != "members"]
    [members] = [row for row in second if row.question_key == "members"]
    assert members.value_number == 95 and members.id not in {row.id for row in first}
    # Saved again unchanged: nothing of the page is rewritten, the save itself is (the page to go on from).
    assert answer_page(client, url, {**PAGES["basics"], "q_members": "95"}, action="save").status_code == 302
    assert _stored_rows(app, response.id) == second
    [saved] = _response(app, survey.survey_id)
    assert saved.revision == response.revision + 2 and saved.current_page == "basics"
    assert form_values(client.get(url).get_data(as_text=True), "q_members") == ["95"]


def test_a_draft_page_with_an_invalid_answer_is_shown_again_in_two_statements_on_postgresql(
        app, client, make_survey, answer_page, csrf_token, record_statements):
    survey = make_survey()
    url = f"{survey.invitation_url}/page/basics"
    assert answer_page(client, url, PAGES["basics"]).status_code == 302
    token = csrf_token(client, url)
    with app.app_context():
        dialect = db.engine.dialect.name
    with record_statements() as sent:
        again = client.post(url, data={**PAGES["basics"], "q_members": "many", "csrf_token": token,
                                       "action": "next"})
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and "There is a problem" in page and 'value="many"' in page
    assert "Rääkkylän kyläyhdistys ry" in page
    statements = [statement for statement in sent if statement != "COMMIT"]
    assert "survey_invitations" in statements[0]
    if dialect == "postgresql":
        # The save's look-up of plain values read the stored answers too; the page is shown again from them and
        # from the survey's objects, loaded once for it.
        assert len(statements) == 2 and "survey_invitations" in statements[1]
    else:
        # The page is shown again from the objects the save's look-up loaded: after the look-up only the stored
        # answers are read, nothing is loaded again after the commit.
        assert all("FROM survey_answers" in statement and "survey_invitations" not in statement
                   for statement in statements[1:])
    [response] = _response(app, survey.survey_id)
    assert response.current_page == "activities" and response.revision == 2


def test_a_first_save_that_fails_while_writing_the_page_leaves_no_response_behind(app, client, make_survey,
                                                                                   answer_page):
    survey = make_survey()
    with app.app_context():
        engine = db.engine

    def fail_writing_answers(_connection, _cursor, statement, *_):
        if "INSERT INTO survey_answers" in statement:
            raise RuntimeError("the database went away")

    event.listen(engine, "before_cursor_execute", fail_writing_answers)
    try:
        with pytest.raises(RuntimeError):
            answer_page(client, f"{survey.invitation_url}/page/basics", PAGES["basics"])
    finally:
        event.remove(engine, "before_cursor_execute", fail_writing_answers)
    # The response is made in the same transaction as its first page's answers.
    assert _response(app, survey.survey_id) == []
    assert answer_page(client, f"{survey.invitation_url}/page/basics", PAGES["basics"]).status_code == 302
    [response] = _response(app, survey.survey_id)
    assert response.current_page == "activities" and response.revision == 2


def test_a_draft_saved_while_another_tab_saved_the_same_response_is_saved_again_on_top_of_it(
        app, client, make_survey, answer_page):
    survey = make_survey()
    base = survey.invitation_url
    answer_page(client, f"{base}/page/basics", PAGES["basics"])
    [response] = _response(app, survey.survey_id)
    kept = '{"q_members": ["noin 45"]}'
    with app.app_context():
        engine = db.engine
    other_tab = []

    def save_in_other_tab(_conn, _cursor, statement, *_):
        # After this request has read the response, before it writes: another tab's "save and continue
        # later" with input kept as typed on the first page.
        if other_tab or is_read_only(statement):
            return
        other_tab.append(1)
        with engine.begin() as other:
            other.execute(update(Response).where(Response.id == response.id).values(
                typed_input=kept, revision=Response.revision + 1))

    event.listen(engine, "before_cursor_execute", save_in_other_tab)
    try:
        saved = answer_page(client, f"{base}/page/activities", PAGES["activities"])
    finally:
        event.remove(engine, "before_cursor_execute", save_in_other_tab)
    assert other_tab and saved.status_code == 302 and saved.headers["Location"].endswith("/page/cooperation")
    [stored] = _response(app, survey.survey_id)
    # Both tabs' saves stand: this one's answers, and the other's typed input, shown back on its page.
    assert stored.typed_input == kept and stored.current_page == "cooperation"
    assert {"activity_types", "operating_area"} <= _answer_keys(app, response.id)
    with app.app_context():
        # The write refused for the stale revision stored nothing: the page's answers are there once.
        assert db.session.execute(select(Answer.question_key, Answer.option).where(
            Answer.response_id == response.id, Answer.question_key.in_(("activity_types", "operating_area")))
            .order_by(Answer.id)).all() == [("activity_types", "events"), ("operating_area", "own_municipality")]
    assert form_values(client.get(f"{base}/page/basics").get_data(as_text=True), "q_members") == ["noin 45"]


def test_a_draft_that_meets_another_tabs_save_at_each_attempt_stores_nothing_and_says_so(
        app, client, make_survey, answer_page):
    survey = make_survey()
    base = survey.invitation_url
    answer_page(client, f"{base}/page/basics", PAGES["basics"])
    [response] = _response(app, survey.survey_id)
    with app.app_context():
        engine = db.engine
    other_tab = []

    def save_in_other_tab(_conn, _cursor, statement, *_):
        # Before each attempt to write the page (its first statement), another tab's save gets in first.
        if not statement.lstrip().startswith(("WITH", "DELETE FROM survey_answers")):
            return
        other_tab.append(1)
        with engine.begin() as other:
            other.execute(update(Response).where(Response.id == response.id).values(revision=Response.revision + 1))

    event.listen(engine, "before_cursor_execute", save_in_other_tab)
    try:
        refused = answer_page(client, f"{base}/page/activities", PAGES["activities"])
    finally:
        event.remove(engine, "before_cursor_execute", save_in_other_tab)
    assert len(other_tab) == 2 and refused.status_code == 409
    assert "Someone changed this at the same time" in refused.get_data(as_text=True)
    # Neither attempt stored anything of this page.
    assert not {"activity_types", "operating_area"} & _answer_keys(app, response.id)
    [stored] = _response(app, survey.survey_id)
    assert stored.current_page == "activities"


def test_submit_with_missing_answers_links_to_the_page_and_field(app, client, make_survey, answer_page, csrf_token):
    survey = make_survey()
    base = survey.invitation_url
    answer_page(client, f"{base}/page/basics", PAGES["basics"])
    check = client.get(f"{base}/check").get_data(as_text=True)
    result = client.post(f"{base}/check", data={"csrf_token": csrf_token(check)}).get_data(as_text=True)
    assert f"{base}/page/activities?errors=1#q_activity_types-0" in result
    assert f"{base}/page/council?errors=1#q_register_consent-0" in result
    page = client.get(f"{base}/page/activities?errors=1").get_data(as_text=True)
    assert 'id="q_activity_types-error"' in page and "This question is required." in page


def test_previous_keeps_input_without_requiring_answers(app, client, make_survey, answer_page):
    survey = make_survey()
    base = survey.invitation_url
    answer_page(client, f"{base}/page/basics", PAGES["basics"])
    back = answer_page(client, f"{base}/page/activities", {"q_target_groups": ["older_people"]}, action="previous")
    assert back.status_code == 302 and back.headers["Location"].endswith("/page/basics")
    page = client.get(f"{base}/page/activities").get_data(as_text=True)
    assert 'value="older_people" checked' in page


def test_open_link_gives_each_browser_its_own_response(app, make_survey, answer_page):
    survey = make_survey(access_mode=AccessMode.OPEN)
    one, two = app.test_client(), app.test_client()
    answer_page(one, f"{survey.open_url}/page/basics", dict(PAGES["basics"], q_association_name="Yksi ry"))
    answer_page(two, f"{survey.open_url}/page/basics", dict(PAGES["basics"], q_association_name="Kaksi ry"))
    responses = _response(app, survey.survey_id)
    assert len(responses) == 2 and all(r.invitation_id is None and r.resume_token_hash for r in responses)
    assert "Yksi ry" in one.get(f"{survey.open_url}/page/basics").get_data(as_text=True)
    assert "Kaksi ry" in two.get(f"{survey.open_url}/page/basics").get_data(as_text=True)
    # Municipality and sector come from the answers when there is no invitation.
    assert {(r.municipality_code, r.sector) for r in responses} == {("707", "village")}


def test_a_link_checker_opening_a_page_starts_no_response(app, client, make_survey):
    # Mail systems' link checkers send HEAD (and GET) to links in messages; only a POST may save.
    survey = make_survey()
    for url in (f"{survey.invitation_url}/page/basics", f"{survey.open_url}/page/basics"):
        assert client.head(url).status_code == 200
        assert client.get(url).status_code == 200
    assert _response(app, survey.survey_id) == []


def test_open_link_of_an_invitation_only_survey_is_not_found(app, client, make_survey):
    survey = make_survey(access_mode=AccessMode.INVITATIONS)
    page = client.get(f"{survey.open_url}/")
    assert page.status_code == 404 and "cannot be answered here" in page.get_data(as_text=True)
    assert client.get(survey.invitation_url).status_code == 200


def test_hidden_questions_are_not_stored(app, client, make_survey, answer_page):
    survey = make_survey()
    base = survey.invitation_url
    answer_page(client, f"{base}/page/basics", PAGES["basics"])
    answer_page(client, f"{base}/page/activities", PAGES["activities"])
    # grant_amount shows only when municipal_grant is yes; no-JS browsers send it anyway.
    answer_page(client, f"{base}/page/cooperation", {"q_municipal_grant": "no", "q_grant_amount": "500"})
    [response] = _response(app, survey.survey_id)
    keys = _answer_keys(app, response.id)
    assert "municipal_grant" in keys and "grant_amount" not in keys
    # Answering yes stores it; going back to no removes it again.
    answer_page(client, f"{base}/page/cooperation", {"q_municipal_grant": "yes", "q_grant_amount": "500"})
    assert "grant_amount" in _answer_keys(app, response.id)
    answer_page(client, f"{base}/page/cooperation", {"q_municipal_grant": "no", "q_grant_amount": "500"})
    assert "grant_amount" not in _answer_keys(app, response.id)


def test_tampered_option_and_bad_number_give_field_errors_and_keep_input(app, client, make_survey, answer_page):
    survey = make_survey()
    fields = dict(PAGES["basics"], q_sector="hacked", q_members="12 apples", q_association_name="Pidetty ry")
    result = answer_page(client, f"{survey.invitation_url}/page/basics", fields)
    page = result.get_data(as_text=True)
    assert result.status_code == 200
    assert 'href="#q_sector"' in page and 'href="#q_members"' in page
    assert 'id="q_sector-error"' in page and "hacked is not one of the choices." in page
    assert 'value="12 apples"' in page and 'value="Pidetty ry"' in page
    assert _response(app, survey.survey_id) == [] or not _answer_keys(app, _response(app, survey.survey_id)[0].id)


def test_municipality_is_one_of_the_council_area_and_others_are_refused(app, client, make_survey, answer_page):
    survey = make_survey()      # the council of Rääkkylä, whose area is Rääkkylä (707)
    page = client.get(f"{survey.invitation_url}/page/basics").get_data(as_text=True)
    home = re.search(r'<select[^>]*name="q_home_municipality".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="(\d+)"', home) == ["707"]
    fields = dict(PAGES["basics"], q_home_municipality="091", q_association_name="Pidetty ry")
    result = answer_page(client, f"{survey.invitation_url}/page/basics", fields).get_data(as_text=True)
    assert 'href="#q_home_municipality"' in result and "Choose a municipality from the list." in result
    assert 'value="Pidetty ry"' in result


def test_a_number_too_long_to_store_exactly_is_refused_beside_the_field(app, client, make_survey, answer_page):
    survey = make_survey()
    fields = dict(PAGES["basics"], q_members="1" * 29)
    result = answer_page(client, f"{survey.invitation_url}/page/basics", fields)
    page = result.get_data(as_text=True)
    assert result.status_code == 200
    assert "Enter a number with at most 15 digits." in page and 'value="' + "1" * 29 + '"' in page


def test_a_draft_goes_on_in_its_version_after_a_new_one_is_published(app, client, make_survey, answer_page,
                                                                       csrf_token):
    survey = make_survey()
    assert answer_page(client, f"{survey.invitation_url}/page/basics", PAGES["basics"]).status_code == 302
    # Staff publish version 2, in which the sector "village" is renamed.
    text = JARJESTOKYSELY.read_text(encoding="utf-8").replace("- value: village\n", "- value: village_assoc\n", 1)
    changed = load_text(text, "jarjestokysely.yaml")
    with app.app_context():
        db.session.add(SurveyVersion(survey_id=survey.survey_id, number=2, definition_json=canonical_json(changed),
                                     content_hash=content_hash(changed), source_name="jarjestokysely.yaml"))
        db.session.commit()
    back = client.get(f"{survey.invitation_url}/page/basics").get_data(as_text=True)
    assert '<option value="village" selected>' in back
    assert "village_assoc" not in back
    for key in ("activities", "cooperation", "needs", "council"):
        assert answer_page(client, f"{survey.invitation_url}/page/{key}", PAGES[key]).status_code == 302
    check = client.get(f"{survey.invitation_url}/check").get_data(as_text=True)
    sent = client.post(f"{survey.invitation_url}/check", data={"csrf_token": csrf_token(check)})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/done")
    [response] = _response(app, survey.survey_id)
    with app.app_context():
        version = db.session.get(SurveyVersion, response.version_id)
        sector = db.session.scalar(select(Answer.option).where(Answer.response_id == response.id,
                                                               Answer.question_key == "sector"))
    assert (version.number, response.status, sector) == (1, ResponseStatus.SUBMITTED, "village")


def test_too_long_text_is_refused_beside_the_field(app, client, make_survey, answer_page):
    survey = make_survey()
    fields = dict(PAGES["basics"], q_association_name="x" * 151)
    page = answer_page(client, f"{survey.invitation_url}/page/basics", fields).get_data(as_text=True)
    assert "The text is too long: 151 characters, at most 150 allowed." in page


def _sent_after_the_survey_closed(app, client, survey, url, token):
    """The basics page sent (a new association name typed) a minute after the survey closed under the form."""
    with app.app_context():
        db.session.get(Survey, survey.survey_id).closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    return client.post(url, data=dict(PAGES["basics"], csrf_token=token, action="next",
                                      q_association_name="Myöhässä ry"))


def test_closed_survey_refuses_a_post_and_keeps_the_typed_text(app, client, make_survey, csrf_token):
    survey = make_survey(opens_in=timedelta(days=-10), closes_in=timedelta(days=1))
    url = f"{survey.invitation_url}/page/basics"
    result = _sent_after_the_survey_closed(app, client, survey, url, csrf_token(client.get(url).get_data(as_text=True)))
    page = result.get_data(as_text=True)
    assert result.status_code == 409
    assert "This survey closed on" in page and 'value="Myöhässä ry"' in page
    assert _response(app, survey.survey_id) == []
    start = client.get(survey.invitation_url).get_data(as_text=True)
    assert "This survey has closed" in start


def test_a_draft_page_sent_after_the_survey_closed_is_refused_with_the_typed_text_kept(app, client, make_survey,
                                                                                       answer_page, csrf_token):
    survey = make_survey(opens_in=timedelta(days=-10), closes_in=timedelta(days=1))
    url = f"{survey.invitation_url}/page/basics"
    assert answer_page(client, url, PAGES["basics"]).status_code == 302
    result = _sent_after_the_survey_closed(app, client, survey, url, csrf_token(client, url))
    page = result.get_data(as_text=True)
    assert result.status_code == 409
    assert "This survey closed on" in page and 'value="Myöhässä ry"' in page
    [response] = _response(app, survey.survey_id)
    assert response.current_page == "activities" and response.revision == 2
    with app.app_context():
        assert db.session.scalars(select(Answer.value_text).where(
            Answer.response_id == response.id, Answer.question_key == "association_name")).all() == [
            PAGES["basics"]["q_association_name"]]


def test_a_page_sent_from_another_tab_after_the_answers_were_sent_is_refused_with_the_typed_text_kept(
        app, client, make_survey, answer_page, csrf_token):
    survey = make_survey()
    base = survey.invitation_url
    for key in ("basics", "activities", "cooperation", "needs", "council"):
        assert answer_page(client, f"{base}/page/{key}", PAGES[key]).status_code == 302
    old_tab = app.test_client()
    token = csrf_token(old_tab, f"{base}/page/basics")
    check = client.get(f"{base}/check").get_data(as_text=True)
    assert client.post(f"{base}/check", data={"csrf_token": csrf_token(check)}).status_code == 302
    result = old_tab.post(f"{base}/page/basics", data=dict(PAGES["basics"], csrf_token=token, action="next",
                                                          q_association_name="Toisesta välilehdestä ry"))
    page = result.get_data(as_text=True)
    assert result.status_code == 409
    assert "These answers have already been sent" in page and 'value="Toisesta välilehdestä ry"' in page
    [response] = _response(app, survey.survey_id)
    assert response.status is ResponseStatus.SUBMITTED
    with app.app_context():
        assert db.session.scalars(select(Answer.value_text).where(
            Answer.response_id == response.id, Answer.question_key == "association_name")).all() == [
            PAGES["basics"]["q_association_name"]]


def test_survey_not_yet_open_says_when_it_opens(app, client, make_survey):
    survey = make_survey(opens_in=timedelta(days=3))
    page = client.get(survey.invitation_url).get_data(as_text=True)
    assert "This survey is not open yet" in page and "You can answer from" in page


def test_language_switch_in_the_middle_shows_swedish_texts_and_stores_the_language(app, client, make_survey,
                                                                                      answer_page):
    survey = make_survey()
    base = survey.invitation_url
    answer_page(client, f"{base}/page/basics", PAGES["basics"])
    page = client.get(f"{base}/page/activities?lang=sv").get_data(as_text=True)
    assert "Verksamhet och målgrupper" in page
    answer_page(client, f"{base}/page/activities", PAGES["activities"])
    [response] = _response(app, survey.survey_id)
    assert response.language == "sv"


def test_two_concurrent_submits_of_one_invitation_store_one_response(app, make_survey, answer_page, csrf_token):
    survey = make_survey()
    base = survey.invitation_url
    clients = [app.test_client(), app.test_client()]
    # Both tabs start before any response exists: racing to create it.
    tokens = [csrf_token(c.get(f"{base}/page/basics").get_data(as_text=True)) for c in clients]
    barrier = threading.Barrier(2)
    results = []

    def first_page(client, token, name):
        barrier.wait()
        results.append(client.post(f"{base}/page/basics", data=dict(
            PAGES["basics"], csrf_token=token, action="next", q_association_name=name)).status_code)

    threads = [threading.Thread(target=first_page, args=(c, t, n)) for c, t, n in zip(clients, tokens, ("A ry", "B ry"))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(results) == [302, 302]
    assert len(_response(app, survey.survey_id)) == 1

    for key in ("activities", "cooperation", "needs", "council"):
        answer_page(clients[0], f"{base}/page/{key}", PAGES[key])
    checks = [csrf_token(c.get(f"{base}/check").get_data(as_text=True)) for c in clients]
    barrier = threading.Barrier(2)
    results.clear()

    def submit(client, token):
        barrier.wait()
        results.append(client.post(f"{base}/check", data={"csrf_token": token}))

    threads = [threading.Thread(target=submit, args=(c, t)) for c, t in zip(clients, checks)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert [r.status_code for r in results] == [302, 302]
    assert all(r.headers["Location"].endswith("/done") for r in results)
    [response] = _response(app, survey.survey_id)
    assert response.status is ResponseStatus.SUBMITTED
    with app.app_context():
        names = db.session.scalars(select(Answer.value_text).where(Answer.response_id == response.id,
                                                                   Answer.question_key == "association_name")).all()
        assert len(names) == 1 and names[0] in ("A ry", "B ry")
        assert db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey.survey_id)) == 1


def test_decimal_comma_is_accepted_in_finnish_and_shown_back_in_finnish(app, client, make_survey, answer_page):
    survey = make_survey()
    url = f"{survey.invitation_url}/page/basics"
    client.get(f"{url}?lang=fi")
    assert answer_page(client, url, dict(PAGES["basics"], q_paid_staff="1,5")).status_code == 302
    assert 'value="1,5"' in client.get(url).get_data(as_text=True)
    # An English browser takes the decimal comma too where it cannot group thousands.
    client.get(f"{url}?lang=en")
    assert answer_page(client, url, dict(PAGES["basics"], q_paid_staff="0,5")).status_code == 302
    assert 'value="0.5"' in client.get(url).get_data(as_text=True)


def test_numbers_take_units_and_spaces_say_what_to_drop_and_come_back_without_decimals(
        app, client, make_survey, answer_page, csrf_token, smtp_server, run_jobs):
    survey = make_survey()
    base = survey.invitation_url
    client.get(f"{base}/?lang=fi")
    refused = answer_page(client, f"{base}/page/basics", dict(PAGES["basics"], q_members="noin 45 jäsentä"))
    assert "Kirjoittakaa pelkkä luku ilman tekstiä ”noin jäsentä”" in refused.get_data(as_text=True)
    typed = dict(PAGES["basics"], q_members="45", q_volunteers="1\u202f200", q_paid_staff="2")
    assert answer_page(client, f"{base}/page/basics", typed).status_code == 302
    back = client.get(f"{base}/page/basics").get_data(as_text=True)
    assert 'value="45"' in back and 'value="1200"' in back and 'value="2"' in back
    for key in ("activities", "needs", "council"):
        answer_page(client, f"{base}/page/{key}", PAGES[key])
    grant = {"q_municipal_grant": "yes", "q_grant_amount": "1 200 €"}
    assert answer_page(client, f"{base}/page/cooperation", grant).status_code == 302
    check = client.get(f"{base}/check").get_data(as_text=True)
    assert "1\u00a0200" in check and "1\u00a0200,0" not in check and ">45<" in check.replace("\n", "").replace(" ", "")
    client.post(f"{base}/check", data={"csrf_token": csrf_token(check)})
    done = client.get(f"{base}/done").get_data(as_text=True)
    client.post(f"{base}/done", data={"csrf_token": csrf_token(done), "email": "kopio@example.fi"})
    run_jobs()
    [mail] = smtp_server.to("kopio@example.fi")
    body = mail.get_body(("plain",)).get_content()
    assert "1\u00a0200" in body and ",0" not in body


def test_a_date_that_does_not_exist_is_named_and_swedish_dates_follow_finland_swedish_practice(
        app, client, make_survey, answer_page):
    survey = make_survey()
    base = survey.invitation_url
    client.get(f"{base}/?lang=fi")
    refused = answer_page(client, f"{base}/page/basics", dict(PAGES["basics"], q_registered_on="31.2.2020"))
    assert "Päivämäärää 31.2.2020 ei ole olemassa" in refused.get_data(as_text=True)
    client.get(f"{base}/?lang=sv")
    assert answer_page(client, f"{base}/page/basics",
                       dict(PAGES["basics"], q_registered_on="1987-05-12")).status_code == 302
    assert 'value="12.5.1987"' in client.get(f"{base}/page/basics").get_data(as_text=True)
    check = client.get(f"{base}/check").get_data(as_text=True)
    assert "12.5.1987" in check and "1987-05-12" not in check


def test_hints_are_shown_once_without_contradiction_and_summary_lines_name_their_question(
        app, client, make_survey, answer_page):
    survey = make_survey()
    base = survey.invitation_url
    client.get(f"{base}/?lang=fi")
    page = client.get(f"{base}/page/activities").get_data(as_text=True)
    assert page.count("Valitkaa kaikki sopivat.") == 1 and page.count("Valitkaa enintään neljä.") == 1
    refused = answer_page(client, f"{base}/page/basics", dict(PAGES["basics"], q_association_name=""))
    summary = re.search(r'<div class="error-summary".*?</ul>', refused.get_data(as_text=True), re.S).group(0)
    assert "Yhdistyksen nimi – " in summary


def test_long_text_limit_is_told_before_typing_and_a_saved_draft_keeps_an_overlong_text_with_its_error(
        app, client, make_survey, answer_page, csrf_token):
    survey = make_survey()
    base = survey.invitation_url
    client.get(f"{base}/?lang=fi")
    for key in ("basics", "activities", "cooperation", "council"):
        answer_page(client, f"{base}/page/{key}", PAGES[key])
    page = client.get(f"{base}/page/needs").get_data(as_text=True)
    textarea = re.search(r'<textarea[^>]*name="q_premises_details"[^>]*>', page).group(0)
    # One limit, the definition's: told in the hint, never cut by the browser.
    assert "maxlength" not in textarea and 'data-max-length="2000"' in textarea
    assert "Enintään 2\u00a0000 merkkiä." in page
    pasted = "Kokoustila. " * 553 + "Loppu"
    assert len(pasted) > 6600
    saved = answer_page(client, f"{base}/page/needs", {"q_needs": ["premises"], "q_premises_details": pasted},
                        action="save")
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/saved")
    again = client.get(f"{base}/page/needs").get_data(as_text=True)
    assert form_values(again, "q_premises_details") == [pasted]
    assert 'id="q_premises_details-error"' in again and 'form-group-error' in again
    check = client.get(f"{base}/check").get_data(as_text=True)
    refused = client.post(f"{base}/check", data={"csrf_token": csrf_token(check)}).get_data(as_text=True)
    assert "/page/needs?errors=1#q_premises_details" in refused
    fixed = answer_page(client, f"{base}/page/needs", {"q_needs": ["premises"], "q_premises_details": "Kokoustila."})
    assert fixed.status_code == 302
    check = client.get(f"{base}/check").get_data(as_text=True)
    assert client.post(f"{base}/check", data={"csrf_token": csrf_token(check)}).headers["Location"].endswith("/done")


def test_an_invitation_starts_with_the_association_name_from_the_register_and_an_open_link_does_not(
        app, client, make_survey, answer_page):
    from app.models import Association, Invitation
    from app.surveys.tokens import issue_invitation_token

    survey = make_survey()
    with app.app_context():
        association = db.session.scalars(select(Association).order_by(Association.id)).first()
        invitation = Invitation(survey_id=survey.survey_id, association_id=association.id, email=association.email,
                                language="fi", token_hash="", token_nonce="")
        token = issue_invitation_token(invitation)
        db.session.add(invitation)
        db.session.commit()
        name = association.name
    page = client.get(f"/s/{token}/page/basics").get_data(as_text=True)
    assert form_values(page, "q_association_name") == [name]
    assert form_values(app.test_client().get(f"{survey.open_url}/page/basics").get_data(as_text=True),
                       "q_association_name") == [""]


def test_the_shipped_survey_speaks_for_the_council_that_publishes_it_local_or_regional(app, make_survey):
    from app.models import Council, Survey

    local, regional = make_survey(), make_survey()
    with app.app_context():
        county = db.session.scalar(select(Council).where(Council.slug == "pohjois-karjala"))
        db.session.get(Survey, regional.survey_id).council_id = county.id
        db.session.commit()
        names = {"fi": county.name("fi"), "sv": county.name("sv")}
    for language in ("fi", "sv"):
        for survey, area in ((local, {"fi": "kunnassanne", "sv": "i er kommun"}),
                             (regional, {"fi": "alueellanne", "sv": "i ert område"})):
            client = app.test_client()
            client.get(f"{survey.invitation_url}/?lang={language}")
            pages = "".join(client.get(f"{survey.invitation_url}{path}").get_data(as_text=True)
                            for path in ("/", "/page/basics", "/page/council"))
            assert area[language] in pages and "{council}" not in pages and "{area_in}" not in pages
            for local_words in ("kuntamme", "paikallis-JANElle", "vår kommun", "lokala organisationsdelegation"):
                assert local_words not in pages
            if survey is regional:
                assert names[language] in pages
