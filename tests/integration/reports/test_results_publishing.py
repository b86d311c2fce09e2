"""Staff publish a survey's public results page and pick the free texts it shows, through the staff pages."""

from __future__ import annotations

import re
import threading
import time

import pytest
from sqlalchemy import delete, func, select
from surveys import Selection

from app.extensions import db
from app.models import Answer, AuditLog, Council, PublishedText, Survey, User
from app.reports import publishing
from tests.fixtures.surveys import basic_answers, store_response, store_survey
from tests.integration.reports.test_survey_report import _definition

SECRETARY = "sihteeri.raakkyla@example.fi"  # secretary of Rääkkylä
REGIONAL_ADMIN = "admin@example.fi"  # admin of Pohjois-Karjala, above Rääkkylä
OTHER_REGION = "sihteeri.kainuu@example.fi"  # admin of Kainuu
PUBLIC_URL = "/raakkyla/surveys/jarjestokysely/results"


def _survey(app) -> int:
    """Rääkkylä's järjestökysely with six submitted responses, each with a comment; two say "Other"."""
    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        definition = _definition()
        survey = store_survey(council, definition)
        for number in range(1, 7):
            activities = ("leisure", "other") if number in (2, 5) else ("leisure",)
            store_response(survey, definition, basic_answers(
                activity_types=Selection(activities, f"Kuorolaulu {number}" if "other" in activities else None),
                comments=f"Kommentti numero {number}",
            ), municipality="707", sector="sports")
        db.session.commit()
        return survey.id


def _staff_url(survey_id: int, tail: str = "") -> str:
    return f"/staff/raakkyla/surveys/{survey_id}/results/{tail}"


def _set_publication(client, csrf_token, survey_id: int, action: str):
    token = csrf_token(client, _staff_url(survey_id))
    return client.post(_staff_url(survey_id, "publication"), data={"csrf_token": token, "action": action})


def _text_ids(page: str) -> dict[str, int]:
    """Text -> answer id of the checkboxes on the staff page."""
    found = re.findall(r'<input type="checkbox" id="text-(\d+)" name="texts" value="\d+"(?: checked)?>\s*'
                       r'<label class="checkbox-label" for="text-\d+">([^<]*)</label>', page)
    return {label: int(answer_id) for answer_id, label in found}


def _pick(client, csrf_token, survey_id: int, texts: list[str]):
    """Tick exactly these texts on the staff page and save, as a browser would."""
    page = client.get(_staff_url(survey_id)).get_data(as_text=True)
    ids = _text_ids(page)
    listed = re.search(r'name="listed" type="hidden" value="([0-9,]*)"', page).group(1)
    response = client.post(_staff_url(survey_id, "texts"), data={
        "csrf_token": csrf_token(page), "listed": listed, "texts": [ids[t] for t in texts]})
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    return ids


def test_staff_publish_the_results_page_and_anyone_sees_its_charts(app, demo, client, login, csrf_token):
    survey_id = _survey(app)
    anonymous = app.test_client()
    assert anonymous.get(PUBLIC_URL).status_code == 404

    login(client, SECRETARY, demo)
    page = client.get(_staff_url(survey_id) + "?lang=en").get_data(as_text=True)
    assert "The results page is not published." in page
    assert f"http://localhost{PUBLIC_URL}" in page

    response = _set_publication(client, csrf_token, survey_id, "publish")
    assert response.status_code == 302 and response.headers["Location"].endswith(_staff_url(survey_id))
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "The results page is published." in page and f'href="http://localhost{PUBLIC_URL}"' in page

    council_page = anonymous.get(PUBLIC_URL.split("/surveys/")[0] + "/?lang=en").get_data(as_text=True)
    assert "Survey results" in council_page and f'href="{PUBLIC_URL}"' in council_page
    public = anonymous.get(PUBLIC_URL + "?lang=en")
    assert public.status_code == 200
    html = public.get_data(as_text=True)
    assert '<figure class="result-chart"><img src="data:image/png;base64,' in html
    assert "Responses: 6" in html
    assert "Kommentti numero" not in html and "Kuorolaulu" not in html
    with app.app_context():
        assert db.session.scalar(select(Survey.is_results_public).where(Survey.id == survey_id)) is True
        actions = list(db.session.scalars(select(AuditLog.action).where(AuditLog.target == f"survey:{survey_id}")))
        assert "survey.results_publish" in actions


