"""Inviting safely: ticked municipalities choose the audience, a check page names the numbers before
anything is created or sent, reminders are never doubled, scheduled reminders, and the staff's texts."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Association, Council, Invitation, Survey
from app.models.base import utcnow

pytestmark = pytest.mark.usefixtures("english_by_default")


def _token(html: str) -> str:
    return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html).group(1)


def _municipality_with_most(app, council_slug: str) -> tuple[str, int, int]:
    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == council_slug))
        codes = list(db.session.scalars(select(Association.municipality_code).where(
            Association.council_id == council.id, Association.is_archived.is_(False))))
    code = max(set(codes), key=codes.count)
    return code, codes.count(code), len(codes)


def _invitation_count(app, survey) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Invitation.id)).where(Invitation.survey_id == survey.id))


def test_ticking_a_municipality_while_all_is_selected_invites_only_that_municipality_after_a_check(
        app, staff_client, post_form, make_survey, smtp_server, run_jobs):
    survey = make_survey("pohjois-karjala", email=None)
    code, in_municipality, in_register = _municipality_with_most(app, "pohjois-karjala")
    assert in_municipality < in_register
    client = staff_client()
    form_page = client.get(survey.url("invitations/")).get_data(as_text=True)
    # "Send now" is not ticked by default.
    assert re.search(r'<input[^>]*id="send_now"[^>]*>', form_page).group(0).count("checked") == 0
    check = post_form(client, survey.url("invitations/"), {"mode": "all", "municipalities": [code], "send_now": "y"})
    html = check.get_data(as_text=True)
    assert check.status_code == 200
    assert f"{in_municipality} associations will be invited" in html
    assert f"{in_municipality} invitation e-mails will be sent now" in html
    assert _invitation_count(app, survey) == 0  # nothing before the confirmation
    confirmed = client.post(survey.url("invitations/"), data={
        "csrf_token": _token(html), "mode": "all", "municipalities": [code], "send_now": "y",
        "confirmed": re.search(r'name="confirmed" value="([0-9]+)"', html).group(1)})
    assert confirmed.status_code == 302
    with app.app_context():
        codes = set(db.session.scalars(select(Invitation.municipality_code).where(Invitation.survey_id == survey.id)))
    assert codes == {code} and _invitation_count(app, survey) == in_municipality
    run_jobs()
    assert len(smtp_server.messages) == in_municipality


def test_a_stale_confirmation_shows_the_check_page_again(app, staff_client, post_form, make_survey):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    page = post_form(client, survey.url("invitations/"), {"mode": "all", "confirmed": "999"})
    assert page.status_code == 200 and "The register changed since you checked" in page.get_data(as_text=True)
    assert _invitation_count(app, survey) == 0


def test_sending_unsent_invitations_shows_the_number_and_the_message_first(app, staff_client, make_survey, invite,
                                                                            smtp_server, run_jobs):
    survey = make_survey("outokumpu", email=None)
    invite(survey)
    client = staff_client()
    count = _invitation_count(app, survey)
    check = client.get(survey.url("invitations/send"))
    html = check.get_data(as_text=True)
    assert check.status_code == 200 and f"{count} invitation e-mails will be sent." in html
    assert "Outokummun paikallis-JANE" in html  # the preview of the Finnish message
    run_jobs()
    assert smtp_server.messages == []
    assert client.post(survey.url("invitations/send"), data={"csrf_token": _token(html)}).status_code == 302
    run_jobs()
    assert len(smtp_server.messages) == count


def _sent_invitations(app, survey, invite):
    invite(survey)
    with app.app_context():
        now = utcnow()
        for invitation in db.session.scalars(select(Invitation).where(Invitation.survey_id == survey.id)):
            invitation.sent_at = now - timedelta(days=5)
        db.session.commit()
    return _invitation_count(app, survey)


def test_a_double_click_on_remind_sends_one_reminder_each_and_says_why(app, staff_client, make_survey, invite,
                                                                       smtp_server, run_jobs):
    survey = make_survey("outokumpu", email=None)
    count = _sent_invitations(app, survey, invite)
    client = staff_client()
    token = _token(client.get(survey.url("invitations/")).get_data(as_text=True))
    first = client.post(survey.url("invitations/remind"), data={"csrf_token": token}, follow_redirects=True)
    second = client.post(survey.url("invitations/remind"), data={"csrf_token": token}, follow_redirects=True)
    assert f"{count} reminders are on their way." in first.get_data(as_text=True)
    assert "A reminder was sent to these associations less than 2 days ago" in second.get_data(as_text=True)
    run_jobs()
    assert len(smtp_server.messages) == count
    with app.app_context():
        assert {i.reminder_count for i in db.session.scalars(select(Invitation))} == {1}
    # The list shows when each was last reminded.
    listing = client.get(survey.url("invitations/")).get_data(as_text=True)
    assert "Last reminded" in listing and "(1×)" in listing


def test_a_reminder_is_allowed_again_after_the_interval(app, make_survey, invite, smtp_server, run_jobs):
    from app.surveys.invitation_mail import send_reminders

    survey = make_survey("outokumpu", email=None)
    count = _sent_invitations(app, survey, invite)
    with app.app_context():
        record = db.session.get(Survey, survey.id)
        assert send_reminders(record).sent == count
        db.session.commit()
        later = utcnow() + timedelta(hours=app.config["REMINDER_MIN_INTERVAL_HOURS"], minutes=1)
        assert send_reminders(record, now=later).sent == count
        db.session.commit()
        assert {i.reminder_count for i in db.session.scalars(select(Invitation))} == {2}


def test_two_reminder_runs_at_once_remind_each_invitation_once(app, make_survey, invite):
    import threading

    from app.surveys.invitation_mail import RemindedTooRecently, send_reminders

    survey = make_survey("outokumpu", email=None)
    count = _sent_invitations(app, survey, invite)
    barrier = threading.Barrier(2)
    sent = []

    def click():
        with app.test_request_context():
            barrier.wait()
            try:
                sent.append(send_reminders(db.session.get(Survey, survey.id)).sent)
            except RemindedTooRecently:
                sent.append(0)
            db.session.commit()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        from app.models import OutboxMessage

        assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.template == "survey_reminder")) == count
    assert sorted(sent)[-1] + sorted(sent)[0] == count


def test_scheduled_reminders_go_out_once_on_each_day_before_closing(app, staff_client, post_form, make_survey,
                                                                    invite, smtp_server, run_jobs):
    from app.surveys.invitation_mail import send_scheduled_reminders

    survey = make_survey("outokumpu", email=None)
    count = _sent_invitations(app, survey, invite)
    client = staff_client()
    assert post_form(client, survey.url("invitations/"), {"reminder_days": "2, 7"},
                     action=survey.url("invitations/schedule")).status_code == 302
    assert 'value="7, 2"' in client.get(survey.url("invitations/")).get_data(as_text=True)
    with app.app_context():
        closes_at = db.session.get(Survey, survey.id).closes_at
        assert send_scheduled_reminders(closes_at - timedelta(days=8)) == 0
        assert send_scheduled_reminders(closes_at - timedelta(days=7, hours=-1)) == count
        db.session.commit()
        assert send_scheduled_reminders(closes_at - timedelta(days=7, hours=-2)) == 0  # the same slot again
        db.session.commit()
        assert send_scheduled_reminders(closes_at - timedelta(days=2, hours=-1)) == count
        db.session.commit()
    run_jobs()
    assert len(smtp_server.messages) == 2 * count


def test_staff_write_the_invitation_in_each_language_and_the_mail_is_signed_once_with_reply_to(
        app, staff_client, post_form, make_survey, invite, smtp_server, run_jobs):
    survey = make_survey("outokumpu", email=None)
    client = staff_client()
    page = client.get(survey.url("invitations/texts")).get_data(as_text=True)
    assert "Outokummun paikallis-JANE kutsuu yhdistyksenne vastaamaan kyselyyn" in page  # the default, in Finnish
    fields = {f"{kind}_{language}": "" for kind in ("invitation", "reminder") for language in ("fi", "sv", "en")}
    fields["invitation_fi"] = "Hyvä yhdistys, kertokaa meille toiminnastanne."
    saved = post_form(client, survey.url("invitations/texts"), fields, follow_redirects=True)
    assert "Hyvä yhdistys, kertokaa meille toiminnastanne." in saved.get_data(as_text=True)  # the preview
    with app.app_context():
        association = db.session.scalar(select(Association).join(Council).where(Council.slug == "outokumpu")
                                        .order_by(Association.id))
        association.language = "fi"
        db.session.commit()
        email = association.email
    invite(survey)
    html = client.get(survey.url("invitations/send")).get_data(as_text=True)
    client.post(survey.url("invitations/send"), data={"csrf_token": _token(html)})
    run_jobs()
    [mail] = smtp_server.to(email)
    body = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Hyvä yhdistys, kertokaa meille toiminnastanne." in body
    assert mail["Reply-To"] == "outokumpu.jane@example.fi"
    assert "outokumpu.jane@example.fi" in body
    # One signature: the council's name closes the message once, and one footer follows.
    assert body.count("Outokummun paikallis-JANE") == 1
    assert body.count("\n-- \n") + body.count("\n--\n") == 1
    assert "Replies to it are not read" not in body and "Vastauksia tähän viestiin ei lueta" not in body
