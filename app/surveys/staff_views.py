"""Staff pages for surveys: import and versions, settings, invitations, the live view, responses, export."""

import tempfile

from flask import Response, abort, flash, redirect, render_template, request, send_file, stream_with_context, url_for
from flask_babel import gettext as _
from flask_babel import format_timedelta, ngettext
from flask_login import current_user

from app.audit.log import record
from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.local_time import local_to_utc, utc_to_local
from app.models import AccessMode, Survey
from app.models.base import utcnow
from app.associations.labels import sector_choices, sector_label
from app.reference.municipalities import municipality_choices, municipality_name
from app.staff.access import MANAGING_ROLES, StaffBlueprint, get_for_council
from app.staff.pagination import requested_page
from app.surveys import exporting, invitation_mail, invitations, live, publishing
from app.surveys.definitions import definition_for
from forms.survey_staff import (ConfirmForm, ExportForm, ImportDefinitionForm, InvitationSearchForm, MailTextsForm,
                                RecipientsForm, ReminderScheduleForm, ResponseSearchForm, SurveySettingsForm)
from surveys import text

staff_bp = StaffBlueprint("surveys_staff", __name__, url_prefix="/staff/<council_slug>/surveys")


@staff_bp.app_template_filter("survey_sector")
def _sector_label(code):
    return sector_label(code)


@staff_bp.app_template_filter("survey_municipality")
def _municipality_name(code):
    return municipality_name(code, current_language()) if code else "–"


def _context(council, survey, **extra) -> dict:
    definition = definition_for(survey.current_version) if survey.current_version else None
    return {"council": council, "survey": survey, "definition": definition,
            "title": text(definition.title, current_language()) if definition else survey.title,
            "phase": survey.phase(utcnow()), "now": utcnow(),
            "municipality_label": _municipality_name, "sector_label": sector_label, **extra}


def _import_form() -> ImportDefinitionForm:
    return ImportDefinitionForm(library=[(d.filename, d.title) for d in publishing.library_definitions(current_language())])


def _run_import(council, form: ImportDefinitionForm, survey: Survey | None):
    """Read the chosen file and import it; returns the result, or None with errors put on the form."""
    try:
        if form.library.data:
            source, filename = publishing.read_library_definition(form.library.data), form.library.data
        else:
            upload = form.definition.data
            source, filename = publishing.decode_definition_file(upload.read()), upload.filename or "upload.yaml"
        return publishing.import_definition(council, source, filename, current_user, survey=survey), None
    except DomainError as error:
        show_domain_error(form, error)
        return None, getattr(error, "problems", None)


def _flash_import(result: publishing.ImportResult) -> None:
    if result.outcome == "created":
        flash(_("The survey was imported. Check its settings and set the opening time to publish it."), "success")
    elif result.outcome == "new_version":
        flash(_("Version %(number)s was created. New responses use it; earlier responses keep their own version.",
                number=result.version.number), "success")
    elif result.outcome == "replaced":
        flash(_("Version %(number)s was updated: it has no responses yet.", number=result.version.number), "success")
    else:
        flash(_("The file is identical to version %(number)s. Nothing was changed.", number=result.version.number),
              "success")


@staff_bp.route("/", roles=MANAGING_ROLES)
def index(council):
    """The council's surveys with their state and number of responses."""
    rows = [(survey, count, survey.phase(utcnow()))
            for survey, count in publishing.council_surveys(council)]
    return render_template("surveys/staff/index.html", council=council, rows=rows)


@staff_bp.route("/new", methods=["GET", "POST"], roles=MANAGING_ROLES)
def new(council):
    """Import a definition file, or a library survey, as a new survey."""
    form, problems = _import_form(), None
    if form.validate_on_submit():
        result, problems = _run_import(council, form, None)
        if result is not None:
            db.session.commit()
            _flash_import(result)
            return redirect(url_for(".detail", council_slug=council.slug, survey_id=result.survey.id))
    status = 400 if form.errors else 200
    return render_template("surveys/staff/new.html", council=council, form=form, problems=problems), status


