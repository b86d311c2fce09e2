"""Staff pages for reports: request a survey report or an annual summary, follow it, download it; publish a
survey's results page and pick the free texts it shows."""

from datetime import date

from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from surveys import text

from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.models import Report, ReportArtefact, Survey
from app.models.base import utcnow
from app.public_urls import public_url
from app.associations.labels import sector_choices
from app.reference.municipalities import municipality_choices
from app.reports.building.labels import FORMAT_LABELS
from app.reports.building.questions import CROSSTAB_TYPES
from app.reports import publishing
from app.reports.kinds import kind_for
from app.reports.kinds.survey import survey_subject
from app.reports.requests import ReportRequestError, request_report, retry_report
from app.staff.access import MANAGING_ROLES, StaffBlueprint, get_for_council
from app.surveys.definitions import definition_for
from forms.reports import AnnualSummaryForm, PublishedTextsForm, ResultsPublicationForm, SurveyReportForm

# Reports hold response data, some of it raw: admins and secretaries only (docs/roles.md).
staff_bp = StaffBlueprint("reports_staff", __name__, url_prefix="/staff/<council_slug>")


def _survey(council, survey_id: int) -> Survey:
    survey = get_for_council(Survey, survey_id, council)
    if survey.current_version is None:
        abort(404)
    return survey


def _survey_form(council, survey: Survey) -> SurveyReportForm:
    language = current_language()
    definition = definition_for(survey.current_version)
    questions = [(q.key, text(q.label, language)[:90]) for q in definition.questions()
                 if q.type_name in CROSSTAB_TYPES]
    form = SurveyReportForm(
        municipalities=municipality_choices(council.municipality_codes, language),
        sectors=sector_choices(),
        questions=questions,
        formats=[(f, FORMAT_LABELS[f]) for f in kind_for("survey").formats],
    )
    if request.method == "GET":
        form.language.data = language
        form.formats.data = ["pdf", "xlsx"]
    return form


def _submit(council, form, kind: str, survey: Survey | None):
    try:
        parameters = {**form.parameters(), **({"survey_id": survey.id} if survey else {})}
        report, needs_build = request_report(council, kind, parameters, current_user)
    except ReportRequestError as error:
        show_domain_error(form, error)
        return None
    db.session.commit()
    if needs_build and needs_build.waits_for_redis:
        flash(_("The report is queued. The job service cannot be reached just now; the build starts when it is "
                "back."), "warning")
    elif needs_build:
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


@staff_bp.route("/surveys/<int:survey_id>/reports/", methods=["GET", "POST"], roles=MANAGING_ROLES)
def survey_reports(council, survey_id: int):
    """A survey's reports and the form to request a new one."""
    survey = _survey(council, survey_id)
    form = _survey_form(council, survey)
    if form.validate_on_submit():
        response = _submit(council, form, "survey", survey)
        if response is not None:
            return response
    return render_template("reports/survey_reports.html", council=council, survey=survey, form=form,
                           reports=_reports(council, subject=survey_subject(survey.id))), 400 if form.errors else 200


@staff_bp.route("/surveys/<int:survey_id>/results/", roles=MANAGING_ROLES)
def results_page(council, survey_id: int):
    """The survey's public results page: whether it is published, its address, and the texts it shows."""
    survey = _survey(council, survey_id)
    language = current_language()
    definition = definition_for(survey.current_version)
    groups = publishing.text_groups(survey, definition, language)
    texts_form = PublishedTextsForm()
    texts_form.listed.data = ",".join(str(choice.answer_id) for group in groups for choice in group.choices)
    results_url = public_url(
        "reports_public.survey_results", council_slug=council.slug, survey_slug=survey.slug)
    picked = sum(choice.is_picked for group in groups for choice in group.choices)
    return render_template("reports/results_publishing.html", council=council, survey=survey,
                           title=text(definition.title, language), phase=survey.phase(utcnow()),
                           public_url=results_url, groups=groups, picked=picked,
                           publication_form=ResultsPublicationForm(), texts_form=texts_form,
                           responses=publishing.submitted_count(survey),
                           min_cell=current_app.config["REPORT_MIN_CELL"])


@staff_bp.route("/surveys/<int:survey_id>/results/publication", methods=["POST"], roles=MANAGING_ROLES)
def results_publication(council, survey_id: int):
    """Publish or unpublish the survey's results page."""
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


@staff_bp.route("/surveys/<int:survey_id>/results/texts", methods=["POST"], roles=MANAGING_ROLES)
def results_texts(council, survey_id: int):
    """Save which free-text answers the results page shows."""
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


@staff_bp.route("/reports/annual/", methods=["GET", "POST"], roles=MANAGING_ROLES)
def annual_summary(council):
    """The council's annual summaries and the form to request one."""
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


@staff_bp.route("/reports/<int:report_id>/", roles=MANAGING_ROLES)
def report_page(council, report_id: int):
    """One report: its progress while it builds, then its files, or its failure and a retry button."""
    report = get_for_council(Report, report_id, council)
    return render_template("reports/report.html", council=council, report=report,
                           status=status_payload(council, report), format_labels=FORMAT_LABELS)


@staff_bp.route("/reports/<int:report_id>/status.json", roles=MANAGING_ROLES)
def report_status(council, report_id: int):
    """The report's progress as JSON, for the page's script."""
    response = jsonify(status_payload(council, get_for_council(Report, report_id, council)))
    response.headers["Cache-Control"] = "no-store"
    return response


@staff_bp.route("/reports/<int:report_id>/retry", methods=["POST"], roles=MANAGING_ROLES)
def retry(council, report_id: int):
    """Queue a failed report again."""
    report = get_for_council(Report, report_id, council)
    try:
        report, needs_build = retry_report(report)
    except ReportRequestError as error:
        flash(error.message, "error")
        return redirect(url_for("reports_staff.report_page", council_slug=council.slug, report_id=report.id))
    db.session.commit()
    if needs_build and needs_build.waits_for_redis:
        flash(_("The report is queued. The job service cannot be reached just now; the build starts when it is "
                "back."), "warning")
    else:
        flash(_("The report is being built again."), "success")
    return redirect(url_for("reports_staff.report_page", council_slug=council.slug, report_id=report.id))


@staff_bp.route("/reports/<int:report_id>/files/<fmt>", roles=MANAGING_ROLES)
def download(council, report_id: int, fmt: str):
    """A stored file of the report, as an attachment."""
    report = get_for_council(Report, report_id, council)
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
