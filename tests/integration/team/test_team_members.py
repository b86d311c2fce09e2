"""The team page: who sees and changes it, role changes and removal, and the rule that keeps an admin."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditLog, Membership, Role, User
from app.team.members import LastAdmin, change_role
from tests.fixtures.councils import ADMIN, council_by_slug

pytestmark = pytest.mark.usefixtures("english_by_default")


def membership_id(app, email: str, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Membership.id).join(User).where(
            User.email == email, Membership.council_id == council_by_slug(slug).id))


def role_of(app, member_id: int) -> Role | None:
    with app.app_context():
        membership = db.session.get(Membership, member_id)
        return membership.role if membership else None


def test_secretary_sees_the_team_without_controls_and_reviewer_is_refused(app, demo_councils, signed_in_staff):
    secretary = signed_in_staff("secretary", "pohjois-karjala")
    page = secretary.get("/staff/pohjois-karjala/team/").get_data(as_text=True)
    assert ADMIN in page and "Last sign-in" in page
    assert "Invite a person" not in page and "Change role" not in page and "Remove" not in page
    assert "admins can change the team." in page
    member = membership_id(app, ADMIN, "pohjois-karjala")
    assert secretary.get(f"/staff/pohjois-karjala/team/members/{member}/role").status_code == 403
    reviewer = signed_in_staff("reviewer", "pohjois-karjala")
    assert reviewer.get("/staff/pohjois-karjala/team/").status_code == 403
    assert "/team/" not in reviewer.get("/staff/pohjois-karjala/").get_data(as_text=True)


def test_the_last_admin_can_be_neither_demoted_nor_removed(app, staff_client, post_form, staff_user):
    admin = staff_client(ADMIN)
    member = membership_id(app, ADMIN, "pohjois-karjala")
    demoted = post_form(admin, f"/staff/pohjois-karjala/team/members/{member}/role", {"role": "secretary"})
    assert demoted.status_code == 400
    assert "This is the council&#39;s last admin" in demoted.get_data(as_text=True)
    removed = post_form(admin, f"/staff/pohjois-karjala/team/members/{member}/remove", {})
    assert removed.status_code == 400
    assert "add another admin before removing this one" in removed.get_data(as_text=True)
    assert role_of(app, member) is Role.ADMIN

    other = staff_user("admin", "pohjois-karjala")
    other_member = membership_id(app, other.email, "pohjois-karjala")
    page = admin.get(f"/staff/pohjois-karjala/team/members/{other_member}/remove").get_data(as_text=True)
    assert "Remove " in page and other.email in page, "removal asks to confirm first"
    assert role_of(app, other_member) is Role.ADMIN
    assert post_form(admin, f"/staff/pohjois-karjala/team/members/{member}/role",
                     {"role": "secretary"}).status_code == 302
    assert role_of(app, member) is Role.SECRETARY
    assert admin.get("/staff/pohjois-karjala/team/invite").status_code == 403, "no longer an admin"
    with app.app_context():
        [row] = db.session.scalars(select(AuditLog).where(AuditLog.action == "team.role_change"))
        assert (row.user_id, row.target) == (db.session.get(Membership, member).user_id, f"membership:{member}")
        assert "@" not in row.details_json and '"previous_role": "admin"' in row.details_json


def test_admin_changes_a_role_and_removes_a_member_of_a_local_council(app, staff_client, post_form, login):
    admin = staff_client(ADMIN)
    member = membership_id(app, "sihteeri.raakkyla@example.fi", "raakkyla")
    assert post_form(admin, f"/staff/raakkyla/team/members/{member}/role", {"role": "admin"}).status_code == 302
    assert role_of(app, member) is Role.ADMIN
    # Rääkkylä's own last admin may go: the admins of Pohjois-Karjala above it still reach it.
    response = post_form(admin, f"/staff/raakkyla/team/members/{member}/remove", {}, follow_redirects=True)
    assert "was removed from the team" in response.get_data(as_text=True)
    assert role_of(app, member) is None
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "sihteeri.raakkyla@example.fi")) is not None
        actions = sorted(db.session.scalars(select(AuditLog.action).where(AuditLog.action.like("team.%"))))
        assert actions == ["team.member_remove", "team.role_change"]


def test_two_admins_demoting_each_other_at_once_leave_one_admin(app, demo_councils, staff_user):
    other = staff_user("admin", "pohjois-karjala")
    first, second = membership_id(app, ADMIN, "pohjois-karjala"), membership_id(app, other.email, "pohjois-karjala")
    first_changed = threading.Event()
    refused = []

    def demote(member_id: int, actor_email: str, hold: bool):
        with app.test_request_context("/"):
            try:
                membership = db.session.get(Membership, member_id)
                actor = db.session.scalar(select(User).where(User.email == actor_email))
                change_role(membership, Role.SECRETARY, actor)
                if hold:
                    first_changed.set()
                    time.sleep(0.5)  # the other demotion runs while this one is not yet committed
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - the refused one is checked below
                db.session.rollback()
                refused.append(error)
            finally:
                first_changed.set()
                db.session.remove()

    threads = [threading.Thread(target=demote, args=(first, ADMIN, True))]
    threads[0].start()
    first_changed.wait(10)
    threads.append(threading.Thread(target=demote, args=(second, other.email, False)))
    threads[1].start()
    [thread.join(30) for thread in threads]

    with app.app_context():
        admins = db.session.scalar(select(func.count()).select_from(Membership).where(
            Membership.council_id == council_by_slug("pohjois-karjala").id, Membership.role == Role.ADMIN))
        dialect = db.engine.dialect.name
    assert admins == 1 and len(refused) == 1
    if dialect == "postgresql":
        # The second waits for the first one's lock and then counts the admins that are left.
        assert isinstance(refused[0], LastAdmin)
