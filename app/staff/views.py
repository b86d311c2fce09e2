"""The staff shell: dashboard, each council's staff home and the council switcher in the staff header."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from app.staff.access import ADMIN_ONLY, ALL_ROLES, MANAGING_ROLES, StaffBlueprint, can_act_for, councils_for

staff_bp = StaffBlueprint("staff", __name__, url_prefix="/staff")


@staff_bp.app_context_processor
def _council_switcher():
    """`staff_councils()` for the staff header: the councils the signed-in user works for, asked only
    when the header is drawn."""
    return {"staff_councils": lambda: councils_for(current_user) if current_user.is_authenticated else []}


@staff_bp.route("/", roles=ALL_ROLES)
def dashboard():
    """The councils the signed-in user works for."""
    return render_template("staff/dashboard.html", councils=councils_for(current_user))


@staff_bp.route("/switch", roles=ALL_ROLES)
def switch_council():
    """The staff header's council switcher (a GET form, so it works without JavaScript): to the
    chosen council's staff home, which checks access as always."""
    slug = request.args.get("council", "")
    if not slug or "/" in slug:
        return redirect(url_for(".dashboard"))
    return redirect(url_for(".council_home", council_slug=slug))


@staff_bp.route("/<council_slug>/", roles=ALL_ROLES)
def council_home(council):
    """A council's staff home with links to the tools the user's role opens."""
    return render_template("staff/council_home.html", council=council,
                           can_manage=can_act_for(current_user, council, MANAGING_ROLES),
                           is_admin=can_act_for(current_user, council, ADMIN_ONLY))
