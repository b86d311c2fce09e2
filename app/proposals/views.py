"""Public pages of agenda proposals: proposing (form, check your answers, confirmation), the tracking
link, the list of publishable proposals with its Atom feed, their files, and the meetings' agendas and minutes."""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, redirect, render_template, request, send_file, session, url_for

from app.auth.passwords import new_token
from app.councils.directory import council_by_slug
from app.database import read_without_transaction
from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.kept_pages import kept_page, keeps_page
from app.models import Meeting, Proposal, ProposalAttachment, ProposalStatus
from app.proposals import agenda, listing, submission
from app.proposals.attachments import MAX_FILE_BYTES, MAX_FILES, check_files
from app.proposals.downloads import attachment_download
from app.proposals.feed import proposals_feed
from app.proposals.meeting_documents import meeting_pdf
from app.proposals.triage import STATUS_LABELS
from app.public_forms import submission_refusal
from app.request_limits import accepts_uploads
from app.staff.pagination import requested_page
from forms.proposals import ProposalForm, ProposalSearchForm

bp = Blueprint("proposals", __name__)

PUBLIC_PAGE_SIZE = 20
#: session key: the council's slug -> the key of the files waiting for the proposal being written
UPLOADS = "proposal_uploads"
#: session key: the proposal just sent and its tracking token, for the confirmation page
SENT = "proposal_sent"
# Every file at its largest, plus room for the typed fields.
UPLOAD_REQUEST_LIMIT = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024


def _council(council_slug: str):
    council = council_by_slug(council_slug)
    if council is None:
        abort(404)
    return council


@bp.app_context_processor
def _proposal_labels():
    return {"proposal_status_label": lambda status: str(STATUS_LABELS[ProposalStatus(status)])}


def _upload_key(council, create: bool = False) -> str | None:
    keys = session.get(UPLOADS, {})
    if council.slug not in keys and create:
        keys = {**keys, council.slug: new_token()}
        session[UPLOADS] = keys
    return keys.get(council.slug)


def _form(council, **kwargs) -> ProposalForm:
    form = ProposalForm(associations=submission.association_choices(council), **kwargs)
    if request.method == "GET":
        form.language.data = current_language()
    return form


def _values(form: ProposalForm) -> submission.ProposalValues:
    return submission.ProposalValues(
        title=form.title.data, description=form.description.data, proposer_name=form.proposer_name.data,
        proposer_organisation=form.proposer_organisation.data or "",
        association_id=int(form.association_id.data) if form.association_id.data else None,
        proposer_email=form.proposer_email.data, language=form.language.data,
        is_publishable=bool(form.is_publishable.data))


def _render_form(council, form: ProposalForm, status: int = 200):
    form.stamp()
    return render_template("proposals/new.html", council=council, form=form,
                           files=submission.pending_files(council, _upload_key(council))), status


@bp.route("/<council_slug>/proposals/new", methods=["GET", "POST"])
@accepts_uploads(UPLOAD_REQUEST_LIMIT)
@keeps_page
def new(council_slug: str):
    """The proposal form; sent, it stores the files and shows the answers to check."""
    council = _council(council_slug)
    form = _form(council)
    if request.method == "POST" and (request.form.get("change") or request.form.get("remove_file")):
        if request.form.get("remove_file", "").isdigit():
            submission.remove_pending_file(council, _upload_key(council), int(request.form["remove_file"]))
            db.session.commit()
        form.form_errors.clear()
        return _render_form(council, form)
    if request.method == "GET":
        return _render_form(council, form)
    valid = form.validate_on_submit()
    if form.csrf_token.errors:
        return _render_form(council, form, 400)
    refusal = submission_refusal(form, "proposal-check")
    if refusal is not None:
        refusal.show_on(form)
        return _render_form(council, form, refusal.status)
    # The files are checked and kept even when a typed field needs fixing: nothing is chosen twice.
    try:
        checked = check_files(form.attachments.data or [])
        submission.store_pending_files(council, _upload_key(council, create=True), checked)
    except DomainError as error:
        show_domain_error(form, error)
        return _render_form(council, form, 400)
    db.session.commit()
    if not valid:
        return _render_form(council, form, 400)
    association = next((choice.label for choice in form.association_id.choices
                        if choice.value and choice.value == form.association_id.data), "")
    return render_template("proposals/check.html", council=council, form=form, association=association,
                           files=submission.pending_files(council, _upload_key(council)))


@bp.route("/<council_slug>/proposals/new/send", methods=["POST"])
def send(council_slug: str):
    """Store the checked proposal and send its confirmation with the tracking link."""
    council = _council(council_slug)
    form = _form(council)
    if not form.validate_on_submit():
        return _render_form(council, form, 400)
    refusal = submission_refusal(form, "proposal-send")
    if refusal is not None:
        refusal.show_on(form)
        return _render_form(council, form, refusal.status)
    proposal, token = submission.submit_proposal(council, _values(form), _upload_key(council))
    db.session.commit()
    session.pop(UPLOADS, None)
    session[SENT] = {"id": proposal.id, "token": token, "council": council.slug}
    return redirect(url_for(".sent", council_slug=council.slug))


