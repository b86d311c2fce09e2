"""Public council pages: the front page's list and each council's own page."""

from flask import Blueprint, abort, render_template

from app.councils.directory import council_by_slug, regional_councils
from app.i18n import current_language
from app.reference.municipalities import municipality_name

bp = Blueprint("councils", __name__)


@bp.route("/")
def front():
    """The councils, regional councils first with their local councils."""
    return render_template("councils/front.html", councils=regional_councils())


@bp.route("/<council_slug>/")
def council_page(council_slug: str):
    """A council's page with its participation channels."""
    council = council_by_slug(council_slug)
    if council is None:
        abort(404)
    return render_template("councils/council.html", council=council)


@bp.app_context_processor
def _council_helpers():
    def council_municipality_names(council) -> list[str]:
        language = current_language()
        return sorted(municipality_name(code, language) for code in council.municipality_codes)

    return {"council_municipality_names": council_municipality_names}
