"""Inviting a person to a council's team: the e-mail through real SMTP, the link, a new or an existing
account, expiry, sending again and withdrawing, and the audit rows of each."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import AuditLog, Membership, OutboxMessage, Role, StaffInvitation, User
from app.models.base import utcnow
from tests.fixtures.councils import ADMIN, KAINUU_ADMIN, SECRETARY, council_by_slug
from tests.integration.mail.outbox_helpers import parts

pytestmark = pytest.mark.usefixtures("english_by_default")

NEW_PERSON = "uusi.jasen@example.fi"
NEW_PASSWORD = "kolme sanaa riittää"


def invite(client, post_form, council: str, email: str, role: str, language: str = "en", target: str | None = None):
    return post_form(client, f"/staff/{council}/team/invite",
                     {"email": email, "role": role, "language": language, "council": target or council})


def link_to(smtp_server, address: str) -> str:
    """The invitation link's path in the last message to the address."""
    found = re.search(r"http://localhost(/staff/invitation/\S+)", parts(smtp_server.to(address)[-1])["plain"])
    assert found, "no invitation link in the message"
    return found.group(1)


def audit_rows(app, action: str) -> list[AuditLog]:
    with app.app_context():
        rows = list(db.session.scalars(select(AuditLog).where(AuditLog.action == action)))
        db.session.expunge_all()
        return rows


def test_invited_person_sets_name_and_password_through_the_mailed_link_and_works_as_secretary(
        app, staff_client, post_form, csrf_token, login, run_jobs, smtp_server):
    admin = staff_client(ADMIN)
    form = admin.get("/staff/pohjois-karjala/team/invite").get_data(as_text=True)
    assert 'value="raakkyla"' in form, "a regional admin picks the council among its own and those below"
    response = invite(admin, post_form, "pohjois-karjala", NEW_PERSON, "secretary", language="sv", target="raakkyla")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/raakkyla/team/")
    team = admin.get("/staff/raakkyla/team/").get_data(as_text=True)
    assert NEW_PERSON in team and "Send again" in team
    with app.app_context():
        message_id = db.session.scalar(select(OutboxMessage.id))
    outbox = admin.get(f"/staff/raakkyla/outbox/{message_id}").get_data(as_text=True)
    assert "/staff/invitation/•••••" in outbox, "staff see the invitation link masked"

    run_jobs()
    [received] = smtp_server.to(NEW_PERSON)
    assert '<html lang="sv">' in parts(received)["html"]
    assert "Lokala organisationsdelegationen i Rääkkylä" in " ".join(str(received["Subject"]).split())
    link = link_to(smtp_server, NEW_PERSON)
    with app.app_context():
        stored = db.session.scalar(select(OutboxMessage.body_text))
        assert link not in stored, "the outbox keeps no usable token once the message is sent"
        invitation = db.session.scalar(select(StaffInvitation))
        assert invitation.expires_at - invitation.sent_at == timedelta(days=7)
        assert link.rpartition("/")[2] not in invitation.token_hash

    person = app.test_client()
    page = person.get(link)
    assert page.status_code == 200 and "Create the account and join" in page.get_data(as_text=True)
    token = csrf_token(page.get_data(as_text=True))
    short = person.post(link, data={"csrf_token": token, "name": "Uusi Jäsen", "new_password": "lyhyt",
                                    "confirm_password": "lyhyt", "language": "sv"})
    assert short.status_code == 400 and "Use at least 12 characters." in short.get_data(as_text=True)
    done = person.post(link, data={"csrf_token": token, "name": "Uusi Jäsen", "new_password": NEW_PASSWORD,
                                   "confirm_password": NEW_PASSWORD, "language": "sv"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/staff/raakkyla/")
    assert person.get("/staff/raakkyla/team/").status_code == 200, "signed in as the new secretary"
    assert person.get("/staff/raakkyla/team/invite").status_code == 403, "a secretary does not invite"

    again = app.test_client()
    login(again, NEW_PERSON, NEW_PASSWORD)
    assert again.get("/staff/raakkyla/associations/").status_code == 200
    assert again.get("/staff/pohjois-karjala/").status_code == 403
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == NEW_PERSON))
        assert (user.name, user.language) == ("Uusi Jäsen", "sv")
        assert user.last_sign_in_at is not None
        [membership] = user.memberships
        assert (membership.council.slug, membership.role) == ("raakkyla", Role.SECRETARY)
    closed = person.get(link)
    assert closed.status_code == 410 and "already been accepted" in closed.get_data(as_text=True)

    [invited] = audit_rows(app, "team.invite")
    [accepted] = audit_rows(app, "team.invitation_accept")
    raakkyla_id = membership.council_id
    assert invited.council_id == accepted.council_id == raakkyla_id
    assert json.loads(invited.details_json) == {"role": "secretary", "language": "sv"}
    assert accepted.user_id == user.id
    assert all("@" not in row.details_json for row in (invited, accepted))


