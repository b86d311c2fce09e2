"""Public survey results: aggregated tables with small counts hidden, when staff have published them."""

from flask import Blueprint, abort, current_app, render_template
from sqlalchemy import select
from surveys import text

from app.councils.directory import council_by_slug
from app.extensions import db
from app.i18n import current_language
from app.models import Survey
from app.reports.building.aggregation import ResponseFilter
from app.reports.building.questions import Presentation
from app.reports.kinds.survey import collect_aggregates, question_sections
from app.surveys.definitions import definition_for

bp = Blueprint("reports_public", __name__)


@bp.route("/<council_slug>/surveys/<survey_slug>/results")
def survey_results(council_slug: str, survey_slug: str):
    """A published survey's results: counts and shares per question, no free texts, no counts under 5."""
    council = council_by_slug(council_slug)
    if council is None:
        abort(404)
    survey = db.session.scalar(select(Survey).where(Survey.council_id == council.id, Survey.slug == survey_slug))
    if survey is None or not survey.is_results_public or survey.current_version is None:
        abort(404)
    language = current_language()
    definition = definition_for(survey.current_version)
    aggregates = collect_aggregates(survey.id, definition, ResponseFilter(), include_texts=False, text_limit=0)
    view = Presentation(language, current_app.config["REPORT_MIN_CELL"], include_texts=False, charts=False)
    sections = question_sections(definition, aggregates, view) if aggregates.n else []
    return render_template("reports/results.html", council=council, survey=survey, title=text(definition.title, language),
                           n=aggregates.n, sections=sections, min_cell=view.min_cell)
