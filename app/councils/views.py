"""Public council pages: the front page's list and each council's own page."""

from flask import Blueprint, abort, render_template

from app.councils.directory import council_by_slug, regional_councils
from app.councils.offerings import council_offers
from app.i18n import current_language
from app.models.base import utcnow
from app.reference.municipalities import municipality_name

bp = Blueprint("councils", __name__)


@bp.route("/")
def front():
    """The councils, regional councils first with their local councils, and what each offers now."""
    councils = regional_councils()
    shown = councils + [child for council in councils for child in council.children]
    return render_template("councils/front.html", councils=councils, offers=council_offers(shown, utcnow()))


@bp.route("/<council_slug>/")
def council_page(council_slug: str):
    """A council's page with its participation channels."""
    council = council_by_slug(council_slug)
    if council is None:
        abort(404)
    return render_template("councils/council.html", council=council,
                           offers=council_offers([council], utcnow())[council.id])


@bp.app_context_processor
def _council_helpers():
    def council_municipality_names(council) -> list[str]:
        language = current_language()
        return sorted(municipality_name(code, language) for code in council.municipality_codes)

    return {"council_municipality_names": council_municipality_names}