def test_existing_account_accepts_a_second_council_and_switches_council_from_the_header(
        app, staff_client, post_form, csrf_token, run_jobs, smtp_server):
    kainuu = staff_client(KAINUU_ADMIN)
    assert invite(kainuu, post_form, "kainuu", SECRETARY, "reviewer").status_code == 302
    run_jobs()
    link = link_to(smtp_server, SECRETARY)

    person = app.test_client()
    page = person.get(link).get_data(as_text=True)
    assert "You already have an account" in page and "Create the account" not in page
    wrong = person.post(link, data={"csrf_token": csrf_token(page), "password": "not the password"})
    assert wrong.status_code == 400 and "The e-mail address or password is not correct." in wrong.get_data(as_text=True)
    done = person.post(link, data={"csrf_token": csrf_token(page), "password": "demo-password-2026"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/staff/kainuu/")

    home = person.get("/staff/raakkyla/").get_data(as_text=True)
    switcher = re.search(r'<form method="get" action="/staff/switch".*?</form>', home, re.S).group(0)
    assert 'value="raakkyla" selected' in switcher and 'value="kainuu"' in switcher
    switched = person.get("/staff/switch?council=kainuu")
    assert switched.status_code == 302 and switched.headers["Location"].endswith("/staff/kainuu/")
    assert person.get("/staff/kainuu/").status_code == 200
    assert person.get("/staff/kainuu/team/").status_code == 403, "a reviewer does not see the team"
    account = person.get("/staff/account/").get_data(as_text=True)
    assert "Kainuu NGO Council</a>: Reviewer" in account and "Rääkkylä local NGO council</a>: Secretary" in account


def test_signed_in_as_the_invited_account_one_click_accepts(app, staff_client, post_form, csrf_token, run_jobs,
                                                            smtp_server):
    invite(staff_client(KAINUU_ADMIN), post_form, "kainuu", SECRETARY, "secretary")
    run_jobs()
    link = link_to(smtp_server, SECRETARY)
    person = staff_client(SECRETARY)
    page = person.get(link).get_data(as_text=True)
    assert "Accept the invitation" in page and 'name="password"' not in page
    done = person.post(link, data={"csrf_token": csrf_token(page)})
    assert done.status_code == 302 and done.headers["Location"].endswith("/staff/kainuu/")
    assert person.get("/staff/kainuu/team/").status_code == 200
    with app.app_context():
        slugs = {m.council.slug: m.role for m in db.session.scalars(
            select(Membership).join(User).where(User.email == SECRETARY))}
        assert slugs == {"raakkyla": Role.SECRETARY, "kainuu": Role.SECRETARY}


def test_signed_in_as_someone_else_the_link_asks_to_sign_out_and_accepts_nothing(
        app, staff_client, post_form, csrf_token, run_jobs, smtp_server):
    kainuu = staff_client(KAINUU_ADMIN)
    invite(kainuu, post_form, "kainuu", SECRETARY, "secretary")
    run_jobs()
    link = link_to(smtp_server, SECRETARY)
    page = kainuu.get(link).get_data(as_text=True)
    assert f"You are signed in as {KAINUU_ADMIN}, but this invitation is for {SECRETARY}" in page
    assert kainuu.post(link, data={"csrf_token": csrf_token(page)}).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(StaffInvitation.accepted_at)) is None


def test_link_expires_after_seven_days_and_sending_again_gives_a_new_link(
        app, staff_client, post_form, csrf_token, run_jobs, smtp_server):
    admin = staff_client(ADMIN)
    invite(admin, post_form, "pohjois-karjala", NEW_PERSON, "reviewer")
    run_jobs()
    old_link = link_to(smtp_server, NEW_PERSON)
    with app.app_context():
        db.session.execute(update(StaffInvitation).values(
            sent_at=utcnow() - timedelta(days=7, seconds=1), expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        invitation_id = db.session.scalar(select(StaffInvitation.id))

    expired = app.test_client().get(old_link)
    assert expired.status_code == 410 and "This invitation expired on" in expired.get_data(as_text=True)
    team = admin.get("/staff/pohjois-karjala/team/").get_data(as_text=True)
    assert "Expired" in team
    resent = admin.post(f"/staff/pohjois-karjala/team/invitations/{invitation_id}/resend",
                        data={"csrf_token": csrf_token(team)})
    assert resent.status_code == 302
    run_jobs()
    new_link = link_to(smtp_server, NEW_PERSON)
    assert new_link != old_link and len(smtp_server.to(NEW_PERSON)) == 2
    assert app.test_client().get(old_link).status_code == 410
    assert app.test_client().get(new_link).status_code == 200
    with app.app_context():
        invitation = db.session.get(StaffInvitation, invitation_id)
        assert invitation.expires_at > utcnow() + timedelta(days=6, hours=23)
    assert len(audit_rows(app, "team.invitation_resend")) == 1


def test_withdrawn_invitation_link_no_longer_works(app, staff_client, post_form, csrf_token, run_jobs, smtp_server):
    admin = staff_client(ADMIN)
    invite(admin, post_form, "pohjois-karjala", NEW_PERSON, "admin")
    run_jobs()
    link = link_to(smtp_server, NEW_PERSON)
    with app.app_context():
        invitation_id = db.session.scalar(select(StaffInvitation.id))
    team = admin.get("/staff/pohjois-karjala/team/").get_data(as_text=True)
    response = admin.post(f"/staff/pohjois-karjala/team/invitations/{invitation_id}/withdraw",
                          data={"csrf_token": csrf_token(team)}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert f"The invitation to {NEW_PERSON} was withdrawn." in page
    assert "No invitations are waiting for an answer." in page

    person = app.test_client()
    closed = person.get(link)
    assert closed.status_code == 410 and "This invitation was withdrawn." in closed.get_data(as_text=True)
    assert person.post(link, data={"csrf_token": "x", "name": "X"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == NEW_PERSON)) is None
    [row] = audit_rows(app, "team.invitation_withdraw")
    assert row.target == f"staffinvitation:{invitation_id}"


def test_an_address_already_in_the_team_or_invited_is_refused(app, staff_client, post_form):
    admin = staff_client(ADMIN)
    member = invite(admin, post_form, "pohjois-karjala", ADMIN, "secretary")
    assert member.status_code == 400 and "already in the team" in member.get_data(as_text=True)
    assert invite(admin, post_form, "pohjois-karjala", NEW_PERSON, "secretary").status_code == 302
    twice = invite(admin, post_form, "pohjois-karjala", NEW_PERSON.upper(), "admin")
    assert twice.status_code == 400 and "already has an invitation waiting" in twice.get_data(as_text=True)
    foreign = invite(admin, post_form, "pohjois-karjala", NEW_PERSON, "secretary", target="kainuu")
    assert foreign.status_code == 400, "only this council and those below it can be chosen"
    with app.app_context():
        assert db.session.query(StaffInvitation).count() == 1
        assert council_by_slug("kainuu").id not in set(db.session.scalars(select(StaffInvitation.council_id)))
