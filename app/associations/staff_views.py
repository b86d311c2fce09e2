"""Staff pages of the association register."""

from flask import Blueprint

staff_bp = Blueprint("associations_staff", __name__, url_prefix="/staff/<council_slug>/associations")


@staff_bp.route("/")
def index(council_slug: str):
    return ""