@staff_bp.route("/<int:survey_id>/", methods=["GET", "POST"], roles=MANAGING_ROLES)
def detail(council, survey_id: int):
    """A survey's overview and settings."""
    survey = get_for_council(Survey, survey_id, council)
    form = SurveySettingsForm(obj=survey if request.method == "GET" else None)
    if request.method == "GET":
        form.access_mode.data = survey.access_mode.value
        form.opens_at.data = utc_to_local(survey.opens_at)
        form.closes_at.data = utc_to_local(survey.closes_at)
    if form.validate_on_submit():
        settings = publishing.SurveySettings(
            slug=form.slug.data, opens_at=local_to_utc(form.opens_at.data),
            closes_at=local_to_utc(form.closes_at.data), access_mode=AccessMode(form.access_mode.data),
            is_anonymous=form.is_anonymous.data, allows_editing_after_submit=form.allows_editing_after_submit.data)
        try:
            publishing.update_settings(survey, settings, current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The settings were saved."), "success")
            return redirect(url_for(".detail", council_slug=council.slug, survey_id=survey.id))
    counts = live.response_counts(survey)
    first_page = survey.current_version and definition_for(survey.current_version).pages[0].key
    return render_template("surveys/staff/detail.html", form=form, counts=counts, first_page=first_page,
                           **_context(council, survey)), 400 if form.errors else 200


@staff_bp.route("/<int:survey_id>/versions/", methods=["GET", "POST"], roles=MANAGING_ROLES)
def versions(council, survey_id: int):
    """The survey's definition versions, and importing a changed file."""
    survey = get_for_council(Survey, survey_id, council)
    form, problems = _import_form(), None
    if form.validate_on_submit():
        result, problems = _run_import(council, form, survey)
        if result is not None:
            db.session.commit()
            _flash_import(result)
            return redirect(url_for(".versions", council_slug=council.slug, survey_id=survey.id))
    return render_template("surveys/staff/versions.html", form=form, problems=problems,
                           response_counts=publishing.version_response_counts(survey),
                           **_context(council, survey)), 400 if form.errors else 200


def _recipients_form(council) -> RecipientsForm:
    return RecipientsForm(municipalities=municipality_choices(council.municipality_codes, current_language()),
                          sectors=sector_choices())


def _render_invitations(council, survey, form, status=200, schedule=None):
    # A filter form read from the address: an unknown value simply filters nothing out.
    search = InvitationSearchForm(request.args)
    page = requested_page()
    rows, total = invitations.invitation_rows(survey, status=search.status.data or "", query=search.q.data or "",
                                              limit=page.limit, offset=page.offset)
    if schedule is None:
        schedule = ReminderScheduleForm(reminder_days=", ".join(map(str, survey.reminder_day_list)))
    return render_template("surveys/staff/invitations.html", form=form, search=search, rows=rows,
                           **page.context(total), confirm=ConfirmForm(),
                           schedule=schedule, register_size=invitations.register_size(council.id),
                           counts=invitations.invitation_counts(survey), **_context(council, survey)), status


def _previews(survey, kind: str) -> list:
    """(language, e-mail) in each mail language, the page's language first."""
    first = current_language()
    languages = sorted(invitations.MAIL_LANGUAGES, key=lambda language: language != first)
    return [(language, invitation_mail.preview_mail(survey, kind, language)) for language in languages]


def _audience_lines(form, choice) -> list[str]:
    language = current_language()
    lines = []
    if choice.audience == "all":
        lines.append(_("Every association in the register"))
    if choice.municipality_codes:
        lines.append(_("Municipalities: %(names)s", names=", ".join(
            municipality_name(code, language) for code in choice.municipality_codes)))
    if choice.sectors:
        lines.append(_("Sectors: %(names)s", names=", ".join(sector_label(code) for code in choice.sectors)))
    if choice.audience == "emails":
        lines.append(_("A list of e-mail addresses"))
    return lines


@staff_bp.route("/<int:survey_id>/invitations/", methods=["GET", "POST"], roles=MANAGING_ROLES)
def invitations_page(council, survey_id: int):
    """Choose associations to invite, check how many, then create their invitations (and send them)."""
    survey = get_for_council(Survey, survey_id, council)
    form = _recipients_form(council)
    if form.validate_on_submit():
        choice = invitations.RecipientChoice(form.mode.data, form.municipalities.data or [], form.sectors.data or [],
                                             form.emails.data or "")
        try:
            recipients = invitations.choose_recipients(council.id, choice)
            plan = invitations.plan_invitations(survey, recipients)
            if form.confirmed.data is None or form.confirmed.data != plan.created:
                # The check page: nothing is created before the staff confirm the numbers shown.
                return render_template(
                    "surveys/staff/invitations_check.html", form=form, plan=plan, send_now=bool(form.send_now.data),
                    changed=form.confirmed.data is not None, audience=_audience_lines(form, choice),
                    invalid_lines=recipients.invalid_lines[:20],
                    previews=_previews(survey, "invitation"),
                    **_context(council, survey))
            outcome = invitations.create_invitations(survey, recipients)
            sent = invitation_mail.send_invitations(survey, current_user) if form.send_now.data else 0
        except DomainError as error:
            show_domain_error(form, error)
            return _render_invitations(council, survey, form, 400)
        db.session.commit()
        messages = [ngettext("%(num)d invitation was created.", "%(num)d invitations were created.", outcome.created)]
        if outcome.skipped:
            messages.append(ngettext("%(num)d was already invited.", "%(num)d were already invited.", outcome.skipped))
        if form.send_now.data:
            messages.append(ngettext("%(num)d e-mail is on its way.", "%(num)d e-mails are on their way.", sent))
        flash(" ".join(messages), "success")
        for line, value in outcome.invalid_lines[:20]:
            flash(_("Line %(line)s: '%(value)s' is not an e-mail address; it was left out.", line=line, value=value),
                  "error")
        return redirect(url_for(".invitations_page", council_slug=council.slug, survey_id=survey.id))
    return _render_invitations(council, survey, form, 400 if form.errors else 200)


def _mail_action(council, survey_id: int, action):
    survey = get_for_council(Survey, survey_id, council)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        result = action(survey, current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        return council, survey, result
    return council, survey, None


@staff_bp.route("/<int:survey_id>/invitations/send", methods=["GET", "POST"], roles=MANAGING_ROLES)
def send_invitations(council, survey_id: int):
    """Check how many invitation e-mails go out and what they say (GET); send every unsent one (POST)."""
    if request.method == "GET":
        survey = get_for_council(Survey, survey_id, council)
        return render_template("surveys/staff/invitations_send.html", count=invitation_mail.unsent_count(survey),
                               confirm=ConfirmForm(),
                               previews=_previews(survey, "invitation"),
                               **_context(council, survey))
    council, survey, count = _mail_action(council, survey_id, invitation_mail.send_invitations)
    if count is not None:
        flash(ngettext("%(num)d invitation is on its way.", "%(num)d invitations are on their way.", count), "success")
    return redirect(url_for(".invitations_page", council_slug=council.slug, survey_id=survey.id))


@staff_bp.route("/<int:survey_id>/invitations/remind", methods=["POST"], roles=MANAGING_ROLES)
def send_reminders(council, survey_id: int):
    """Remind everyone invited who has not submitted their answers and had no reminder lately."""
    council, survey, outcome = _mail_action(council, survey_id, invitation_mail.send_reminders)
    if outcome is not None:
        flash(ngettext("%(num)d reminder is on its way.", "%(num)d reminders are on their way.", outcome.sent), "success")
        if outcome.too_soon:
            flash(ngettext("%(num)d association had a reminder less than %(interval)s ago and was left out.",
                           "%(num)d associations had a reminder less than %(interval)s ago and were left out.",
                           outcome.too_soon, interval=format_timedelta(invitation_mail.reminder_interval(), threshold=2)),
                  "error")
    return redirect(url_for(".invitations_page", council_slug=council.slug, survey_id=survey.id))


@staff_bp.route("/<int:survey_id>/invitations/schedule", methods=["POST"], roles=MANAGING_ROLES)
def reminder_schedule(council, survey_id: int):
    """Save the days before closing on which reminders go out by themselves."""
    survey = get_for_council(Survey, survey_id, council)
    schedule = ReminderScheduleForm()
    if schedule.validate_on_submit():
        try:
            invitation_mail.set_reminder_schedule(survey, schedule.days())
        except DomainError as error:
            show_domain_error(schedule, error)
        else:
            db.session.commit()
            flash(_("The reminder schedule was saved."), "success")
            return redirect(url_for(".invitations_page", council_slug=council.slug, survey_id=survey.id,
                                    _anchor="schedule"))
    return _render_invitations(council, survey, _recipients_form(council), 400, schedule=schedule)


@staff_bp.route("/<int:survey_id>/invitations/texts", methods=["GET", "POST"], roles=MANAGING_ROLES)
def mail_texts(council, survey_id: int):
    """Write the invitation and reminder messages in each language, and see the e-mails they make."""
    survey = get_for_council(Survey, survey_id, council)
    form = MailTextsForm()
    if request.method == "GET":
        for kind in invitation_mail.MAIL_KINDS:
            for language in invitations.MAIL_LANGUAGES:
                getattr(form, f"{kind}_{language}").data = invitation_mail.message_for(survey, kind, language)
    elif form.validate_on_submit():
        try:
            invitation_mail.save_mail_texts(survey, form.texts())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The messages were saved. The previews below show them as they will be sent."), "success")
            return redirect(url_for(".mail_texts", council_slug=council.slug, survey_id=survey.id, _anchor="preview"))
    previews = [(kind, language, mail) for kind in invitation_mail.MAIL_KINDS for language, mail in _previews(survey, kind)]
    return render_template("surveys/staff/mail_texts.html", form=form, previews=previews,
                           **_context(council, survey)), 400 if form.errors else 200


@staff_bp.route("/<int:survey_id>/live/", roles=MANAGING_ROLES)
def live_view(council, survey_id: int):
    """Response count and response rates by municipality and by sector, as they stand now."""
    survey = get_for_council(Survey, survey_id, council)
    return render_template("surveys/staff/live.html", counts=live.response_counts(survey),
                           by_municipality=live.response_rates(survey, "municipality"),
                           by_sector=live.response_rates(survey, "sector"), **_context(council, survey))


@staff_bp.route("/<int:survey_id>/responses/", roles=MANAGING_ROLES)
def responses(council, survey_id: int):
    """The survey's responses, searchable, with the export form."""
    survey = get_for_council(Survey, survey_id, council)
    search = ResponseSearchForm(request.args)
    page = requested_page()
    rows, total = live.list_responses(survey, query=search.q.data or "", status=search.status.data or "",
                                      limit=page.limit, offset=page.offset)
    export = ExportForm(formdata=None)
    export.language.data = current_language()
    return render_template("surveys/staff/responses.html", search=search, rows=rows, **page.context(total),
                           export=export, **_context(council, survey))


@staff_bp.route("/<int:survey_id>/responses/<int:response_id>", roles=MANAGING_ROLES)
def response_detail(council, survey_id: int, response_id: int):
    """One response in full, in the language chosen with ?language=."""
    survey = get_for_council(Survey, survey_id, council)
    response = live.find_response(survey, response_id)
    if response is None:
        abort(404)
    language = request.args.get("language")
    if language not in ("fi", "sv", "en"):
        language = current_language()
    return render_template("surveys/staff/response.html", view=live.response_view(survey, response, language),
                           answer_language=language, **_context(council, survey))


@staff_bp.route("/<int:survey_id>/export", roles=MANAGING_ROLES)
def export(council, survey_id: int):
    """Download the submitted responses as XLSX or CSV."""
    survey = get_for_council(Survey, survey_id, council)
    form = ExportForm(request.args)
    if not form.validate() or survey.current_version is None:
        abort(400)
    language, file_format = form.language.data, form.file_format.data
    # Who downloaded personal data, and when, without the data itself.
    record(f"survey.export_{file_format}", council=council, target=survey, actor=current_user)
    db.session.commit()
    if file_format == "csv":
        response = Response(stream_with_context(exporting.csv_chunks(survey.id, language)),
                            mimetype="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{exporting.export_filename(survey, "csv")}"'
        return response
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    exporting.write_xlsx(survey, language, target)
    target.seek(0)
    return send_file(target, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     as_attachment=True, download_name=exporting.export_filename(survey, "xlsx"))
