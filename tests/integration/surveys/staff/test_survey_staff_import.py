"""Importing survey definitions: errors shown with file, path and line; versions frozen by responses."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Response, Survey, SurveyVersion
from tests.fixtures.surveys import JARJESTOKYSELY

pytestmark = pytest.mark.usefixtures("english_by_default")

BROKEN = """key: kysely
title: {fi: Kysely}
pages:
  - key: basics
    title: {fi: Perustiedot}
    questions:
      - key: name
        type: short_text
        lable: {fi: Nimi}
"""


def _upload(text: str, name: str):
    import io

    return (io.BytesIO(text.encode("utf-8")), name)


def test_broken_definition_shows_file_path_and_line_without_saving(app, staff_client, post_form):
    client = staff_client()
    page = post_form(client, "/staff/outokumpu/surveys/new", {"definition": _upload(BROKEN, "rikki.yaml"),
                                                               "library": ""},
                     content_type="multipart/form-data")
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "rikki.yaml" in html
    assert "pages[0].questions[0].lable" in html
    assert "did you mean &#39;label&#39;" in html or "did you mean 'label'" in html
    assert "<td class=\"number\">9</td>" in html
    with app.app_context():
        assert db.session.scalar(select(Survey.id)) is None


def test_unparseable_yaml_is_reported_not_a_server_error(staff_client, post_form):
    client = staff_client()
    page = post_form(client, "/staff/outokumpu/surveys/new",
                     {"definition": _upload("key: [unclosed\ntitle: x\n", "syntax.yaml"), "library": ""},
                     content_type="multipart/form-data")
    assert page.status_code == 400
    assert "syntax.yaml" in page.get_data(as_text=True)


def test_library_jarjestokysely_is_imported_as_an_unpublished_survey(app, staff_client, post_form):
    client = staff_client()
    response = post_form(client, "/staff/outokumpu/surveys/new", {"library": "jarjestokysely.yaml"},
                         content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        survey = db.session.scalar(select(Survey))
        assert survey.slug == "jarjestokysely"
        assert survey.opens_at is None
        assert [v.number for v in survey.versions] == [1]
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "Järjestökysely" in page.get_data(as_text=True) or "Organisation survey" in page.get_data(as_text=True)


def test_changed_file_makes_version_two_while_the_response_keeps_version_one(app, staff_client, post_form,
                                                                            make_survey, add_response):
    survey = make_survey("outokumpu", email=None)
    first = add_response(survey, {"association_name": "Testiyhdistys ry"}, submitted=False)
    client = staff_client()
    changed = JARJESTOKYSELY.read_text(encoding="utf-8").replace("Yhdistyksen nimi", "Yhdistyksen virallinen nimi", 1)
    page = post_form(client, survey.url("versions/"), {"definition": _upload(changed, "jarjestokysely.yaml"),
                                                        "library": ""}, content_type="multipart/form-data")
    assert page.status_code == 302
    assert "Version 2 was created" in client.get(page.headers["Location"]).get_data(as_text=True)
    second = add_response(survey, {"association_name": "Toinen ry"})
    with app.app_context():
        versions = {v.number: v.id for v in db.session.scalars(select(SurveyVersion))}
        assert sorted(versions) == [1, 2]
        assert db.session.get(Response, first).version_id == versions[1]
        assert db.session.get(Response, second).version_id == versions[2]
    # The first response is shown with the questions of its own version.
    detail = client.get(survey.url(f"responses/{first}?language=fi")).get_data(as_text=True)
    assert "Yhdistyksen nimi" in detail and "virallinen" not in detail and "Testiyhdistys ry" in detail


def test_identical_file_makes_no_new_version_and_says_so(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    page = post_form(client, survey.url("versions/"), {"library": "jarjestokysely.yaml"},
                     content_type="multipart/form-data", follow_redirects=True)
    assert "identical to version 1" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(SurveyVersion.id))) == 1


def test_changed_file_before_any_response_replaces_the_version(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    changed = JARJESTOKYSELY.read_text(encoding="utf-8").replace("Jäsenmäärä", "Jäsenten määrä", 1)
    page = post_form(staff_client(), survey.url("versions/"),
                     {"definition": _upload(changed, "v2.yaml"), "library": ""},
                     content_type="multipart/form-data", follow_redirects=True)
    assert "Version 1 was updated" in page.get_data(as_text=True)
    with app.app_context():
        version = db.session.scalar(select(SurveyVersion))
        assert version.number == 1 and "Jäsenten määrä" in version.definition_json


def test_settings_take_helsinki_time_and_store_utc(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None, opens_in=None, closes_in=None)
    page = post_form(staff_client(), survey.url(), {
        "slug": "kysely-2026", "opens_at": "2026-03-01T09:00", "closes_at": "2026-06-30T16:00",
        "access_mode": "invitations", "is_anonymous": "y", "allows_editing_after_submit": ""})
    assert page.status_code == 302
    with app.app_context():
        record = db.session.get(Survey, survey.id)
        assert record.slug == "kysely-2026"
        assert record.opens_at.isoformat() == "2026-03-01T07:00:00+00:00"   # EET, UTC+2
        assert record.closes_at.isoformat() == "2026-06-30T13:00:00+00:00"  # EEST, UTC+3
        assert record.is_anonymous and not record.allows_editing_after_submit


def test_closing_before_opening_is_refused_beside_the_field(staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None, opens_in=None, closes_in=None)
    page = post_form(staff_client(), survey.url(), {
        "slug": "jarjestokysely", "opens_at": "2026-03-01T09:00", "closes_at": "2026-02-01T09:00",
        "access_mode": "both"})
    assert page.status_code == 400
    assert "The closing time must be after the opening time." in page.get_data(as_text=True)


def test_cli_imports_a_definition_and_reports_identical_file(app, demo):
    runner = app.test_cli_runner()
    from app.surveys.cli import surveys_cli

    first = runner.invoke(surveys_cli, ["import", str(JARJESTOKYSELY), "--council", "raakkyla"])
    assert first.exit_code == 0, first.output
    assert "Created survey jarjestokysely" in first.output
    again = runner.invoke(surveys_cli, ["import", str(JARJESTOKYSELY), "--council", "raakkyla"])
    assert "identical to version 1" in again.output
