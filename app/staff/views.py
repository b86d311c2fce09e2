"""The staff shell: dashboard and each council's staff home."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from app.staff.access import councils_for, require_council

staff_bp = Blueprint("staff", __name__, url_prefix="/staff")


@staff_bp.before_request
@login_required
def _require_sign_in():
    return None


@staff_bp.route("/")
def dashboard():
    """The councils the signed-in user works for."""
    return render_template("staff/dashboard.html", councils=councils_for(current_user))


@staff_bp.route("/<council_slug>/")
def council_home(council_slug: str):
    """A council's staff home with links to its tools."""
    council = require_council(council_slug)
    return render_template("staff/council_home.html", council=council)