def test_unpublished_results_page_answers_not_found(app, demo, client, login, csrf_token):
    survey_id = _survey(app)
    login(client, SECRETARY, demo)
    _set_publication(client, csrf_token, survey_id, "publish")
    anonymous = app.test_client()
    assert anonymous.get(PUBLIC_URL).status_code == 200

    response = _set_publication(client, csrf_token, survey_id, "unpublish")
    assert response.status_code == 302
    assert anonymous.get(PUBLIC_URL).status_code == 404
    assert PUBLIC_URL not in anonymous.get(PUBLIC_URL.split("/surveys/")[0] + "/").get_data(as_text=True)
    with app.app_context():
        actions = list(db.session.scalars(select(AuditLog.action).where(AuditLog.target == f"survey:{survey_id}")))
        assert actions.count("survey.results_unpublish") == 1


def test_only_picked_texts_appear_on_the_public_page_at_once(app, demo, client, login, csrf_token):
    survey_id = _survey(app)
    login(client, SECRETARY, demo)
    _set_publication(client, csrf_token, survey_id, "publish")
    anonymous = app.test_client()
    # The charts are cached per data signature from the first view: picks must not wait for them.
    assert "Kommentti numero" not in anonymous.get(PUBLIC_URL + "?lang=en").get_data(as_text=True)

    ids = _pick(client, csrf_token, survey_id, ["Kommentti numero 2", "Kommentti numero 5", "Kuorolaulu 5"])
    assert {f"Kommentti numero {n}" for n in range(1, 7)} | {"Kuorolaulu 2", "Kuorolaulu 5"} <= set(ids)
    html = anonymous.get(PUBLIC_URL + "?lang=en").get_data(as_text=True)
    assert "Kommentti numero 2" in html and "Kommentti numero 5" in html and "Kuorolaulu 5" in html
    for unpicked in ("Kommentti numero 1", "Kommentti numero 3", "Kommentti numero 4", "Kommentti numero 6",
                     "Kuorolaulu 2", "Testiseura ry"):
        assert unpicked not in html
    # Under their questions, not in a list of their own.
    comments = html[html.index("Kommentti numero 2") - 2000:html.index("Kommentti numero 2")]
    assert "Chosen answers" in comments
    other = html[html.index("Kuorolaulu 5") - 3000:html.index("Kuorolaulu 5")]
    assert "Chosen “Other” answers" in other

    page = client.get(_staff_url(survey_id)).get_data(as_text=True)
    assert f'id="text-{ids["Kommentti numero 2"]}" name="texts" value="{ids["Kommentti numero 2"]}" checked' in page

    _pick(client, csrf_token, survey_id, ["Kommentti numero 5"])
    html = anonymous.get(PUBLIC_URL + "?lang=en").get_data(as_text=True)
    assert "Kommentti numero 5" in html
    assert "Kommentti numero 2" not in html and "Kuorolaulu 5" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count(PublishedText.id))) == 1


def test_picked_text_leaves_the_page_when_its_answer_is_replaced(app, demo, client, login, csrf_token):
    survey_id = _survey(app)
    login(client, SECRETARY, demo)
    _set_publication(client, csrf_token, survey_id, "publish")
    ids = _pick(client, csrf_token, survey_id, ["Kommentti numero 3"])
    anonymous = app.test_client()
    assert "Kommentti numero 3" in anonymous.get(PUBLIC_URL).get_data(as_text=True)

    with app.app_context():
        # What answering does when the respondent saves the page again: the page's rows are replaced.
        answer = db.session.get(Answer, ids["Kommentti numero 3"])
        replacement = Answer(response_id=answer.response_id, survey_id=answer.survey_id, question_key="comments",
                             value_text="Kommentti numero 3, korjattu")
        db.session.execute(delete(Answer).where(Answer.id == answer.id))
        db.session.add(replacement)
        db.session.commit()
        assert db.session.scalar(select(func.count(PublishedText.id))) == 0

    html = anonymous.get(PUBLIC_URL).get_data(as_text=True)
    assert "Kommentti numero 3" not in html


