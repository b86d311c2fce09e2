"""Staff preview of a survey's pages exactly as respondents see them; nothing is saved."""

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale

from app.i18n import current_language
from app.security import CSP
from app.models import Survey
from app.staff.access import ALL_ROLES, StaffBlueprint, get_for_council
from app.surveys.definitions import definition_for
from app.surveys.views import page_context
from surveys import LOCALES, text

preview_bp = StaffBlueprint("survey_preview", __name__, url_prefix="/staff")

#: ?embed=1 shows the page without the site's header and footer, framed beside the survey editor's forms;
#: only pages of this site may frame it (app/security.py forbids framing everything else).
EMBEDDED_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")


# The questions only, no answers: every role of the council may look (docs/roles.md).
@preview_bp.route("/<council_slug>/surveys/<int:survey_id>/preview/", defaults={"page_key": None}, roles=ALL_ROLES)
@preview_bp.route("/<council_slug>/surveys/<int:survey_id>/preview/<page_key>", methods=["GET", "POST"],
                  roles=ALL_ROLES)
def preview(council, survey_id: int, page_key: str | None):
    """One page as respondents see it, with every page listed as a link; Next and Previous move on, storing nothing."""
    council_slug = council.slug
    survey = get_for_council(Survey, survey_id, council, Survey.versions.any())
    definition = definition_for(survey.current_version)
    keys = [p.key for p in definition.pages]
    if page_key is None:
        return redirect(url_for(".preview", council_slug=council_slug, survey_id=survey_id, page_key=keys[0]))
    if page_key not in keys:
        abort(404)
    # ?language= shows the survey in another language than the staff pages' own, as its respondents see it.
    chosen = request.args.get("language")
    locale = chosen if chosen in LOCALES else current_language()
    index = keys.index(page_key)
    embedded = request.args.get("embed") == "1"

    def page_url(key: str) -> str:
        return url_for(".preview", council_slug=council_slug, survey_id=survey_id, page_key=key,
                       language=chosen if chosen in LOCALES else None, embed="1" if embedded else None)

    area = tuple(survey.council.municipality_codes)
    if request.method == "POST":
        # Staff look at pages, they do not answer them: Next and Previous move on without checking.
        if request.form.get("action") == "previous" and index > 0:
            return redirect(page_url(keys[index - 1]))
        if index + 1 < len(keys):
            return redirect(page_url(keys[index + 1]))
        return redirect(page_url(page_key))
    with force_locale(locale):
        response = make_response(_render_page(survey, definition, page_key, keys, index, locale, area, page_url,
                                              embedded))
    if embedded:
        response.headers["Content-Security-Policy"] = EMBEDDED_CSP
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _render_page(survey, definition, page_key, keys, index, locale, area, page_url, embedded):
    council_slug = survey.council.slug
    context = page_context(definition, page_key, {}, locale, area=area)
    # The preview shows every page in order, whatever the answers, so that staff see all of them.
    context.update(steps=list(definition.pages), page_number=index + 1, page_count=len(keys),
                   has_previous=index > 0, is_last=index + 1 == len(keys), page_flow=None,
                   step_links={key: page_url(key) for key in keys})
    return render_template(
        "surveys/answer/page.html", preview=True, embedded=embedded, preview_back=url_for("staff.council_home", council_slug=council_slug),
        survey=survey, area=tuple(survey.council.municipality_codes), definition=definition, phase="open",
        survey_title=text(definition.title, locale), **context)
