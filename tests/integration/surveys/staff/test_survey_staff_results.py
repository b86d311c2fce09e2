"""The live view, the response list and detail, exports and access to a survey's staff pages."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.reports.building.formatting import percent
from app.models import Association, Invitation
from surveys.values import Selection

pytestmark = pytest.mark.usefixtures("english_by_default")

ANSWERS = {
    "association_name": "Koivulan kyläyhdistys ry",
    "members": Decimal(42),
    "activity_types": Selection(("events", "other"), other="Talkoot"),
    "needs": Selection(("premises",)),
}


def _invited(app, survey, invite, invitation_ids):
    invite(survey)
    ids = invitation_ids(survey)
    with app.app_context():
        rows = [db.session.get(Invitation, i) for i in ids]
        return [(r.id, r.municipality_code, r.sector, db.session.get(Association, r.association_id).name)
                for r in rows]


def test_live_view_counts_and_rates_by_sector(app, staff_client, make_survey, invite, invitation_ids, add_response):
    survey = make_survey("outokumpu", email=None)
    invited = _invited(app, survey, invite, invitation_ids)
    sector = invited[0][2]
    same = [i for i in invited if i[2] == sector]
    add_response(survey, ANSWERS, invitation_id=same[0][0])
    add_response(survey, ANSWERS, invitation_id=invited[-1][0], submitted=False)
    add_response(survey, ANSWERS)  # through the open link
    html = staff_client().get(survey.url("live/")).get_data(as_text=True)
    assert '<span class="stat-number">2</span> submitted responses' in html
    assert '<span class="stat-number">1</span> started, not submitted' in html
    assert f"of the {len(invited)} invitations answered" in html
    # The page is in English here: the rate as the reports write it, e.g. "50%" or "33.3%".
    assert f'value="{1 / len(same)}"' in html and percent(100 / len(same), "en") in html


def test_responses_search_by_association_and_detail_in_chosen_language(app, staff_client, make_survey, invite,
                                                                       invitation_ids, add_response):
    survey = make_survey("outokumpu", email=None)
    invited = _invited(app, survey, invite, invitation_ids)
    other = next(i for i in invited if invited[0][3] not in i[3])
    first = add_response(survey, ANSWERS, invitation_id=invited[0][0])
    add_response(survey, ANSWERS, invitation_id=other[0])
    client = staff_client()
    html = client.get(survey.url("responses/"), query_string={"q": invited[0][3].upper()}).get_data(as_text=True)
    assert invited[0][3] in html and other[3] not in html and "1 response<" in html
    detail = client.get(survey.url(f"responses/{first}?language=sv")).get_data(as_text=True)
    assert "Antal medlemmar" in detail and "42" in detail and "Talkoot" in detail
    assert detail.index("Föreningens namn") < detail.index("Antal medlemmar")


def test_csv_export_has_bom_a_row_per_response_and_option_columns(app, staff_client, make_survey, add_response):
    survey = make_survey("outokumpu", email=None)
    add_response(survey, ANSWERS)
    add_response(survey, {"association_name": "=HYPERLINK(\"x\")", "activity_types": Selection(("peer_support",))})
    add_response(survey, ANSWERS, submitted=False)
    response = staff_client().get(survey.url("export?file_format=csv&language=en"))
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, keys, body = rows[0], rows[1], rows[2:]
    assert len(body) == 2
    events, peer = keys.index("activity_types.events"), keys.index("activity_types.peer_support")
    assert header[events].endswith(". What kind of activities does your association have?: Events")
    assert [body[0][events], body[0][peer]] == ["1", "0"]
    assert [body[1][events], body[1][peer]] == ["0", "1"]
    assert "Talkoot" in body[0]
    assert body[1][keys.index("association_name")].startswith("'=")
    assert body[0][keys.index("members")] == "42"


def test_xlsx_export_opens_and_holds_the_values(app, staff_client, make_survey, add_response):
    survey = make_survey("outokumpu", email=None)
    add_response(survey, ANSWERS)
    with staff_client().get(survey.url("export?file_format=xlsx&language=fi")) as response:
        assert response.status_code == 200
        data = response.get_data()
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    header, keys, row = [list(r) for r in sheet.iter_rows(values_only=True)][:3]
    assert row[keys.index("association_name")] == "Koivulan kyläyhdistys ry"
    assert row[keys.index("members")] == 42
    assert row[keys.index("activity_types.events")] == 1
    assert header[keys.index("members")].endswith(". Jäsenmäärä")
    assert len(set(header)) == len(header) and len(set(keys)) == len(keys)


def test_finnish_csv_export_uses_semicolons_numbered_headings_and_helsinki_time(app, staff_client, make_survey,
                                                                               add_response):
    from datetime import datetime, timezone

    from app.models import Response

    survey = make_survey()
    response_id = add_response(survey, ANSWERS)
    with app.app_context():
        db.session.get(Response, response_id).submitted_at = datetime(2026, 12, 1, 7, 18, tzinfo=timezone.utc)
        db.session.commit()
    raw = staff_client().get(survey.url("export?file_format=csv&language=fi")).get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw), delimiter=";"))
    header, keys, body = rows[0], rows[1], rows[2:]
    assert len(header) == len(keys) == len(body[0]) > 10
    assert header[keys.index("members")].split(". ", 1)[1] == "Jäsenmäärä"
    assert body[0][keys.index("submitted_at")] == "2026-12-01 09:18"


def test_anonymous_survey_never_shows_which_association_answered(app, staff_client, make_survey, invite,
                                                                 invitation_ids, add_response):
    survey = make_survey("outokumpu", email=None, anonymous=True)
    invited = _invited(app, survey, invite, invitation_ids)
    response_id = add_response(survey, {"members": Decimal(5)}, invitation_id=invited[0][0])
    name = invited[0][3]
    client = staff_client()
    for url in (survey.url("responses/"), survey.url(f"responses/{response_id}"), survey.url("live/"),
                survey.url("responses/") + "?q=" + name[:10]):
        assert name not in client.get(url).get_data(as_text=True), url
    exported = client.get(survey.url("export?file_format=csv&language=fi")).get_data().decode("utf-8-sig")
    assert name not in exported and "Association" not in exported.splitlines()[0]
    with client.get(survey.url("export?file_format=xlsx&language=fi")) as response:
        workbook = response.get_data()
    cells = [c for r in load_workbook(io.BytesIO(workbook)).worksheets[0].iter_rows(values_only=True) for c in r]
    assert name not in cells


def test_kainuu_admin_gets_403_on_outokumpu_survey_pages(app, staff_client, make_survey, add_response):
    survey = make_survey("outokumpu", email=None)
    response_id = add_response(survey, ANSWERS)
    client = staff_client("sihteeri.kainuu@example.fi")
    for rest in ("", "versions/", "invitations/", "live/", "responses/", f"responses/{response_id}",
                 "export?file_format=csv&language=fi"):
        assert client.get(survey.url(rest)).status_code == 403, rest
    assert client.get("/staff/outokumpu/surveys/").status_code == 403
    assert client.post(survey.url("invitations/remind")).status_code in (400, 403)


def test_survey_of_another_council_is_not_found_under_this_council(app, staff_client, make_survey):
    survey = make_survey("raakkyla", email=None)
    client = staff_client()
    assert client.get(f"/staff/outokumpu/surveys/{survey.id}/").status_code == 404
