"""Staff pages of proposals: the list with search, filters and CSV export; a proposal's page with its files,
history and internal notes; status moves and notes."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.concurrency import commit_with_retry
from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.models import Proposal, ProposalAttachment, ProposalStatus
from app.proposals import listing, triage
from app.proposals.downloads import attachment_download
from app.proposals.exporting import export_proposals
from app.proposals.triage import STATUS_LABELS
from app.reports.requests import request_report
from app.staff.access import MANAGING_ROLES, StaffBlueprint, get_for_council
from app.staff.pagination import requested_page
from forms.proposals import ConfirmForm, MoveForm, NoteForm, ProposalSearchForm

staff_bp = StaffBlueprint("proposals_staff", __name__, url_prefix="/staff/<council_slug>/proposals")


def _search(council) -> tuple[ProposalSearchForm, listing.ProposalSearch]:
    statuses = [(status.value, label) for status, label in STATUS_LABELS.items()]
    form = ProposalSearchForm(request.args, statuses=statuses, years=listing.proposal_years(council, public=False))
    form.validate()
    status = ProposalStatus(form.status.data) if form.status.data and not form.status.errors else None
    year = int(form.year.data) if form.year.data and not form.year.errors else None
    return form, listing.ProposalSearch(words=form.q.data or "", status=status, year=year)


@staff_bp.route("/", roles=MANAGING_ROLES)
def index(council):
    """Every proposal of the council: search, filters, pages, CSV export."""
    form, search = _search(council)
    page = requested_page()
    proposals, total = listing.search_proposals(council, search, public=False, limit=page.limit, offset=page.offset)
    filters = {name: value for name, value in (("q", search.words), ("status", search.status.value if search.status
                                                                         else ""), ("year", search.year or "")) if value}
    return render_template("proposals/staff/index.html", council=council, form=form, proposals=proposals,
                           filters=filters, confirm=ConfirmForm(), **page.context(total))


@staff_bp.route("/export.csv", roles=MANAGING_ROLES)
def export(council):
    """The proposals the search finds (all pages) as CSV."""
    _form, search = _search(council)
    proposals, _total = listing.search_proposals(council, search, public=False)
    data = export_proposals(council, proposals, current_language(), current_user.id)
    db.session.commit()
    return Response(data, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{council.slug}-proposals.csv"'})


@staff_bp.route("/report", methods=["POST"], roles=MANAGING_ROLES)
def request_proposals_report(council):
    """Request the proposals report (PDF and XLSX, every year, in the page's language)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        report, _job = request_report(council, "proposals", {"language": current_language(), "formats": ["pdf", "xlsx"]},
                                      current_user)
    except DomainError as error:
        flash(str(error.message), "error")
        return redirect(url_for(".index", council_slug=council.slug))
    db.session.commit()
    return redirect(url_for("reports_staff.report_page", council_slug=council.slug, report_id=report.id))


def _move_form(proposal: Proposal, **kwargs) -> MoveForm:
    form = MoveForm(**kwargs)
    form.status.choices = [SelectChoice("", _("Choose"))] + [
        SelectChoice(status.value, str(label)) for status, label in STATUS_LABELS.items()
        if proposal.can_move(status) and status is not ProposalStatus.ON_AGENDA]
    form.merged_into.choices = [SelectChoice("", _("None"))] + [
        SelectChoice(str(other.id), f"#{other.id} {other.title}")
        for other in triage.open_proposals(proposal.council, exclude_id=proposal.id)]
    return form


def _page(council, proposal, move_form=None, note_form=None, status=200):
    return render_template("proposals/staff/proposal.html", council=council, proposal=proposal,
                           move_form=move_form or _move_form(proposal, formdata=None),
                           note_form=note_form or NoteForm(formdata=None)), status


@staff_bp.route("/<int:proposal_id>/", roles=MANAGING_ROLES)
def show(council, proposal_id: int):
    """A proposal with the proposer's details, files, history, internal notes and the status change form."""
    return _page(council, get_for_council(Proposal, proposal_id, council))


@staff_bp.route("/<int:proposal_id>/status", methods=["POST"], roles=MANAGING_ROLES)
def move(council, proposal_id: int):
    """Change the status; the proposer is e-mailed."""
    proposal = get_for_council(Proposal, proposal_id, council)
    form = _move_form(proposal)
    if form.validate_on_submit():
        def work():
            current = get_for_council(Proposal, proposal_id, council)
            triage.move_proposal(current, ProposalStatus(form.status.data), actor=current_user.id,
                                 note=form.note.data or "", decision=form.decision.data or "",
                                 reason=form.reason.data or "",
                                 merged_into_id=int(form.merged_into.data) if form.merged_into.data else None)
        try:
            commit_with_retry(work)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The status was changed and the proposer was told."), "success")
            return redirect(url_for(".show", council_slug=council.slug, proposal_id=proposal_id))
    return _page(council, get_for_council(Proposal, proposal_id, council), move_form=form, status=400)


@staff_bp.route("/<int:proposal_id>/notes", methods=["POST"], roles=MANAGING_ROLES)
def add_note(council, proposal_id: int):
    """Add an internal note."""
    proposal = get_for_council(Proposal, proposal_id, council)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            triage.add_note(proposal, form.text.data, current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The note was saved."), "success")
            return redirect(url_for(".show", council_slug=council.slug, proposal_id=proposal.id))
    return _page(council, proposal, note_form=form, status=400)


@staff_bp.route("/<int:proposal_id>/files/<int:attachment_id>", roles=MANAGING_ROLES)
def attachment(council, proposal_id: int, attachment_id: int):
    """A file of the proposal, always as a download."""
    proposal = get_for_council(Proposal, proposal_id, council)
    found = db.session.get(ProposalAttachment, attachment_id)
    if found is None or found.proposal_id != proposal.id:
        abort(404)
    return attachment_download(found)
