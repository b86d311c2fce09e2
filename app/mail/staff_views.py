"""Staff view of a council's outbox: the e-mails sent or about to be sent for the council."""

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l

from app.mail.outbox import council_messages, message_subject, message_text
from app.mail.personal_links import mask_personal_links
from app.models import OutboxMessage, OutboxStatus
from app.staff.access import MANAGING_ROLES, StaffBlueprint, get_for_council
from app.staff.pagination import requested_page

staff_bp = StaffBlueprint("outbox_staff", __name__, url_prefix="/staff/<council_slug>/outbox")

STATUS_LABELS = {
    OutboxStatus.PENDING: _l("Waiting"),
    OutboxStatus.SENDING: _l("Sending"),
    OutboxStatus.SENT: _l("Sent"),
    OutboxStatus.FAILED: _l("Could not be sent"),
}


def _page_context(council) -> dict:
    config = current_app.config
    return {
        "council": council,
        "status_labels": STATUS_LABELS,
        "writes_files": config["MAIL_BACKEND"] == "file",
    }


# Recipients' addresses are personal data: the council's admins and secretaries, not reviewers.
@staff_bp.route("/", roles=MANAGING_ROLES)
def index(council):
    """The council's messages, newest first, a page at a time."""
    page = requested_page()
    messages, total = council_messages(council.id, limit=page.limit, offset=page.offset)
    return render_template("outbox/index.html", messages=messages, subjects={m.id: message_subject(m) for m in messages},
                           **page.context(total), **_page_context(council))


@staff_bp.route("/<int:message_id>", roles=MANAGING_ROLES)
def message(council, message_id: int):
    """One message: its state and its plain-text body, personal links masked (messages without a council belong
    to no one's staff)."""
    found = get_for_council(OutboxMessage, message_id, council)
    return render_template("outbox/message.html", message=found, subject=message_subject(found),
                           body_text=mask_personal_links(message_text(found)), **_page_context(council))
