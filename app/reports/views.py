"""Public survey results: aggregated charts and tables with small counts hidden, and the free texts staff
chose, when staff have published them."""

import base64
from functools import lru_cache

from flask import Blueprint, abort, current_app, render_template
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from surveys import text

from app.councils.directory import council_by_slug
from app.extensions import db
from app.i18n import current_language
from app.kept_pages import keeps_page
from app.models import Survey, SurveyVersion
from app.reports.building.aggregation import ResponseFilter, data_signature
from app.reports.building.document import common_notes
from app.reports.building.questions import Presentation
from app.reports.kinds import kind_for
from app.reports.kinds.survey import collect_aggregates, question_sections
from app.reports.publishing import published_texts
from app.surveys.definitions import definition_for

bp = Blueprint("reports_public", __name__)


@bp.app_context_processor
def _results_helper():
    def report_subject(report):
        """What a report is about, as its kind names it: a title and the page of its kind."""
        return kind_for(report.kind).describe(report)

    return {"report_subject": report_subject}


@bp.route("/<council_slug>/surveys/<survey_slug>/results")
@keeps_page
def survey_results(council_slug: str, survey_slug: str):
    """A published survey's results: counts and shares per question, no counts under 5, and only the free
    texts that staff chose."""
    council = council_by_slug(council_slug)
    if council is None:
        abort(404)
    survey = db.session.scalar(select(Survey).where(Survey.council_id == council.id, Survey.slug == survey_slug))
    version = survey.current_version if survey is not None and survey.is_results_public else None
    if version is None:
        abort(404)
    language = current_language()
    min_cell = current_app.config["REPORT_MIN_CELL"]
    # Charts are drawn once per data version and language, not on every page view.
    n, sections, images = _published_results(current_app.config["SQLALCHEMY_DATABASE_URI"], survey.id,
                                             data_signature(survey.id), version.id, language, min_cell)
    definition = definition_for(version)
    # Read on every view, outside the cache: a new pick, or a respondent's change that removed one, shows at once.
    texts = published_texts(survey, definition, language) if n else {}
    withheld = _("Free-text answers are not shown in a publication version.")
    return render_template("reports/results.html", council=council, survey=survey, title=text(definition.title, language),
                           n=n, sections=sections,
                           # Said once at the top; the texts note only where no text was chosen.
                           common_notes=[note for note in common_notes(sections) if not (texts and note == str(withheld))], images=images, min_cell=min_cell, texts=texts,
                           # The publication version's note "not shown" is wrong under a question with chosen texts.
                           texts_withheld_note=withheld)


@lru_cache(maxsize=32)
def _published_results(database: str, survey_id: int, signature: str, version_id: int, language: str,
                       min_cell: int):
    """Aggregates, sections and chart images (PNG data URIs with their text alternatives)."""
    from app.reports.building import charts  # matplotlib: loaded on first use, not by every worker

    definition = definition_for(db.session.get(SurveyVersion, version_id))
    aggregates = collect_aggregates(survey_id, definition, ResponseFilter(), include_texts=False, text_limit=0)
    view = Presentation(language, min_cell, include_texts=False, charts=True)
    sections = question_sections(definition, aggregates, view) if aggregates.n else []
    images = {}
    for section in sections:
        if section.chart is not None:
            png = charts.render(section.chart, language, "png", dpi=90)
            # Base64 has nothing to escape: Markup spares escaping the ~10 KB on every view.
            images[section.key] = {"uri": Markup("data:image/png;base64," + base64.b64encode(png).decode("ascii")),
                                   "alt": str(section.chart.alt_text)}
    return aggregates.n, sections, images
