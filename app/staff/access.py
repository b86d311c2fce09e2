"""The one place that decides whether a staff user may act for a council.

A membership in a council reaches that council and every council below it (a regional council's
staff reach its local councils); nothing reaches across regions or upwards.
"""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.models import Council, Membership, Role, User

ALL_ROLES = frozenset(Role)
MANAGING_ROLES = frozenset({Role.ADMIN, Role.SECRETARY})


def _descendant_ids(council_ids: set[int]) -> set[int]:
    reached = set(council_ids)
    frontier = set(council_ids)
    while frontier:
        frontier = set(db.session.scalars(select(Council.id).where(Council.parent_id.in_(frontier)))) - reached
        reached |= frontier
    return reached


def council_ids_for(user: User, roles: frozenset[Role] = ALL_ROLES) -> set[int]:
    """Ids of every council the user may act for with one of these roles."""
    direct = set(
        db.session.scalars(
            select(Membership.council_id).where(Membership.user_id == user.id, Membership.role.in_(roles))
        )
    )
    return _descendant_ids(direct)


def can_act_for(user: User, council: Council, roles: frozenset[Role] = ALL_ROLES) -> bool:
    """Whether the user has one of the roles in this council or in a council above it."""
    if not user.is_authenticated:
        return False
    member_of = {m.council_id: m.role for m in user.memberships}
    node: Council | None = council
    while node is not None:
        if member_of.get(node.id) in roles:
            return True
        node = node.parent
    return False


def councils_for(user: User, roles: frozenset[Role] = ALL_ROLES) -> list[Council]:
    ids = council_ids_for(user, roles)
    if not ids:
        return []
    return list(db.session.scalars(select(Council).where(Council.id.in_(ids)).order_by(Council.name_fi)))


def require_council(slug: str, roles: frozenset[Role] = ALL_ROLES) -> Council:
    """The council with this slug if the signed-in user may act for it; 404 or 403 otherwise."""
    council = db.session.scalar(select(Council).where(Council.slug == slug))
    if council is None:
        abort(404)
    if not can_act_for(current_user, council, roles):
        abort(403)
    return council