def test_another_regions_staff_can_neither_see_nor_publish_the_results_page(app, demo, client, login, csrf_token):
    survey_id = _survey(app)
    login(client, OTHER_REGION, demo)
    assert client.get(_staff_url(survey_id)).status_code == 403
    token = csrf_token(client, "/staff/kainuu/surveys/")
    response = client.post(_staff_url(survey_id, "publication"), data={"csrf_token": token, "action": "publish"})
    assert response.status_code == 403
    # Through its own council's address, the survey does not exist.
    response = client.post(f"/staff/kainuu/surveys/{survey_id}/results/publication",
                           data={"csrf_token": token, "action": "publish"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Survey.is_results_public).where(Survey.id == survey_id)) is False
    assert app.test_client().get(PUBLIC_URL).status_code == 404


def test_regional_councils_staff_may_publish_a_local_councils_results(app, demo, client, login, csrf_token):
    survey_id = _survey(app)
    login(client, REGIONAL_ADMIN, demo)
    assert _set_publication(client, csrf_token, survey_id, "publish").status_code == 302
    assert app.test_client().get(PUBLIC_URL).status_code == 200


def test_domain_functions_refuse_staff_of_another_council(app, demo):
    survey_id = _survey(app)
    with app.app_context(), app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        stranger = db.session.scalar(select(User).where(User.email == OTHER_REGION))
        with pytest.raises(publishing.ResultsPublishingError):
            publishing.publish_results(survey, stranger)
        answer_id = db.session.scalar(select(Answer.id).where(Answer.survey_id == survey_id,
                                                              Answer.question_key == "comments"))
        with pytest.raises(publishing.ResultsPublishingError):
            publishing.pick_texts(survey, stranger, [answer_id], [answer_id])
        assert survey.is_results_public is False
        assert db.session.scalar(select(func.count(PublishedText.id))) == 0


def test_a_tampered_pick_of_another_surveys_or_a_non_text_answer_is_left_out(app, demo, client, login, csrf_token):
    survey_id = _survey(app)
    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        definition = _definition()
        other = store_survey(council, definition, slug="toinen")
        foreign = store_response(other, definition, basic_answers(comments="Toisen kyselyn kommentti"))
        db.session.commit()
        foreign_id = db.session.scalar(select(Answer.id).where(Answer.response_id == foreign.id,
                                                               Answer.question_key == "comments"))
        number_id = db.session.scalar(select(Answer.id).where(Answer.survey_id == survey_id,
                                                              Answer.question_key == "members"))
    login(client, SECRETARY, demo)
    page = client.get(_staff_url(survey_id)).get_data(as_text=True)
    response = client.post(_staff_url(survey_id, "texts"), data={
        "csrf_token": csrf_token(page), "listed": f"{foreign_id},{number_id}", "texts": [foreign_id, number_id]})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(PublishedText.id))) == 0


def test_two_secretaries_picking_the_same_text_at_once_store_one_pick(app, demo):
    survey_id = _survey(app)
    with app.app_context():
        answer_id = db.session.scalar(select(Answer.id).where(Answer.survey_id == survey_id,
                                                              Answer.question_key == "comments").order_by(Answer.id))
    errors = []

    def second_secretary():
        try:
            with app.app_context():
                survey = db.session.get(Survey, survey_id)
                user = db.session.scalar(select(User).where(User.email == REGIONAL_ADMIN))
                # It cannot see the first pick (not committed yet), so it inserts and waits for the first.
                publishing.pick_texts(survey, user, [answer_id], [answer_id])
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        user = db.session.scalar(select(User).where(User.email == SECRETARY))
        assert publishing.pick_texts(survey, user, [answer_id], [answer_id]).picked == 1
        other = threading.Thread(target=second_secretary)
        other.start()
        time.sleep(1.0)
        db.session.commit()
    other.join(timeout=30)
    assert not other.is_alive() and errors == []
    with app.app_context():
        assert db.session.scalars(select(PublishedText.answer_id)).all() == [answer_id]
