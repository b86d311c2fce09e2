"""Static information pages: accessibility statement and privacy notice."""

from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.route("/accessibility")
def accessibility():
    """The accessibility statement required by the Act on the Provision of Digital Services."""
    return render_template("pages/accessibility.html")


@bp.route("/privacy")
def privacy():
    """The privacy notice."""
    return render_template("pages/privacy.html")
