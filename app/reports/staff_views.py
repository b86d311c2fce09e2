"""Staff pages for reports: request a survey report or an annual summary, follow it, download it; publish a
survey's results page and pick the free texts it shows."""

from datetime import date

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from surveys import text

from app.extensions import db
from app.i18n import current_language
from app.models import SECTORS, Report, ReportArtefact, Survey
from app.models.base import utcnow
from app.reference.municipalities import municipality_name
from app.reports.building.labels import FORMAT_LABELS, sector_label
from app.reports.building.questions import CROSSTAB_TYPES
from app.reports import publishing
from app.reports.kinds import kind_for
from app.reports.requests import ReportRequestError, enqueue_build, request_report, retry_report
from app.staff.access import MANAGING_ROLES, require_council
from app.surveys.definitions import definition_for
from app.surveys.publishing import survey_phase_label
from forms.reports import AnnualSummaryForm, PublishedTextsForm, ResultsPublicationForm, SurveyReportForm

staff_bp = Blueprint("reports_staff", __name__, url_prefix="/staff/<council_slug>")


@staff_bp.before_request
@login_required
def _require_sign_in():
    return None


def _survey(council, survey_id: int) -> Survey:
    survey = db.session.scalar(select(Survey).where(Survey.id == survey_id, Survey.council_id == council.id))
    if survey is None or survey.current_version is None:
        abort(404)
    return survey


def _report(council, report_id: int) -> Report:
    # Another council's report id gives 404, never its contents.
    report = db.session.scalar(select(Report).where(Report.id == report_id, Report.council_id == council.id))
    if report is None:
        abort(404)
    return report


def _survey_form(council, survey: Survey) -> SurveyReportForm:
    language = current_language()
    definition = definition_for(survey.current_version)
    questions = [(q.key, text(q.label, language)[:90]) for q in definition.questions() if q.type_name in CROSSTAB_TYPES]
    municipalities = sorted(((c, municipality_name(c, language)) for c in council.municipality_codes), key=lambda p: p[1])
    form = SurveyReportForm(
        municipalities=municipalities,
        sectors=[(s, sector_label(s)) for s in SECTORS],
        questions=questions,
        formats=[(f, FORMAT_LABELS[f]) for f in kind_for("survey").formats],
    )
    if request.method == "GET":
        form.language.data = language
        form.formats.data = ["pdf", "xlsx"]
    return form


def _submit(council, form, kind: str, survey: Survey | None):
    try:
        report, needs_build = request_report(council, kind, form.parameters(), current_user, survey=survey)
    except ReportRequestError as error:
        getattr(form, error.field or "formats").errors.append(error.message)
        return None
    db.session.commit()
    if needs_build:
        enqueue_build(report.id)
        flash(_("The report is being built. This page follows its progress."), "success")
    elif report.status.value == "done":
        flash(_("The data has not changed since this report was built, so the stored report is shown."), "success")
    else:
        flash(_("The same report is already being built; this page follows it."), "success")
    return redirect(url_for("reports_staff.report_page", council_slug=council.slug, report_id=report.id))


def _reports(council, **where):
    return list(db.session.scalars(
        select(Report).filter_by(council_id=council.id, **where).order_by(Report.created_at.desc(), Report.id.desc()).limit(50)
    ))


@staff_bp.route("/surveys/<int:survey_id>/reports/", methods=["GET", "POST"])
def survey_reports(council_slug: str, survey_id: int):
    """A survey's reports and the form to request a new one."""
    council = require_council(council_slug)
    survey = _survey(council, survey_id)
    form = _survey_form(council, survey)
    if form.validate_on_submit():
        response = _submit(council, form, "survey", survey)
        if response is not None:
            return response
    return render_template("reports/survey_reports.html", council=council, survey=survey, form=form,
                           reports=_reports(council, survey_id=survey.id)), 400 if form.errors else 200


@staff_bp.route("/surveys/<int:survey_id>/results/")
def results_page(council_slug: str, survey_id: int):
    """The survey's public results page: whether it is published, its address, and the texts it shows."""
    council = require_council(council_slug, MANAGING_ROLES)
    survey = _survey(council, survey_id)
    language = current_language()
    definition = definition_for(survey.current_version)
    groups = publishing.text_groups(survey, definition, language)
    texts_form = PublishedTextsForm()
    texts_form.listed.data = ",".join(str(choice.answer_id) for group in groups for choice in group.choices)
    public_url = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for(
        "reports_public.survey_results", council_slug=council.slug, survey_slug=survey.slug)
    picked = sum(choice.is_picked for group in groups for choice in group.choices)
    return render_template("reports/results_publishing.html", council=council, survey=survey,
                           title=text(definition.title, language), phase=survey_phase_label(survey, utcnow()),
                           public_url=public_url, groups=groups, picked=picked,
                           publication_form=ResultsPublicationForm(), texts_form=texts_form,
                           responses=publishing.submitted_count(survey),
                           min_cell=current_app.config["REPORT_MIN_CELL"])


