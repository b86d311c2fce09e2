"""Staff sign-in, sign-out, password change and password reset pages."""

import re
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import validate_csrf

from app.auth import accounts, backoff
from app.auth.sessions import end_every_session, end_session, start_session
from app.errors import DomainError
from app.extensions import db, limiter
from app.form_errors import show_domain_error
from app.i18n import current_language
from forms.auth import PasswordChangeForm, PasswordResetForm, PasswordResetRequestForm, SignInForm

bp = Blueprint("auth", __name__, url_prefix="/staff")


def _sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


# What a browser drops from a URL before parsing it: leading and trailing C0 controls and spaces,
# and every tab, CR and LF inside (WHATWG URL standard, "basic URL parser").
_URL_TRIMMED = "".join(chr(code) for code in range(0x21))
_URL_REMOVED = re.compile(r"[\t\r\n]")


def _safe_next(target: str | None) -> str:
    """The page to go to after signing in: a path on this site, read as a browser would read it
    (controls stripped, backslashes taken as slashes), else the dashboard."""
    fallback = url_for("staff.dashboard")
    if not target:
        return fallback
    normalised = _URL_REMOVED.sub("", target.strip(_URL_TRIMMED)).replace("\\", "/")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in normalised):
        return fallback
    parts = urlsplit(normalised)
    if parts.scheme or parts.netloc or not normalised.startswith("/") or normalised.startswith("//"):
        return fallback
    return normalised


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    """Sign in with e-mail and password."""
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = accounts.sign_in(form.email.data, form.password.data)
        except accounts.SignInPaused as error:
            form.form_errors.append(str(error.message))
            return render_template("auth/sign_in.html", form=form), 429
        except DomainError as error:
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            backoff.clear_failures(form.email.data)
            start_session(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    """Sign out (a POST with a CSRF token, so that no link can sign anyone out) everywhere: every
    copy of this user's session cookie stops working."""
    validate_csrf(request.form.get("csrf_token"))
    if current_user.is_authenticated:
        end_every_session(current_user)
        db.session.commit()
    end_session()
    flash(_("You have signed out."), "success")
    return redirect(url_for("councils.front"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the signed-in user's password."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                current_user, form.current_password.data, form.new_password.data, form.confirm_password.data
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            start_session(current_user._get_current_object())
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("staff.dashboard"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def request_reset():
    """Ask for a password reset link by e-mail."""
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data, current_language())
        db.session.commit()
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/request_reset.html", form=form)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def reset_password(token: str):
    """Choose a new password through a one-time link."""
    if accounts.find_reset_token(token) is None:
        return render_template("auth/reset_invalid.html"), 410
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.new_password.data, form.confirm_password.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Your password has been changed. Sign in with the new password."), "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form)
