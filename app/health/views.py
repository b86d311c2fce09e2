"""/healthz: the state of the database and Redis as JSON."""

from flask import Blueprint, jsonify
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db, redis_connection

bp = Blueprint("health", __name__)


def check_parts() -> dict[str, str]:
    """'ok' or 'error' for each part the site depends on."""
    parts = {}
    try:
        db.session.execute(text("SELECT 1"))
        parts["database"] = "ok"
    except SQLAlchemyError:
        db.session.rollback()
        parts["database"] = "error"
    try:
        redis_connection().ping()
        parts["redis"] = "ok"
    except (RedisError, OSError):
        parts["redis"] = "error"
    return parts


@bp.route("/healthz")
def healthz():
    parts = check_parts()
    healthy = all(state == "ok" for state in parts.values())
    return jsonify(parts), 200 if healthy else 503
