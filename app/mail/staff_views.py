"""Staff view of a council's outbox."""

from flask import Blueprint

staff_bp = Blueprint("outbox_staff", __name__, url_prefix="/staff/<council_slug>/outbox")


@staff_bp.route("/")
def index(council_slug: str):
    return ""
