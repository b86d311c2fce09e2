"""Staff view of a council's outbox: the e-mails sent or about to be sent for the council."""

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from app.mail.outbox import council_message, council_messages
from app.mail.personal_links import mask_personal_links
from app.models import OutboxStatus
from app.staff.access import MANAGING_ROLES, require_council

staff_bp = Blueprint("outbox_staff", __name__, url_prefix="/staff/<council_slug>/outbox")

PAGE_SIZE = 50
STATUS_LABELS = {
    OutboxStatus.PENDING: _l("Waiting"),
    OutboxStatus.SENDING: _l("Sending"),
    OutboxStatus.SENT: _l("Sent"),
    OutboxStatus.FAILED: _l("Could not be sent"),
}


@staff_bp.before_request
@login_required
def _require_sign_in():
    return None


def _page_context(council) -> dict:
    config = current_app.config
    return {
        "council": council,
        "status_labels": STATUS_LABELS,
        "writes_files": config["MAIL_BACKEND"] == "file",
    }


@staff_bp.route("/")
def index(council_slug: str):
    """The council's messages, newest first, a page at a time."""
    # Recipients' addresses are personal data: the council's admins and secretaries, not reviewers.
    council = require_council(council_slug, MANAGING_ROLES)
    page = max(request.args.get("page", 1, type=int), 1)
    messages, total = council_messages(council.id, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return render_template("outbox/index.html", messages=messages, total=total, page=page, pages=pages,
                           **_page_context(council))


@staff_bp.route("/<int:message_id>")
def message(council_slug: str, message_id: int):
    """One message: its state and its plain-text body."""
    council = require_council(council_slug, MANAGING_ROLES)
    found = council_message(council.id, message_id)
    if found is None:
        abort(404)
    return render_template("outbox/message.html", message=found, body_text=mask_personal_links(found.body_text),
                           **_page_context(council))
