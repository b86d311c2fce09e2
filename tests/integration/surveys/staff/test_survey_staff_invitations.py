"""Invitations: choosing recipients from the register, e-mails in each association's language, reminders."""

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Association, Council, Invitation, Survey
from app.surveys.invitations import parse_email_list

pytestmark = pytest.mark.usefixtures("english_by_default")


def _confirmed(client, post_form, survey, fields: dict, **kwargs):
    """Post the choice, then confirm the number the check page shows, as the staff would."""
    check = post_form(client, survey.url("invitations/"), fields)
    assert check.status_code == 200
    html = check.get_data(as_text=True)
    number = re.search(r'name="confirmed" value="([0-9]+)"', html).group(1)
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html).group(1)
    return client.post(survey.url("invitations/"), data={**fields, "confirmed": number, "csrf_token": token}, **kwargs)


def _outokumpu_associations(app):
    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == "outokumpu"))
        return list(db.session.scalars(select(Association).where(Association.council_id == council.id)
                                       .order_by(Association.id)))


def test_invitations_by_sector_skip_archived_and_existing(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    associations = _outokumpu_associations(app)
    sector = associations[0].sector
    in_sector = [a for a in associations if a.sector == sector]
    with app.app_context():
        db.session.get(Association, in_sector[-1].id).is_archived = True
        db.session.commit()
    client = staff_client()
    fields = {"mode": "sector", "sectors": [sector], "send_now": ""}
    assert _confirmed(client, post_form, survey, fields).status_code == 302
    assert _confirmed(client, post_form, survey, fields).status_code == 302  # again: nothing doubled
    with app.app_context():
        invited = set(db.session.scalars(select(Invitation.association_id).where(Invitation.survey_id == survey.id)))
    expected = {a.id for a in in_sector} - ({in_sector[-1].id} if len(in_sector) > 1 else {in_sector[-1].id})
    assert invited == expected


def test_invitations_by_municipality_take_only_that_municipality(app, staff_client, post_form, make_survey):
    survey = make_survey("pohjois-karjala", email=None)
    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == "pohjois-karjala"))
        by_code = {}
        for association in db.session.scalars(select(Association).where(Association.council_id == council.id)):
            by_code.setdefault(association.municipality_code, []).append(association.id)
    code = sorted(by_code, key=lambda c: -len(by_code[c]))[0]
    page = _confirmed(staff_client(), post_form, survey,
                      {"mode": "municipality", "municipalities": [code], "send_now": ""})
    assert page.status_code == 302
    with app.app_context():
        invitations = list(db.session.scalars(select(Invitation).where(Invitation.survey_id == survey.id)))
    assert {i.association_id for i in invitations} == set(by_code[code])
    assert {i.municipality_code for i in invitations} == {code}


