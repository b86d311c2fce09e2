"""The one place that decides whether a staff user may act for a council, and the staff blueprint.

A membership in a council reaches that council and every council below it (a regional council's
staff reach its local councils); nothing reaches across regions or upwards. Every staff route is
declared on a `StaffBlueprint` with the roles it needs (docs/roles.md); there is no default.
"""

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, abort, current_app
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.models import Council, Membership, Role, User

ALL_ROLES = frozenset(Role)
MANAGING_ROLES = frozenset({Role.ADMIN, Role.SECRETARY})
ADMIN_ONLY = frozenset({Role.ADMIN})


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


def require_council(slug: str, roles: frozenset[Role]) -> Council:
    """The council with this slug if the signed-in user has one of `roles` for it; 404 or 403 otherwise."""
    council = db.session.scalar(select(Council).where(Council.slug == slug))
    if council is None:
        abort(404)
    if not can_act_for(current_user, council, roles):
        abort(403)
    return council


def get_for_council(model, record_id: int, council: Council, *criteria):
    """The `model` row with this id if it belongs to this council (its `council_id`), else 404.

    A record of another council answers 404 even when the user reaches that council too: its id
    must come with its own council's address, never borrow another's. `criteria` narrow further
    (a survey with a definition, say).
    """
    record = db.session.scalar(select(model).where(model.id == record_id, model.council_id == council.id, *criteria))
    if record is None:
        abort(404)
    return record


def _staff_view(view: Callable, roles: frozenset[Role]) -> Callable:
    """Sign in first, then turn the URL's <council_slug> into `council` for a user with one of `roles`."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if "council_slug" in kwargs:
            kwargs["council"] = require_council(kwargs.pop("council_slug"), roles)
        return view(*args, **kwargs)

    guarded.staff_roles = roles
    return guarded


class StaffBlueprint(Blueprint):
    """A blueprint of staff pages: every route requires sign-in and declares the roles it needs.

    ``@bp.route(rule, roles=MANAGING_ROLES)``: the view receives ``council`` (resolved from the
    URL's ``<council_slug>`` through `require_council`) instead of the slug. A route registered
    without roles fails at import.
    """

    def route(self, rule: str, *, roles: frozenset[Role], **options):  # type: ignore[override]
        roles = frozenset(roles)
        if not roles or not roles <= ALL_ROLES:
            raise ValueError(f"staff route {rule!r} must declare roles from app.models.Role, got {roles!r}")

        def decorator(view: Callable) -> Callable:
            # One guarded function per view, so that a view under two rules keeps one endpoint.
            guarded = view.__dict__.setdefault("staff_guarded", _staff_view(view, roles))
            if guarded.staff_roles != roles:
                raise ValueError(f"staff view {view.__name__} declares different roles on {rule!r}")
            self.add_url_rule(rule, view_func=guarded, **options)
            return view

        return decorator

    def add_url_rule(self, rule: str, endpoint: str | None = None, view_func: Callable | None = None, **options):
        if view_func is None or getattr(view_func, "staff_roles", None) is None:
            raise TypeError(f"staff route {rule!r} declares no roles: use {self.name}.route(rule, roles=...)")
        super().add_url_rule(rule, endpoint, view_func, **options)

