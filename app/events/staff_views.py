"""Staff pages of events: list, create, edit and copy, publish, take down or cancel, participants and their
files, messages, capacity, check-in at the door and walk-ins."""

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user
from sqlalchemy import select

from app.audit.log import record
from app.errors import DomainError
from app.events import participants as people
from app.events import planning
from app.events import registration as reg
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.local_time import local_to_utc, utc_to_local
from app.models import AttendanceMode, Event, Registration, RegistrationStatus, Survey
from app.reports.requests import request_report
from app.staff.access import MANAGING_ROLES, StaffBlueprint, get_for_council
from forms.events import (MODE_LABELS, CapacityForm, ConfirmForm, CopyForm, EventForm, EventsReportForm, MessageForm,
                          WalkInForm)

staff_bp = StaffBlueprint("events_staff", __name__, url_prefix="/staff/<council_slug>/events")

STATUS_LABELS = {"confirmed": "Registered", "waiting": "Waiting list", "cancelled": "Cancelled"}


@staff_bp.context_processor
def _labels():
    def event_state(event: Event) -> str:
        return {"draft": _("Draft"), "published": _("Published"), "cancelled": _("Event cancelled")}[event.status.value]

    return {"event_state": event_state}


def _status_choices():
    return [("confirmed", _("Registered")), ("waiting", _("Waiting list")), ("cancelled", _("Cancelled"))]


def _surveys(council) -> list[tuple[int, str]]:
    return list(db.session.execute(select(Survey.id, Survey.title).where(Survey.council_id == council.id)
                                   .order_by(Survey.title)))


def _event_form(council, event=None) -> EventForm:
    form = EventForm(surveys=_surveys(council), obj=event if request.method == "GET" else None)
    if event is not None and request.method == "GET":
        for name in ("starts_at", "ends_at", "opens_at", "closes_at"):
            getattr(form, name).data = utc_to_local(getattr(event, name))
        form.feedback_survey_id.data = str(event.feedback_survey_id or "")
    return form


@staff_bp.route("/", roles=MANAGING_ROLES)
def index(council):
    """The council's events, newest first."""
    events = list(db.session.scalars(select(Event).where(Event.council_id == council.id)
                                     .order_by(Event.starts_at.desc())))
    return render_template("events/staff/index.html", council=council, events=events,
                           report_form=EventsReportForm(years=_event_years(events)))


def _event_years(events: list[Event]) -> list[int]:
    """The years (Helsinki time) the events start in, newest first."""
    return sorted({utc_to_local(event.starts_at).year for event in events}, reverse=True)


@staff_bp.route("/report", methods=["POST"], roles=MANAGING_ROLES)
def request_events_report(council):
    """Request the events report of a year (PDF, XLSX and CSV, in the page's language) and follow its build."""
    events = db.session.scalars(select(Event).where(Event.council_id == council.id))
    form = EventsReportForm(years=_event_years(list(events)))
    if not form.validate_on_submit():
        flash(_("Choose the year."), "error")
        return redirect(url_for(".index", council_slug=council.slug))
    try:
        report, job = request_report(council, "events", {"year": int(form.year.data), "language": current_language(),
                                                         "formats": ["pdf", "xlsx", "csv"]}, current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for(".index", council_slug=council.slug))
    db.session.commit()
    if job is not None and job.waits_for_redis:
        flash(_("The report is queued. The job service cannot be reached just now; the build starts when it is "
                "back."), "warning")
    return redirect(url_for("reports_staff.report_page", council_slug=council.slug, report_id=report.id))


