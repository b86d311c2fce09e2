"""Public pages kept rendered (app/kept_pages.py): the next anonymous visitor gets the kept copy, and the next
request after any change, made by staff or by a job, shows the change; signed-in staff, a visitor with a
message waiting and another language never get someone else's copy; a kept form carries the visitor's own
CSRF token and fill stamp."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from app.events.registering import RegistrationDetails, register_for_event
from app.extensions import db, queue
from app.jobs.context import job_context
from app.models import AttendanceMode, Meeting, Nomination, Role, Survey
from app.models.base import utcnow
from app.surveys.tokens import issue_invitation_token
from tests.fixtures.app import read_csrf_token
from tests.fixtures.awards import NOMINATION_FIELDS
from tests.fixtures.councils import council_by_slug
from tests.fixtures.queries import within_one_minute
from tests.fixtures.surveys import store_invitation

pytestmark = pytest.mark.usefixtures("english_by_default")

_HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|form_started)"[^>]*value="([^"]*)"')


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return response.get_data(as_text=True)


def _hidden(page: str) -> dict[str, str]:
    return dict(_HIDDEN.findall(page))


def publish_results_of(survey_id: int) -> None:
    """An RQ job (run by the test's real worker): publish a survey's results."""
    with job_context():
        db.session.get(Survey, survey_id).is_results_public = True
        db.session.commit()


def test_the_next_anonymous_visitor_gets_the_kept_page_without_a_query(app, demo_councils, count_queries):
    within_one_minute()
    first = _page(app.test_client(), "/raakkyla/")
    response, statements = count_queries(app.test_client(), "/raakkyla/")
    assert response.status_code == 200 and response.get_data(as_text=True) == first
    assert statements == []


@pytest.mark.parametrize("url", ["/", "/raakkyla/", "/raakkyla/proposals/", "/raakkyla/proposals/feed.atom",
                                 "/raakkyla/meetings/"])
def test_a_kept_page_takes_no_database_connection(app, demo_councils, url):
    # On PostgreSQL a connection taken from the pool costs its ping, a round trip, though no statement is sent.
    with app.app_context():
        engine = db.engine
    within_one_minute()
    for _ in range(2):
        app.test_client().get(url)
    taken = []

    def checkout(*_args):
        taken.append(url)

    event.listen(engine, "checkout", checkout)
    try:
        assert app.test_client().get(url).status_code == 200
    finally:
        event.remove(engine, "checkout", checkout)
    assert taken == []


def test_council_page_text_saved_by_staff_shows_on_the_next_anonymous_request(app, client, demo_councils,
                                                                               signed_in_staff):
    assert "We meet at the library." not in _page(client, "/raakkyla/")
    secretary = signed_in_staff(Role.SECRETARY, "raakkyla")
    form = "/staff/raakkyla/page/"
    fields = {"name_fi": "Rääkkylän paikallis-JANE", "name_sv": "Lokala delegationen i Rääkkylä",
              "name_en": "Rääkkylä local NGO council", "description_fi": "Yhteistyöryhmä.",
              "page_text_en": "We meet at the library.", "contact_email": "jane@raakkyla.example.fi"}
    answer = secretary.post(form, data={**fields, "csrf_token": read_csrf_token(_page(secretary, form))})
    assert answer.status_code == 302
    assert "We meet at the library." in _page(client, "/raakkyla/")


def test_a_survey_opened_and_closed_shows_on_the_council_page_at_once(app, client, make_survey):
    before = _page(client, "/raakkyla/")
    survey = make_survey("raakkyla", email=None)
    assert f'href="{survey.open_url}' not in before
    assert f'href="{survey.open_url}' in _page(client, "/raakkyla/")
    with app.app_context():
        db.session.get(Survey, survey.id).closes_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert f'href="{survey.open_url}' not in _page(client, "/raakkyla/")


def test_results_published_by_a_job_in_the_worker_show_on_the_next_request(app, client, make_survey, run_jobs):
    survey = make_survey("raakkyla", email=None)
    results = f'href="{survey.open_url}/results"'
    assert results not in _page(client, "/raakkyla/")
    with app.app_context():
        queue().enqueue(f"{__name__}.publish_results_of", survey.id)
    run_jobs()
    assert results in _page(client, "/raakkyla/")


def test_a_new_registration_shows_the_place_taken_on_the_next_request(app, client, make_event):
    event_id = make_event("raakkyla", capacity_onsite=1)
    url = "/raakkyla/events/foorumi/"
    assert "is full" not in _page(client, url)
    with app.app_context():
        register_for_event(event_id, RegistrationDetails(name="Maija", email="maija@example.fi",
                                                         mode=AttendanceMode.ONSITE), utcnow())
        db.session.commit()
    assert "is full" in _page(client, url)


def test_an_award_round_opened_shows_its_form_on_the_next_request(app, client, award_round):
    assert "The deed was done in Lapland." not in _page(client, "/lappi/award/")
    award_round()
    assert "The deed was done in Lapland." in _page(client, "/lappi/award/")


def test_a_meeting_agenda_published_shows_in_the_meetings_list_on_the_next_request(app, client, demo_councils):
    with app.app_context():
        meeting = Meeting(council_id=council_by_slug("raakkyla").id, title="Kevätkokous",
                          starts_at=utcnow() + timedelta(days=7))
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    assert "Kevätkokous" not in _page(client, "/raakkyla/meetings/")
    with app.app_context():
        db.session.get(Meeting, meeting_id).publish_agenda(utcnow())
        db.session.commit()
    assert "Kevätkokous" in _page(client, "/raakkyla/meetings/")


def test_signed_in_staff_and_a_visitor_with_a_message_never_get_a_kept_copy(app, client, demo_councils,
                                                                            signed_in_staff):
    staff = signed_in_staff(Role.SECRETARY, "raakkyla")
    assert "Signed in as" in _page(staff, "/raakkyla/")
    assert "Signed in as" not in _page(client, "/raakkyla/")
    assert "Signed in as" in _page(staff, "/raakkyla/")
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Your message was sent.")]
    assert "Your message was sent." in _page(client, "/raakkyla/")
    assert "Your message was sent." not in _page(app.test_client(), "/raakkyla/")
    assert "Signed in as" not in _page(app.test_client(), "/raakkyla/")


def test_two_languages_never_mix(app, demo_councils):
    assert '<html lang="sv">' in _page(app.test_client(), "/raakkyla/?lang=sv")
    assert '<html lang="en">' in _page(app.test_client(), "/raakkyla/")
    assert '<html lang="fi">' in _page(app.test_client(), "/raakkyla/?lang=fi")
    swedish = app.test_client()
    _page(swedish, "/?lang=sv")
    assert '<html lang="sv">' in _page(swedish, "/raakkyla/")
    assert '<html lang="fi">' in app.test_client().get("/raakkyla/", headers={"Accept-Language": "fi"}).get_data(
        as_text=True)


def test_a_kept_form_carries_the_visitors_own_token_and_stamp_and_is_accepted(app, award_round):
    award_round()
    first, second = app.test_client(), app.test_client()
    second.environ_base["REMOTE_ADDR"] = "198.51.100.41"
    mine = _hidden(_page(first, "/lappi/award/"))
    time.sleep(1.1)  # the stamp says the second the form was shown
    theirs = _hidden(_page(second, "/lappi/award/"))
    assert mine.keys() == theirs.keys() == {"csrf_token", "form_started"}
    assert mine["csrf_token"] != theirs["csrf_token"] and mine["form_started"] != theirs["form_started"]
    check = second.post("/lappi/award/", data={**theirs, **NOMINATION_FIELDS, "action": "check"})
    assert check.status_code == 200
    sent = second.post("/lappi/award/", data={**_hidden(check.get_data(as_text=True)), **NOMINATION_FIELDS,
                                              "action": "send"})
    assert sent.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Nomination.nominee_name)) == "Aino Esimerkki"


def test_a_kept_form_sent_too_fast_is_still_refused(app, award_round):
    award_round()
    _page(app.test_client(), "/lappi/award/")
    app.config["PUBLIC_FORM_MIN_FILL_SECONDS"] = 60
    visitor = app.test_client()
    hidden = _hidden(_page(visitor, "/lappi/award/"))
    check = visitor.post("/lappi/award/", data={**hidden, **NOMINATION_FIELDS, "action": "check"})
    sent = visitor.post("/lappi/award/", data={**_hidden(check.get_data(as_text=True)), **NOMINATION_FIELDS,
                                               "action": "send"})
    assert sent.status_code == 400
    assert "The form was sent faster than a person can fill it in" in sent.get_data(as_text=True)


def test_invitation_pages_kept_per_association_show_each_its_own_name_and_link(app, make_survey, make_association):
    survey = make_survey("raakkyla", email=None)
    tokens = {}
    associations = {name: (make_association(name=name, email=email), email) for name, email in (
        ("Rääkkylän kyläyhdistys ry", "kyla@example.fi"), ("Oravan urheilijat ry", "orava@example.fi"))}
    with app.app_context():
        for name, (association_id, email) in associations.items():
            invitation = store_invitation(db.session.get(Survey, survey.id), "707", "village", email=email)
            invitation.association_id = association_id
            tokens[name] = issue_invitation_token(invitation)
        db.session.commit()
    for _ in range(2):  # rendered, then served kept
        for name, token in tokens.items():
            page = _page(app.test_client(), f"/s/{token}/page/basics")
            other = next(other for other in tokens if other != name)
            assert f'value="{name}"' in page and other not in page
            assert f"/s/{token}/" in page and tokens[other] not in page


def test_without_redis_pages_render_fresh_and_a_change_still_shows(app, client, demo_councils, redis_server):
    assert "Kevätkokous" not in _page(client, "/raakkyla/meetings/")
    redis_server.stop()
    with app.app_context():
        db.session.add(Meeting(council_id=council_by_slug("raakkyla").id, title="Kevätkokous",
                               starts_at=utcnow() + timedelta(days=7), agenda_published_at=utcnow()))
        db.session.commit()  # the counters cannot move: logged, and the commit stands
    assert "Kevätkokous" in _page(client, "/raakkyla/meetings/")
