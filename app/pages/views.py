"""Information pages (accessibility statement, privacy notice, also per council) and the site icon at /favicon.ico."""

from flask import Blueprint, abort, current_app, render_template, send_from_directory

from app.councils.directory import council_by_slug

bp = Blueprint("pages", __name__)


@bp.route("/accessibility")
def accessibility():
    """The accessibility statement required by the Act on the Provision of Digital Services."""
    return render_template("pages/accessibility.html")


@bp.route("/privacy")
def privacy():
    """The privacy notice."""
    return render_template("pages/privacy.html")


@bp.route("/<council_slug>/privacy")
def council_privacy(council_slug: str):
    """The privacy notice of one council: the notice public forms link to."""
    council = council_by_slug(council_slug)
    if council is None:
        abort(404)
    return render_template("pages/privacy.html", council=council)


@bp.route("/favicon.ico")
def favicon():
    """The site icon where browsers and feed readers look for it without reading the page's <link>."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon")
