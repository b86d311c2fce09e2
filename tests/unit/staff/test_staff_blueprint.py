"""A staff route must state its roles: without them it fails when the module is imported."""

import pytest

from app.models import Role
from app.staff.access import MANAGING_ROLES, StaffBlueprint


def _view(council):
    return ""


def test_route_without_roles_fails_at_registration():
    blueprint = StaffBlueprint("example_staff", __name__, url_prefix="/staff/<council_slug>/example")
    with pytest.raises(TypeError):
        blueprint.route("/")(_view)


def test_route_with_empty_or_unknown_roles_fails_at_registration():
    blueprint = StaffBlueprint("example_staff", __name__, url_prefix="/staff/<council_slug>/example")
    with pytest.raises(ValueError):
        blueprint.route("/", roles=frozenset())
    with pytest.raises(ValueError):
        blueprint.route("/", roles=frozenset({"admin"}))


def test_plain_add_url_rule_without_roles_fails():
    blueprint = StaffBlueprint("example_staff", __name__, url_prefix="/staff/<council_slug>/example")
    with pytest.raises(TypeError):
        blueprint.add_url_rule("/", view_func=_view)


def test_declared_roles_are_kept_on_the_view():
    blueprint = StaffBlueprint("example_staff", __name__, url_prefix="/staff/<council_slug>/example")

    def page(council):
        return ""

    blueprint.route("/", roles=MANAGING_ROLES)(page)
    blueprint.route("/other", roles=MANAGING_ROLES)(page)
    assert page.staff_guarded.staff_roles == frozenset({Role.ADMIN, Role.SECRETARY})
    with pytest.raises(ValueError):
        blueprint.route("/third", roles=frozenset({Role.ADMIN}))(page)