def test_pasted_list_matches_register_and_reports_invalid_lines(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    known = _outokumpu_associations(app)[0]
    pasted = f"{known.email.upper()}\nuusi.yhdistys@example.org, Toinen <toinen@example.org>\nei-osoite\n"
    client = staff_client()
    page = _confirmed(client, post_form, survey, {"mode": "emails", "emails": pasted, "send_now": ""},
                      follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "3 invitations were created." in html
    assert "Line 3" in html and "ei-osoite" in html
    with app.app_context():
        rows = {i.email: i.association_id for i in db.session.scalars(select(Invitation))}
    assert rows == {known.email: known.id, "uusi.yhdistys@example.org": None, "toinen@example.org": None}


def test_parse_email_list_accepts_separators_and_names():
    addresses, invalid = parse_email_list("a@example.fi; b@example.fi\n\nMatti <C@Example.fi>\nfoo@bar")
    assert addresses == ["a@example.fi", "b@example.fi", "c@example.fi"]
    assert invalid == [(4, "foo@bar")]


def test_invitation_mail_arrives_in_the_association_language_with_a_working_link(
        app, staff_client, post_form, make_survey, run_jobs, smtp_server):
    survey = make_survey("outokumpu", email=None)
    swedish, finnish = _outokumpu_associations(app)[:2]
    with app.app_context():
        db.session.get(Association, swedish.id).language = "sv"
        db.session.get(Association, finnish.id).language = "fi"
        db.session.get(Survey, survey.id).closes_at = datetime(2036, 12, 16, 7, 9, tzinfo=timezone.utc)
        db.session.commit()
    client = staff_client()
    pasted = f"{swedish.email}\n{finnish.email}"
    assert _confirmed(client, post_form, survey, {"mode": "emails", "emails": pasted, "send_now": "y"}
                      ).status_code == 302
    run_jobs()
    [sv_mail] = smtp_server.to(swedish.email)
    [fi_mail] = smtp_server.to(finnish.email)
    sv_body = sv_mail.get_body(("plain",)).get_content()
    fi_body = fi_mail.get_body(("plain",)).get_content()
    assert "Organisationsenkät" in sv_body and "Organisationsenkät" in str(sv_mail["Subject"])
    assert "Järjestökysely" in fi_body
    assert "Outokummun paikallis-JANE" in fi_body and "Lokala organisationsdelegationen i Outokumpu" in sv_body
    # The closing time as people in Finland write it, in Helsinki time (9.09, not 7.09 UTC).
    assert "tiistaina 16.12.2036 klo 9.09" in fi_body and "tisdag 16.12.2036 kl. 09.09" in sv_body
    token = re.search(r"http://localhost/s/([A-Za-z0-9_-]+)", sv_body).group(1)
    assert app.test_client().get(f"/s/{token}").status_code == 200
    with app.app_context():
        assert all(i.sent_at for i in db.session.scalars(select(Invitation)))


def test_reminders_go_only_to_those_who_have_not_submitted(app, staff_client, post_form, make_survey, invite,
                                                           invitation_ids, add_response, run_jobs, smtp_server):
    survey = make_survey("outokumpu", email=None)
    invite(survey)
    ids = invitation_ids(survey)
    client = staff_client()
    post_form(client, survey.url("invitations/"), {}, action=survey.url("invitations/send"))
    add_response(survey, {"association_name": "Valmis ry"}, invitation_id=ids[0])
    add_response(survey, {"association_name": "Kesken ry"}, invitation_id=ids[1], submitted=False)
    run_jobs()
    smtp_server.clear()
    page = post_form(client, survey.url("invitations/"), {}, action=survey.url("invitations/remind"),
                     follow_redirects=True)
    assert f"{len(ids) - 1} reminders are on their way." in page.get_data(as_text=True)
    run_jobs()
    with app.app_context():
        done, started = db.session.get(Invitation, ids[0]), db.session.get(Invitation, ids[1])
        assert done.reminder_count == 0 and started.reminder_count == 1
        done_email = done.email
    assert len(smtp_server.messages) == len(ids) - 1
    assert not smtp_server.to(done_email)


def test_invitation_list_shows_sent_started_and_submitted(app, staff_client, make_survey, invite, invitation_ids,
                                                          add_response):
    survey = make_survey("outokumpu", email=None)
    invite(survey)
    ids = invitation_ids(survey)
    add_response(survey, {}, invitation_id=ids[0])
    add_response(survey, {}, invitation_id=ids[1], submitted=False)
    client = staff_client()
    html = client.get(survey.url("invitations/") + "?status=submitted").get_data(as_text=True)
    assert "1 invitation" in html and 'tag-submitted' in html
    html = client.get(survey.url("invitations/") + "?status=started").get_data(as_text=True)
    assert "1 invitation" in html and 'tag-started' in html
    html = client.get(survey.url("invitations/") + "?status=not_sent").get_data(as_text=True)
    assert f"{len(ids) - 2} invitations" in html


def test_sent_and_submitted_have_distinct_words_in_the_filter_and_the_table(app, staff_client, make_survey, invite,
                                                                           invitation_ids, add_response):
    survey = make_survey("outokumpu", email=None)
    invite(survey)
    ids = invitation_ids(survey)
    add_response(survey, {}, invitation_id=ids[0])
    client = staff_client()
    for language, sent, submitted in (("fi", "Kutsu lähetetty", "Vastannut"),
                                      ("sv", "Inbjudan skickad", "Har svarat")):
        html = client.get(survey.url("invitations/") + f"?status=submitted&lang={language}").get_data(as_text=True)
        # The figures above the list say the same words.
        assert re.search(rf'<span class="stat-number">1</span> {submitted.lower()}</li>', html)
        options = re.findall(r'<option[^>]*value="(sent|submitted)"[^>]*>([^<]*)</option>', html)
        assert dict(options) == {"sent": sent, "submitted": submitted}
        # The status is a word in the table, not a colour alone.
        assert re.search(rf'class="tag tag-submitted">[^<]*{submitted}', html)
