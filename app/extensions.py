"""Unbound Flask extensions and the Redis connection and RQ queues."""

import flask_login
from flask import current_app, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from rq import Queue
from sqlalchemy import MetaData

# Stable constraint names so that Alembic migrations work the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
babel = Babel()
csrf = CSRFProtect()


class LoginManager(flask_login.LoginManager):
    """Flask-Login's manager, with session protection only for sessions that hold a signed-in user."""

    def _session_protection_failed(self) -> bool:
        # "strong" protection treats any non-empty session without its _id as stolen and empties it;
        # an anonymous session (a CSRF token, a chosen language) would be rewritten, and its cookie
        # sent again with a cleared remember cookie, on every request.
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()


login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

QUEUE_NAMES = ("default", "mail", "reports")


def redis_connection() -> Redis:
    """The app's Redis connection, created once per app and kept in app.extensions."""
    state = current_app.extensions.setdefault("yhteisaani_redis", {})
    if "connection" not in state:
        config = current_app.config
        # No retries: redis-py's default (three, with back-off up to 10 s) kept a request waiting
        # 5-20 s for an unreachable Redis. RQ workers reconnect on their own.
        state["connection"] = Redis.from_url(
            config["REDIS_URL"], socket_connect_timeout=config["REDIS_CONNECT_TIMEOUT"],
            socket_timeout=config["REDIS_SOCKET_TIMEOUT"], retry=Retry(NoBackoff(), 0),
        )
    return state["connection"]


def queue(name: str = "default") -> Queue:
    """An RQ queue on the app's Redis connection."""
    return Queue(name, connection=redis_connection())
