"""The staff shell: dashboard and each council's staff home."""

from flask import render_template
from flask_login import current_user

from app.staff.access import ADMIN_ONLY, ALL_ROLES, MANAGING_ROLES, StaffBlueprint, can_act_for, councils_for

staff_bp = StaffBlueprint("staff", __name__, url_prefix="/staff")


@staff_bp.route("/", roles=ALL_ROLES)
def dashboard():
    """The councils the signed-in user works for."""
    return render_template("staff/dashboard.html", councils=councils_for(current_user))


@staff_bp.route("/<council_slug>/", roles=ALL_ROLES)
def council_home(council):
    """A council's staff home with links to the tools the user's role opens."""
    return render_template("staff/council_home.html", council=council,
                           can_manage=can_act_for(current_user, council, MANAGING_ROLES),
                           is_admin=can_act_for(current_user, council, ADMIN_ONLY))
