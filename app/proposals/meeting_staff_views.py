"""Staff pages of meetings: create one, build and order its agenda, publish it, record the decisions and
publish the minutes."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.local_time import local_to_utc
from app.models import Meeting
from app.proposals import agenda
from app.staff.access import MANAGING_ROLES, StaffBlueprint, get_for_council
from forms.proposals import ConfirmForm, MeetingForm, MoveItemForm, OwnItemForm, ProposalItemForm

staff_bp = StaffBlueprint("meetings_staff", __name__, url_prefix="/staff/<council_slug>/meetings")


@staff_bp.route("/", methods=["GET", "POST"], roles=MANAGING_ROLES)
def index(council):
    """The council's meetings, and the form to add one."""
    form = MeetingForm()
    if form.validate_on_submit():
        values = agenda.MeetingValues(title=form.title.data,
                                      starts_at=local_to_utc(datetime.combine(form.day.data, form.time.data)),
                                      place=form.place.data or "", is_remote=bool(form.is_remote.data))
        try:
            meeting = agenda.create_meeting(council, values, current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The meeting was added. Build its agenda next."), "success")
            return redirect(url_for(".show", council_slug=council.slug, meeting_id=meeting.id))
    meetings = list(db.session.scalars(select(Meeting).where(Meeting.council_id == council.id)
                                       .order_by(Meeting.starts_at.desc())))
    return render_template("proposals/staff/meetings.html", council=council, form=form,
                           meetings=meetings), 400 if form.errors or form.form_errors else 200


def _proposal_form(council, **kwargs) -> ProposalItemForm:
    form = ProposalItemForm(**kwargs)
    form.proposal.choices = [SelectChoice("", _("Choose"))] + [
        SelectChoice(str(proposal.id), f"#{proposal.id} {proposal.title}") for proposal in agenda.agenda_candidates(council)]
    return form


def _page(council, meeting, status=200, **forms):
    forms.setdefault("proposal_form", _proposal_form(council, formdata=None))
    forms.setdefault("own_form", OwnItemForm(formdata=None))
    forms.setdefault("confirm", ConfirmForm(formdata=None))
    return render_template("proposals/staff/meeting.html", council=council, meeting=meeting, **forms), status


@staff_bp.route("/<int:meeting_id>/", roles=MANAGING_ROLES)
def show(council, meeting_id: int):
    """A meeting: its agenda with order buttons, items to add, decisions and the publish buttons."""
    return _page(council, get_for_council(Meeting, meeting_id, council))


def _done(council, meeting, message):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".show", council_slug=council.slug, meeting_id=meeting.id))


@staff_bp.route("/<int:meeting_id>/items/proposal", methods=["POST"], roles=MANAGING_ROLES)
def add_proposal(council, meeting_id: int):
    """Put an accepted proposal on the agenda."""
    meeting = get_for_council(Meeting, meeting_id, council)
    form = _proposal_form(council)
    if form.validate_on_submit():
        try:
            agenda.add_proposal_item(meeting, int(form.proposal.data), current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return _done(council, meeting, _("The proposal was put on the agenda and the proposer was told."))
    return _page(council, get_for_council(Meeting, meeting_id, council), 400, proposal_form=form)


@staff_bp.route("/<int:meeting_id>/items/own", methods=["POST"], roles=MANAGING_ROLES)
def add_own(council, meeting_id: int):
    """Put the council's own item on the agenda."""
    meeting = get_for_council(Meeting, meeting_id, council)
    form = OwnItemForm()
    if form.validate_on_submit():
        try:
            agenda.add_own_item(meeting, form.title.data, form.text.data or "", current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return _done(council, meeting, _("The item was added to the agenda."))
    return _page(council, get_for_council(Meeting, meeting_id, council), 400, own_form=form)


@staff_bp.route("/<int:meeting_id>/items/move", methods=["POST"], roles=MANAGING_ROLES)
def move_item(council, meeting_id: int):
    """Move an item up or down (buttons, no script needed)."""
    meeting = get_for_council(Meeting, meeting_id, council)
    form = MoveItemForm()
    confirm = ConfirmForm(formdata=None)
    if form.validate_on_submit():
        try:
            agenda.move_item(meeting, form.item.data, form.step.data)
        except DomainError as error:
            show_domain_error(confirm, error)
        else:
            return _done(council, meeting, _("The order was changed."))
    return _page(council, get_for_council(Meeting, meeting_id, council), 400, confirm=confirm)


@staff_bp.route("/<int:meeting_id>/items/<int:item_id>/remove", methods=["POST"], roles=MANAGING_ROLES)
def remove_item(council, meeting_id: int, item_id: int):
    """Take an item off the agenda."""
    meeting = get_for_council(Meeting, meeting_id, council)
    confirm = ConfirmForm()
    if confirm.validate_on_submit():
        try:
            agenda.remove_item(meeting, item_id, current_user.id)
        except DomainError as error:
            show_domain_error(confirm, error)
        else:
            return _done(council, meeting, _("The item was taken off the agenda."))
    return _page(council, get_for_council(Meeting, meeting_id, council), 400, confirm=confirm)


@staff_bp.route("/<int:meeting_id>/publish-agenda", methods=["POST"], roles=MANAGING_ROLES)
def publish_agenda(council, meeting_id: int):
    """Publish the agenda (page and PDF)."""
    meeting = get_for_council(Meeting, meeting_id, council)
    confirm = ConfirmForm()
    if confirm.validate_on_submit():
        try:
            agenda.publish_agenda(meeting, current_user.id)
        except DomainError as error:
            show_domain_error(confirm, error)
        else:
            return _done(council, meeting, _("The agenda was published."))
    return _page(council, get_for_council(Meeting, meeting_id, council), 400, confirm=confirm)


@staff_bp.route("/<int:meeting_id>/decisions", methods=["POST"], roles=MANAGING_ROLES)
def decisions(council, meeting_id: int):
    """Save the decision of each item; with "publish", publish the minutes too."""
    meeting = get_for_council(Meeting, meeting_id, council)
    confirm = ConfirmForm()
    if confirm.validate_on_submit():
        typed = {item.id: request.form.get(f"decision-{item.id}", "")[:10_000] for item in meeting.items}
        try:
            agenda.record_decisions(meeting, typed, current_user.id)
            if request.form.get("publish"):
                closed = agenda.publish_minutes(meeting, current_user.id)
        except DomainError as error:
            show_domain_error(confirm, error)
            meeting = get_for_council(Meeting, meeting_id, council)
            return _page(council, meeting, 400, confirm=confirm, typed=typed)
        if request.form.get("publish"):
            return _done(council, meeting, _("The minutes were published; %(count)s proposals were closed with "
                                             "their decisions.", count=closed))
        return _done(council, meeting, _("The decisions were saved."))
    return _page(council, get_for_council(Meeting, meeting_id, council), 400, confirm=confirm)