@staff_bp.route("/surveys/<int:survey_id>/results/publication", methods=["POST"])
def results_publication(council_slug: str, survey_id: int):
    """Publish or unpublish the survey's results page."""
    council = require_council(council_slug, MANAGING_ROLES)
    survey = _survey(council, survey_id)
    form = ResultsPublicationForm()
    if not form.validate_on_submit():
        abort(400)
    publish = form.action.data == "publish"
    try:
        changed = (publishing.publish_results if publish else publishing.unpublish_results)(survey, current_user)
    except publishing.ResultsPublishingError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        if publish:
            flash(_("The results page is published: anyone with its address can see it.") if changed
                  else _("The results page was already published."), "success")
        else:
            flash(_("The results page is no longer public. The chosen texts are kept for when you publish it again.")
                  if changed else _("The results page was not public."), "success")
    return redirect(url_for(".results_page", council_slug=council.slug, survey_id=survey.id))


@staff_bp.route("/surveys/<int:survey_id>/results/texts", methods=["POST"])
def results_texts(council_slug: str, survey_id: int):
    """Save which free-text answers the results page shows."""
    council = require_council(council_slug, MANAGING_ROLES)
    survey = _survey(council, survey_id)
    form = PublishedTextsForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        outcome = publishing.pick_texts(survey, current_user, form.texts.data or [], form.listed_ids())
    except publishing.ResultsPublishingError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("The choice of texts was saved.") if outcome.changed else _("The choice of texts did not change."),
              "success")
        if outcome.unavailable:
            flash(_("Some chosen texts were left out: their respondents have changed or removed them meanwhile."),
                  "error")
    return redirect(url_for(".results_page", council_slug=council.slug, survey_id=survey.id, _anchor="texts"))


@staff_bp.route("/reports/annual/", methods=["GET", "POST"])
def annual_summary(council_slug: str):
    """The council's annual summaries and the form to request one."""
    council = require_council(council_slug)
    form = AnnualSummaryForm(formats=[(f, FORMAT_LABELS[f]) for f in kind_for("annual_summary").formats])
    if request.method == "GET":
        form.language.data = current_language()
        form.formats.data = ["pdf"]
        form.year.data = date.today().year
    if form.validate_on_submit():
        response = _submit(council, form, "annual_summary", None)
        if response is not None:
            return response
    return render_template("reports/annual.html", council=council, form=form,
                           reports=_reports(council, kind="annual_summary")), 400 if form.errors else 200


def status_payload(council, report: Report) -> dict:
    return {
        "id": report.id,
        "status": report.status.value,
        "progress": report.progress,
        "step": _(report.step) if report.step else "",
        "error": _(report.error.split("\n")[0]) if report.error else None,
        "downloads": [
            {"format": a.format, "filename": a.filename, "size": a.size,
             "url": url_for("reports_staff.download", council_slug=council.slug, report_id=report.id, fmt=a.format)}
            for a in report.artefacts
        ] if report.status.value == "done" else [],
    }


@staff_bp.route("/reports/<int:report_id>/")
def report_page(council_slug: str, report_id: int):
    """One report: its progress while it builds, then its files, or its failure and a retry button."""
    council = require_council(council_slug)
    report = _report(council, report_id)
    return render_template("reports/report.html", council=council, report=report,
                           status=status_payload(council, report), format_labels=FORMAT_LABELS)


@staff_bp.route("/reports/<int:report_id>/status.json")
def report_status(council_slug: str, report_id: int):
    """The report's progress as JSON, for the page's script."""
    council = require_council(council_slug)
    response = jsonify(status_payload(council, _report(council, report_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@staff_bp.route("/reports/<int:report_id>/retry", methods=["POST"])
def retry(council_slug: str, report_id: int):
    """Queue a failed report again."""
    council = require_council(council_slug)
    report = _report(council, report_id)
    try:
        report, needs_build = retry_report(report)
    except ReportRequestError as error:
        flash(error.message, "error")
        return redirect(url_for("reports_staff.report_page", council_slug=council.slug, report_id=report.id))
    db.session.commit()
    if needs_build:
        enqueue_build(report.id)
    flash(_("The report is being built again."), "success")
    return redirect(url_for("reports_staff.report_page", council_slug=council.slug, report_id=report.id))


@staff_bp.route("/reports/<int:report_id>/files/<fmt>")
def download(council_slug: str, report_id: int, fmt: str):
    """A stored file of the report, as an attachment."""
    council = require_council(council_slug)
    report = _report(council, report_id)
    artefact = db.session.scalar(select(ReportArtefact).where(ReportArtefact.report_id == report.id,
                                                              ReportArtefact.format == fmt))
    if artefact is None:
        abort(404)
    return _attachment(artefact)


def _attachment(artefact: ReportArtefact) -> Response:
    response = Response(artefact.data, mimetype=artefact.content_type.split(";")[0])
    response.headers["Content-Type"] = artefact.content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{artefact.filename}"'
    response.headers["Content-Length"] = str(artefact.size)
    response.headers["Cache-Control"] = "private, no-store"
    return response
