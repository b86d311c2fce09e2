"""Staff sign-in, sign-out, password change and password reset pages."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import accounts
from app.errors import DomainError
from app.extensions import db, limiter
from app.form_errors import show_domain_error
from app.i18n import current_language
from forms.auth import PasswordChangeForm, PasswordResetForm, PasswordResetRequestForm, SignInForm

bp = Blueprint("auth", __name__, url_prefix="/staff")


def _sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("staff.dashboard")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    """Sign in with e-mail and password."""
    form = SignInForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(_("The e-mail address or password is not correct."))
        else:
            db.session.commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    """Sign out (a POST with a CSRF token, so that no link can sign anyone out)."""
    from flask_wtf.csrf import validate_csrf

    validate_csrf(request.form.get("csrf_token"))
    logout_user()
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
            login_user(current_user)
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