@bp.route("/<council_slug>/proposals/sent")
def sent(council_slug: str):
    """The confirmation panel after sending, with the tracking link."""
    council = _council(council_slug)
    sent_proposal = session.get(SENT) or {}
    if sent_proposal.get("council") != council.slug:
        return redirect(url_for(".new", council_slug=council.slug))
    proposal = db.session.get(Proposal, sent_proposal["id"])
    if proposal is None:
        abort(404)
    return render_template("proposals/sent.html", council=council, proposal=proposal,
                           tracking_url=url_for(".track", council_slug=council.slug, token=sent_proposal["token"]))


@bp.route("/<council_slug>/proposals/track/<token>")
def track(council_slug: str, token: str):
    """The proposer's private page: the proposal's status and history."""
    council = _council(council_slug)
    proposal = submission.proposal_for_token(council, token)
    if proposal is None:
        return render_template("proposals/track_invalid.html", council=council), 404
    # Private, with no Referer: app/security.py (PRIVATE_ENDPOINTS, TOKEN_ENDPOINTS).
    return render_template("proposals/track.html", council=council, proposal=proposal)


def _search(council) -> tuple[ProposalSearchForm, listing.ProposalSearch]:
    statuses = [(status.value, label) for status, label in STATUS_LABELS.items()]
    form = ProposalSearchForm(request.args, statuses=statuses, years=listing.proposal_years(council, public=True))
    form.validate()
    status = ProposalStatus(form.status.data) if form.status.data and not form.status.errors else None
    year = int(form.year.data) if form.year.data and not form.year.errors else None
    return form, listing.ProposalSearch(words=form.q.data or "", status=status, year=year)


@bp.route("/<council_slug>/proposals/")
def index(council_slug: str):
    """The council's publishable proposals with their status: search, filters, pages."""

    def render() -> str:
        # In the render, not before the kept copy: it takes a connection (and on PostgreSQL the pool's
        # ping, a round trip) that a kept copy does not need.
        read_without_transaction(db)
        council = _council(council_slug)
        form, search = _search(council)
        page = requested_page(PUBLIC_PAGE_SIZE)
        proposals, total = listing.search_proposals(council, search, public=True, limit=page.limit,
                                                    offset=page.offset)
        filters = {name: value for name, value in (
            ("q", search.words), ("status", search.status.value if search.status else ""),
            ("year", search.year or "")) if value}
        return render_template("proposals/index.html", council=council, form=form, proposals=proposals,
                               filters=filters, **page.context(total))

    return kept_page(render)


@bp.route("/<council_slug>/proposals/<int:proposal_id>")
@keeps_page
def show(council_slug: str, proposal_id: int):
    """One publishable proposal with its history and files."""
    council = _council(council_slug)
    proposal = listing.public_proposal(council, proposal_id)
    if proposal is None:
        abort(404)
    return render_template("proposals/show.html", council=council, proposal=proposal)


@bp.route("/<council_slug>/proposals/<int:proposal_id>/files/<int:attachment_id>")
def attachment(council_slug: str, proposal_id: int, attachment_id: int):
    """A file of a publishable proposal, always as a download."""
    council = _council(council_slug)
    proposal = listing.public_proposal(council, proposal_id)
    found = db.session.get(ProposalAttachment, attachment_id) if proposal is not None else None
    if found is None or found.proposal_id != proposal.id:
        abort(404)
    return attachment_download(found)


@bp.route("/<council_slug>/proposals/feed.atom")
def feed(council_slug: str):
    """The Atom feed of new proposals and decisions."""
    language = current_language()

    def render() -> bytes:
        read_without_transaction(db)
        return proposals_feed(_council(council_slug), language)

    return Response(kept_page(render), mimetype="application/atom+xml")


@bp.route("/<council_slug>/meetings/")
@keeps_page
def meetings(council_slug: str):
    """The council's meetings with a published agenda."""
    council = _council(council_slug)
    return render_template("proposals/meetings.html", council=council, meetings=agenda.public_meetings(council))


def _public_meeting(council, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.council_id != council.id or not meeting.is_public:
        abort(404)
    return meeting


@bp.route("/<council_slug>/meetings/<int:meeting_id>")
@keeps_page
def meeting(council_slug: str, meeting_id: int):
    """A meeting's agenda, and its minutes once published; each item links to its proposal."""
    council = _council(council_slug)
    return render_template("proposals/meeting.html", council=council, meeting=_public_meeting(council, meeting_id))


@bp.route("/<council_slug>/meetings/<int:meeting_id>.pdf")
def meeting_file(council_slug: str, meeting_id: int):
    """The agenda (or the minutes, once published) as a tagged PDF."""
    council = _council(council_slug)
    found = _public_meeting(council, meeting_id)
    kind = "minutes" if found.minutes_published_at else "agenda"
    return send_file(io.BytesIO(meeting_pdf(found, current_language())), mimetype="application/pdf",
                     as_attachment=True, download_name=f"{council.slug}-{kind}-{found.id}.pdf", max_age=0)
