"""Every staff route, taken from the URL map: no page is kept in a cache, no form works without its
CSRF token, no record of another council is reached through one's own council's address, and a
local council's staff reach nothing of their regional council."""

from app.extensions import db
from app.models import Association, Report, ReportStatus, Survey
from tests.integration.security.conftest import rules, snapshot, url_for_rule

QUERY = "?language=fi&file_format=csv"


def test_every_staff_page_and_download_is_marked_no_store(app, records, staff_client):
    client = staff_client()
    checked = []
    for rule in rules(app, "/staff", "GET"):
        url = url_for_rule(rule, records.own) + QUERY
        with client.get(url) as response:  # a streamed download holds its context until closed
            response.get_data()
        assert response.status_code < 500, url
        assert "no-store" in response.headers.get("Cache-Control", ""), f"{url} ({response.status_code})"
        checked.append((rule.endpoint, response.status_code))
    statuses = dict(checked)
    # The pages the finding named, shown for real, not only as error pages.
    assert statuses["surveys_staff.response_detail"] == 200
    assert statuses["surveys_staff.export"] == 200


def test_personal_link_and_answering_pages_are_marked_no_store(app, records):
    client = app.test_client()
    for url in (records.survey.invitation_url, f"{records.survey.invitation_url}/done",
                f"{records.survey.open_url}/page/basics", "/s/not-a-token"):
        response = client.get(url)
        assert "no-store" in response.headers.get("Cache-Control", ""), url


def test_every_staff_form_refuses_a_post_without_its_csrf_token(app, records, staff_client):
    client = staff_client()
    before = snapshot(app)
    posted = []
    for rule in rules(app, "/staff", "POST"):
        url = url_for_rule(rule, records.own)
        response = client.post(url, data={"email": "admin@example.fi", "confirm": "y"})
        assert response.status_code == 400, f"{url} answered {response.status_code}"
        posted.append(rule.endpoint)
    assert snapshot(app) == before
    assert client.get("/staff/").status_code == 200  # the sign-out form did not sign out either
    assert {"auth.sign_out", "associations_staff.archive", "surveys_staff.send_invitations"} <= set(posted)


def test_every_answering_form_refuses_a_post_without_its_csrf_token(app, make_survey):
    survey = make_survey()
    client = app.test_client()
    before = snapshot(app)
    values = {"token": survey.token, "council_slug": survey.council_slug, "survey_slug": survey.slug,
              "page_key": "basics"}
    for rule in rules(app, "/", "POST", blueprint="surveys"):
        url = url_for_rule(rule, values)
        response = client.post(url, data={"q_association_name": "Väärennetty ry", "action": "save",
                                          "email": "uhri@example.fi"})
        assert response.status_code == 400, f"{url} answered {response.status_code}"
    assert snapshot(app) == before


def _post_with_token(client, csrf_token, url: str, page: str) -> int:
    return client.post(url, data={"csrf_token": csrf_token(client, page), "confirm": "y",
                                  "email": "hyokkaaja@example.fi"}).status_code


def test_a_foreign_councils_record_under_ones_own_council_is_not_found_and_unchanged(app, records, staff_client,
                                                                                    csrf_token):
    client = staff_client()
    before = snapshot(app)
    tried = []
    for rule in rules(app, "/staff/<council_slug>/", "POST"):
        if not {"association_id", "survey_id", "report_id", "entry_id"} & set(rule.arguments):
            continue
        url = url_for_rule(rule, records.foreign)
        status = _post_with_token(client, csrf_token, url, "/staff/raakkyla/")
        assert status == 404, f"{url} answered {status}"
        tried.append(rule.endpoint)
    assert snapshot(app) == before
    assert {"associations_staff.archive", "surveys_staff.send_invitations", "reports_staff.retry"} <= set(tried)
    with app.app_context():
        # The foreign records exist: the 404 is the council check, not a missing row.
        assert db.session.get(Association, records.foreign["association_id"]).is_archived is False
        assert db.session.get(Survey, records.foreign["survey_id"]) is not None
        assert db.session.get(Report, records.foreign["report_id"]).status is ReportStatus.FAILED


def test_local_council_staff_reach_none_of_their_regional_councils_pages(app, records, staff_client, csrf_token):
    client = staff_client("sihteeri.raakkyla@example.fi")
    parent = dict(records.own, council_slug="pohjois-karjala")
    before = snapshot(app)
    for rule in rules(app, "/staff/<council_slug>/", "GET"):
        url = url_for_rule(rule, parent) + QUERY
        with client.get(url) as response:
            status = response.status_code
        assert status in (403, 404), f"{url} answered {status}"
    for rule in rules(app, "/staff/<council_slug>/", "POST"):
        url = url_for_rule(rule, parent)
        status = _post_with_token(client, csrf_token, url, "/staff/raakkyla/")
        assert status in (403, 404), f"{url} answered {status}"
    assert snapshot(app) == before
