"""Public council pages: the front page with what each council offers and the municipality finder, and each
council's own page."""

from flask import Blueprint, abort, current_app, render_template, request

from app.councils.directory import council_by_slug, regional_councils
from app.councils.finder import find_councils, municipality_names
from app.councils.markdown_text import render_markdown
from app.councils.offerings import council_offers
from app.councils.page_contents import council_page_contents
from app.councils.page_labels import role_label
from app.associations.labels import sector_label
from app.i18n import current_language
from app.kept_pages import keeps_page
from app.models.base import utcnow
from app.reference.municipalities import municipality_name

bp = Blueprint("councils", __name__)


@bp.route("/")
@keeps_page
def front():
    """The councils, regional councils first with their local councils, what each offers now, and the
    municipality finder (a GET form: `?municipality=` answers on this page without JavaScript)."""
    councils = regional_councils()
    shown = councils + [child for council in councils for child in council.children]
    typed = request.args.get("municipality", "")
    answer = find_councils(typed, current_language()) if typed.strip() else None
    return render_template("councils/front.html", councils=councils, offers=council_offers(shown, utcnow()),
                           answer=answer, typed=typed, municipality_names=municipality_names(),
                           service_contact=current_app.config["PLATFORM_CONTACT_EMAIL"])


@bp.route("/<council_slug>/")
@keeps_page
def council_page(council_slug: str):
    """A council's page: what you can do here (its channels), its texts, members, groups, agents and contacts."""
    council = council_by_slug(council_slug)
    if council is None:
        abort(404)
    language = current_language()
    return render_template("councils/council.html", council=council,
                           offers=council_offers([council], utcnow())[council.id],
                           contents=council_page_contents(council, language),
                           page_text=render_markdown(council.page_text(language)))


@bp.app_context_processor
def _council_helpers():
    def council_municipality_names(council) -> list[str]:
        language = current_language()
        return sorted(municipality_name(code, language) for code in council.municipality_codes)

    return {"council_municipality_names": council_municipality_names}


@bp.context_processor
def _page_labels():
    return {"role_label": role_label, "sector_label": sector_label}
