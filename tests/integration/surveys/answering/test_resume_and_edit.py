"""An open-link draft continued from the e-mailed link; sent answers that may not be changed; the
staff preview in each language."""

import pytest
from sqlalchemy import func, select

from app.demo.councils import DEMO_PASSWORD
from app.extensions import db
from app.models import Response
from tests.fixtures.surveys import PAGES, form_values

pytestmark = pytest.mark.usefixtures("english_by_default")


def test_an_open_link_draft_continues_in_another_browser_from_the_emailed_link(app, make_survey, answer_page,
                                                                                csrf_token, run_jobs, smtp_server):
    survey = make_survey()
    first = app.test_client()
    fields = dict(PAGES["basics"], q_association_name="Jatkuva ry")
    saved = answer_page(first, f"{survey.open_url}/page/basics", fields, action="save")
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/saved")
    page = first.get(f"{survey.open_url}/saved").get_data(as_text=True)
    sent = first.post(f"{survey.open_url}/saved", data={"csrf_token": csrf_token(page), "email": "sihteeri@example.fi"})
    assert sent.status_code == 302
    run_jobs()
    [mail] = smtp_server.to("sihteeri@example.fi")
    body = mail.get_body(("plain",)).get_content()
    link = next(word for word in body.split() if "/resume/" in word)
    path = link[link.index(f"/{survey.council_slug}/"):]

    other = app.test_client()   # another browser, no cookies
    opened = other.get(path)
    assert opened.status_code == 302
    start = other.get(opened.headers["Location"])
    assert start.status_code == 302 and start.headers["Location"].endswith("/page/basics")
    back = other.get(start.headers["Location"]).get_data(as_text=True)
    assert form_values(back, "q_association_name") == ["Jatkuva ry"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)
                                 .where(Response.survey_id == survey.survey_id)) == 1


def test_a_forged_resume_link_is_refused_clearly(app, client, make_survey):
    survey = make_survey()
    page = client.get(f"{survey.open_url}/resume/not-a-real-token")
    assert page.status_code == 404 and "This link for continuing is not valid" in page.get_data(as_text=True)


def test_sent_answers_cannot_be_reopened_when_the_survey_does_not_allow_it(app, client, make_survey, answer_page,
                                                                           csrf_token):
    survey = make_survey(allows_editing=False)
    base = survey.invitation_url
    for key, fields in PAGES.items():
        answer_page(client, f"{base}/page/{key}", fields)
    check = client.get(f"{base}/check").get_data(as_text=True)
    client.post(f"{base}/check", data={"csrf_token": csrf_token(check)})
    done = client.get(f"{base}/done").get_data(as_text=True)
    assert "Change your answers" not in done
    # A hand-made post to the edit address changes nothing.
    client.post(f"{base}/edit", data={"csrf_token": csrf_token(done)})
    assert client.get(f"{base}/page/basics").headers["Location"].endswith("/done")


def test_staff_preview_each_language_and_nothing_is_saved(app, make_survey, login, csrf_token):
    survey = make_survey()
    staff = app.test_client()
    login(staff, "sihteeri.raakkyla@example.fi", DEMO_PASSWORD)
    base = f"/staff/{survey.council_slug}/surveys/{survey.survey_id}/preview"
    for language, label in (("fi", "Yhdistyksen nimi"), ("sv", "Föreningens namn"), ("en", "Name of the association")):
        page = staff.get(f"{base}/basics?lang={language}").get_data(as_text=True)
        assert label in page and f'<html lang="{language}">' in page
    page = staff.get(f"{base}/basics?lang=en").get_data(as_text=True)
    assert "This is how respondents see the page. Nothing you enter is saved." in page
    moved = staff.post(f"{base}/basics", data={**PAGES["basics"], "csrf_token": csrf_token(page), "action": "next"})
    assert moved.status_code == 302 and moved.headers["Location"].endswith("/preview/activities")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)
                                 .where(Response.survey_id == survey.survey_id)) == 0


def test_staff_preview_moves_between_pages_without_answers_and_lists_pages_as_links(app, make_survey, login,
                                                                                    csrf_token):
    survey = make_survey()
    staff = app.test_client()
    login(staff, "sihteeri.raakkyla@example.fi", DEMO_PASSWORD)
    base = f"/staff/{survey.council_slug}/surveys/{survey.survey_id}/preview"
    page = staff.get(f"{base}/basics?lang=en").get_data(as_text=True)
    # Required questions left empty: the preview moves on all the same.
    moved = staff.post(f"{base}/basics", data={"csrf_token": csrf_token(page), "action": "next"})
    assert moved.status_code == 302 and moved.headers["Location"].endswith("/preview/activities")
    for key in ("basics", "activities", "cooperation", "needs", "council", "contact"):
        assert f'href="{base}/{key}"' in page
    last = staff.get(f"{base}/contact").get_data(as_text=True)
    assert 'aria-current="step"' in last and "Page 6 of 6" in last
