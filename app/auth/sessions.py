"""Staff sessions: loading the signed-in user, starting and ending a session, and idle expiry.

A session cookie names the user and the user's session version; signing out or changing the
password raises the version, so that every cookie issued before no longer signs anyone in, even a
copy kept by someone else. A signed-in session also carries the time of its last use, and one left
unused for SESSION_IDLE_MINUTES is signed out on its next request.
"""

import time

from flask import Flask, current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, login_user, logout_user

from app.extensions import db
from app.models import User

#: session key holding the time (Unix seconds) of the signed-in session's last request
LAST_SEEN = "_seen"
#: the session's last-use time is written again only after this many seconds, so that a staff
#: member clicking about does not get a new cookie with every page
LAST_SEEN_RESOLUTION = 60
#: session keys that outlive a sign-in: the chosen language
KEPT_AT_SIGN_IN = ("lang",)


def configure_login(login_manager: LoginManager) -> None:
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load_user(session_id: str):
        user_id, _, version = session_id.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or user.session_version != int(version):
            return None
        return user


def init_sessions(app: Flask) -> None:
    """Sign out a session left unused for SESSION_IDLE_MINUTES, before any view runs."""

    @app.before_request
    def _expire_idle_session() -> None:
        if "_user_id" not in session:
            return
        now = time.time()
        seen = session.get(LAST_SEEN)
        idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
        if not isinstance(seen, (int, float)) or now - seen > idle:
            logout_user()
            session.pop(LAST_SEEN, None)
        elif now - seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN] = int(now)


def start_session(user: User) -> None:
    """Sign the user in on a new session: nothing of the anonymous one (its CSRF secret, a session
    id an attacker may have planted) carries over, except the chosen language."""
    kept = {key: session[key] for key in KEPT_AT_SIGN_IN if key in session}
    session.clear()
    session.update(kept)
    login_user(user)
    session[LAST_SEEN] = int(time.time())


def end_every_session(user: User) -> None:
    """Invalidate every session of the user, wherever its cookie is (the caller commits)."""
    user.session_version += 1


def end_session() -> None:
    """Forget the signed-in user in this browser's session, and everything else it held."""
    logout_user()
    kept = {key: session[key] for key in KEPT_AT_SIGN_IN if key in session}
    session.clear()
    session.update(kept)
