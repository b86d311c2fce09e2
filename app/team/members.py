"""A council's members: the team list, role changes, removal, and the rule that keeps an admin.

No council is left without an admin who reaches it. The admins of the councils above a council
reach it too (docs/roles.md), so they count: a local council's last own admin may go while the
regional council has an admin, but a regional council's last admin can be neither removed nor
demoted. Every change locks the rows of the council and of the councils above it first, so that
two admins demoting each other at the same moment cannot both succeed.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from app.audit.log import record
from app.errors import DomainError
from app.extensions import db
from app.models import Council, Membership, Role, User


class LastAdmin(DomainError):
    """The change would leave the council without an admin."""


def council_and_above(council: Council) -> list[Council]:
    """The council and every council above it, nearest first."""
    chain = []
    node: Council | None = council
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


def council_and_below(council: Council) -> list[Council]:
    """The council and every council below it, the council first, then by name."""
    found = [council]
    for child in council.children:
        found.extend(council_and_below(child))
    return found


def lock_team(council: Council) -> None:
    """Lock the rows of the council and of the councils above it until the transaction ends.

    Every change of a team takes these locks (in id order, so that no two changes deadlock) before
    it counts admins: one change at a time per council line. SQLite has no row locks; a write that
    changes nothing takes its one database-wide write lock instead (its reads take none).
    """
    ids = sorted(node.id for node in council_and_above(council))
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(Council).where(Council.id.in_(ids)).values(id=Council.id)
                           .execution_options(synchronize_session=False))
        return
    db.session.execute(select(Council.id).where(Council.id.in_(ids)).order_by(Council.id).with_for_update()).all()


def check_keeps_an_admin(membership: Membership, new_role: Role | None) -> None:
    """Raise LastAdmin when giving `membership` `new_role` (None: removing it) leaves its council without an
    admin who reaches it. Call after `lock_team(membership.council)`."""
    if membership.role is not Role.ADMIN or new_role is Role.ADMIN:
        return
    chain = [node.id for node in council_and_above(membership.council)]
    others = db.session.scalar(
        select(func.count()).select_from(Membership).join(User, User.id == Membership.user_id).where(
            Membership.council_id.in_(chain), Membership.role == Role.ADMIN, Membership.id != membership.id,
            User.is_active_user.is_(True)))
    if not others:
        if new_role is None:
            raise LastAdmin(_l("This is the council's last admin: add another admin before removing this one."))
        raise LastAdmin(_l("This is the council's last admin: add another admin before changing this role."),
                        field="role")


def team_members(council: Council) -> list[Membership]:
    """The council's own members with their accounts, by name."""
    return list(db.session.scalars(
        select(Membership).join(User, User.id == Membership.user_id).where(Membership.council_id == council.id)
        .order_by(func.lower(User.name), User.email)))


def change_role(membership: Membership, new_role: Role, actor: User) -> bool:
    """Give a member another role in the council; returns whether anything changed.

    Raises LastAdmin when the member is the council's last admin and the new role is not admin.
    """
    lock_team(membership.council)
    db.session.refresh(membership)
    if membership.role is new_role:
        return False
    check_keeps_an_admin(membership, new_role)
    old_role = membership.role
    membership.role = new_role
    record("team.role_change", council=membership.council_id, target=membership, actor=actor,
           role=new_role.value, previous_role=old_role.value)
    return True


def remove_member(membership: Membership, actor: User) -> None:
    """Take a member out of the council's team; the account stays (with its other memberships).

    Raises LastAdmin when the member is the council's last admin.
    """
    lock_team(membership.council)
    db.session.refresh(membership)
    check_keeps_an_admin(membership, None)
    record("team.member_remove", council=membership.council_id, target=membership, actor=actor,
           role=membership.role.value)
    db.session.delete(membership)
    db.session.flush()