@staff_bp.route("/new", methods=["GET", "POST"], roles=MANAGING_ROLES)
def new(council):
    """Create an event (a draft until published)."""
    form = _event_form(council)
    if form.validate_on_submit():
        try:
            event = planning.create_event(council, form.values(local_to_utc), current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The event was created as a draft."), "success")
            return redirect(url_for(".show", council_slug=council.slug, event_id=event.id))
    return render_template("events/staff/form.html", council=council, form=form,
                           event=None), 400 if form.errors or form.form_errors else 200


@staff_bp.route("/<int:event_id>/edit", methods=["GET", "POST"], roles=MANAGING_ROLES)
def edit(council, event_id: int):
    """Change an event's details."""
    event = get_for_council(Event, event_id, council)
    form = _event_form(council, event)
    if request.method == "POST":
        # Capacities change on their own page, where a raise promotes from the waiting list.
        form.capacity_onsite.data, form.capacity_remote.data = event.capacity_onsite, event.capacity_remote
    if form.validate_on_submit():
        try:
            values = form.values(local_to_utc)
            values["capacity_onsite"], values["capacity_remote"] = event.capacity_onsite, event.capacity_remote
            planning.update_event(event, values, current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The event was saved."), "success")
            return redirect(url_for(".show", council_slug=council.slug, event_id=event.id))
    return render_template("events/staff/form.html", council=council, form=form,
                           event=event), 400 if form.errors or form.form_errors else 200


@staff_bp.route("/<int:event_id>/", roles=MANAGING_ROLES)
def show(council, event_id: int):
    """An event: its state, counts, and the actions on it."""
    event = get_for_council(Event, event_id, council)
    return _show(council, event)


def _show(council, event: Event, refusal: str | None = None):
    return render_template("events/staff/show.html", council=council, event=event, counts=people.counts(event),
                           confirm=ConfirmForm(), capacity=CapacityForm(obj=event),
                           refusal=refusal), 200 if refusal is None else 409


def _action(council, event_id: int, action, message: str):
    event = get_for_council(Event, event_id, council)
    if ConfirmForm().validate_on_submit():
        try:
            result = action(event)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(message if result is None else message(result), "success")
    return redirect(url_for(".show", council_slug=council.slug, event_id=event_id))


@staff_bp.route("/<int:event_id>/publish", methods=["POST"], roles=MANAGING_ROLES)
def publish(council, event_id: int):
    """Publish a draft event."""
    return _action(council, event_id, lambda event: planning.publish_event(event, current_user),
                   _("The event was published."))


@staff_bp.route("/<int:event_id>/unpublish", methods=["POST"], roles=MANAGING_ROLES)
def unpublish(council, event_id: int):
    """Take a published event down (back to a draft); refused beside the button while people are registered."""
    event = get_for_council(Event, event_id, council)
    if ConfirmForm().validate_on_submit():
        try:
            planning.unpublish_event(event, current_user)
        except planning.EventHasRegistrations as error:
            db.session.rollback()
            return _show(council, event, refusal=str(error.message))
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The event was taken down."), "success")
    return redirect(url_for(".show", council_slug=council.slug, event_id=event_id))


@staff_bp.route("/<int:event_id>/cancel", methods=["GET", "POST"], roles=MANAGING_ROLES)
def cancel(council, event_id: int):
    """Cancel the event and e-mail everyone registered, after a page that says how many will be e-mailed."""
    event = get_for_council(Event, event_id, council)
    form = ConfirmForm()
    if form.validate_on_submit():
        return _action(council, event_id, lambda event: planning.cancel_event(event, current_user),
                       lambda count: ngettext("The event was cancelled and %(num)d person was e-mailed.",
                                              "The event was cancelled and %(num)d people were e-mailed.", count))
    registrations = planning.cancellation_recipients(event)
    waiting = sum(1 for registration in registrations if registration.status is RegistrationStatus.WAITING)
    return render_template("events/staff/cancel.html", council=council, event=event, form=form,
                           registered=len(registrations) - waiting, waiting=waiting)


@staff_bp.route("/<int:event_id>/copy", methods=["GET", "POST"], roles=MANAGING_ROLES)
def copy(council, event_id: int):
    """Copy the event as a new draft: ask when the copy starts, then move its other times along."""
    event = get_for_council(Event, event_id, council)
    form = CopyForm()
    if form.validate_on_submit():
        try:
            copied = planning.copy_event(event, local_to_utc(form.starts_at.data), current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("A copy was made as a draft. Check its details before publishing it."), "success")
            return redirect(url_for(".edit", council_slug=council.slug, event_id=copied.id))
    return render_template("events/staff/copy.html", council=council, event=event,
                           form=form), 400 if form.errors or form.form_errors else 200


@staff_bp.route("/<int:event_id>/capacity", methods=["POST"], roles=MANAGING_ROLES)
def capacity(council, event_id: int):
    """Raise or lower the capacities; a raise promotes from the waiting list in order."""
    event = get_for_council(Event, event_id, council)
    form = CapacityForm()
    if form.validate_on_submit():
        promoted = reg.change_capacity(event.id, form.capacity_onsite.data, form.capacity_remote.data)
        record("event.capacity", council=council, target=event, actor=current_user, promoted=len(promoted))
        db.session.commit()
        flash(_("The capacity was changed; %(count)d people got a place from the waiting list.",
                count=len(promoted)), "success")
    else:
        flash(_("Enter the capacities as whole numbers, or leave one empty for no limit."), "error")
    return redirect(url_for(".show", council_slug=council.slug, event_id=event_id))


@staff_bp.route("/<int:event_id>/promote", methods=["POST"], roles=MANAGING_ROLES)
def promote(council, event_id: int):
    """Give free places to the waiting list in order, also after registration has closed."""
    event = get_for_council(Event, event_id, council)
    if ConfirmForm().validate_on_submit():
        locked = reg.lock_event(event.id)
        promoted = [p for mode in AttendanceMode for p in reg.promote_from_waiting_list(locked, mode)]
        record("event.promote", council=council, target=event, actor=current_user, promoted=len(promoted))
        db.session.commit()
        flash(_("%(count)d people got a place from the waiting list.", count=len(promoted)), "success")
    return redirect(url_for(".show", council_slug=council.slug, event_id=event_id))


def _filter() -> people.ParticipantFilter:
    mode, status = request.args.get("mode", ""), request.args.get("status", "")
    return people.ParticipantFilter(
        mode=AttendanceMode(mode) if mode in MODE_LABELS else None,
        status=RegistrationStatus(status) if status in STATUS_LABELS else None,
        query=request.args.get("q", "").strip()[:100])


@staff_bp.route("/<int:event_id>/participants", roles=MANAGING_ROLES)
def participants(council, event_id: int):
    """The participants, filtered by mode and status, with counts."""
    event = get_for_council(Event, event_id, council)
    chosen = _filter()
    return render_template("events/staff/participants.html", council=council, event=event, chosen=chosen,
                           registrations=people.participants(event, chosen), counts=people.counts(event),
                           statuses=_status_choices())


@staff_bp.route("/<int:event_id>/participants.<any(csv, xlsx):file_format>", roles=MANAGING_ROLES)
def export(council, event_id: int, file_format: str):
    """The filtered participants as CSV (semicolons, BOM) or XLSX."""
    event = get_for_council(Event, event_id, council)
    language = current_language()
    registrations = people.participants(event, _filter())
    table = people.participant_table(event, registrations, language)
    record(f"event.export_{file_format}", council=council, target=event, actor=current_user,
           rows=len(registrations))
    db.session.commit()
    data = (people.participants_csv(table, language) if file_format == "csv"
            else people.participants_xlsx(table, event.slug))
    return Response(data, mimetype=people.FILE_TYPES[file_format], headers={
        "Content-Disposition": f'attachment; filename="{event.slug}-participants.{file_format}"'})


@staff_bp.route("/<int:event_id>/sign-in-sheet.pdf", roles=MANAGING_ROLES)
def sign_in_sheet(council, event_id: int):
    """The printable sign-in sheet: on-site participants alphabetically with a signature column."""
    event = get_for_council(Event, event_id, council)
    data = people.sign_in_sheet(event, current_language())
    record("event.sign_in_sheet", council=council, target=event, actor=current_user)
    db.session.commit()
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{event.slug}-sign-in.pdf"'})


def _message_form() -> MessageForm:
    form = MessageForm()
    form.modes.choices = [(value, label) for value, label in MODE_LABELS.items()]
    form.statuses.choices = _status_choices()[:2]
    if request.method == "GET":
        form.modes.data, form.statuses.data = list(MODE_LABELS), ["confirmed"]
    return form


@staff_bp.route("/<int:event_id>/message", methods=["GET", "POST"], roles=MANAGING_ROLES)
def message(council, event_id: int):
    """E-mail some or all participants: the count is shown and confirmed before sending."""
    event = get_for_council(Event, event_id, council)
    form = _message_form()
    recipients = None
    if form.validate_on_submit():
        modes = [AttendanceMode(value) for value in form.modes.data]
        statuses = [RegistrationStatus(value) for value in form.statuses.data]
        if form.confirmed.data == "yes":
            count = planning.message_participants(event, modes, statuses, form.subject.data, form.body.data,
                                                  current_user)
            db.session.commit()
            flash(_("The message was sent to %(count)d people.", count=count), "success")
            return redirect(url_for(".show", council_slug=council.slug, event_id=event.id))
        recipients = len(planning.message_recipients(event, modes, statuses))
    return render_template("events/staff/message.html", council=council, event=event, form=form,
                           recipients=recipients), 400 if form.errors else 200


@staff_bp.route("/<int:event_id>/check-in", roles=MANAGING_ROLES)
def check_in(council, event_id: int):
    """The door's page for a phone: search, one button per person, walk-ins."""
    event = get_for_council(Event, event_id, council)
    query = request.args.get("q", "")
    return render_template("events/staff/check_in.html", council=council, event=event, query=query,
                           registrations=people.check_in_list(event, query), counts=people.counts(event),
                           confirm=ConfirmForm(), walk_in=WalkInForm())


@staff_bp.route("/<int:event_id>/check-in/<int:registration_id>", methods=["POST"], roles=MANAGING_ROLES)
def mark(council, event_id: int, registration_id: int):
    """Mark one person arrived (or undo it); answers JSON to the page's script, else redirects back."""
    event = get_for_council(Event, event_id, council)
    registration = db.session.scalar(select(Registration).where(Registration.id == registration_id,
                                                                Registration.event_id == event.id))
    if registration is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        reg.mark_attended(registration, request.form.get("arrived", "1") == "1")
        db.session.commit()
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"id": registration.id, "arrived": registration.is_attended,
                        "attended": people.counts(event).get(("all", "attended"), 0)})
    return redirect(url_for(".check_in", council_slug=council.slug, event_id=event.id, q=request.form.get("q", "")))


@staff_bp.route("/<int:event_id>/walk-in", methods=["POST"], roles=MANAGING_ROLES)
def walk_in(council, event_id: int):
    """Add someone who came without registering, checked in at once."""
    event = get_for_council(Event, event_id, council)
    form = WalkInForm()
    if form.validate_on_submit():
        added = reg.add_walk_in(event.id, form.name.data, form.email.data or "", form.organisation.data or "")
        record("event.walk_in", council=council, target=event, actor=current_user)
        db.session.commit()
        flash(_("%(name)s was added and checked in.", name=added.name), "success")
    else:
        flash(_("Enter the name of the person who came."), "error")
    return redirect(url_for(".check_in", council_slug=council.slug, event_id=event.id))
