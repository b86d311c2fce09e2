"""The invitation link (public, no sign-in needed): make an account and join, or join with one's account."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import accounts, backoff
from app.auth.sessions import start_session
from app.errors import DomainError
from app.extensions import db, limiter
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.models import StaffInvitationState
from app.models.base import utcnow
from app.team import invitations
from app.team.roles import role_label
from forms.team import AcceptForm, NewAccountForm

bp = Blueprint("team_invitation", __name__, url_prefix="/staff/invitation")


def _answer_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


@bp.route("/<token>", methods=["GET", "POST"])
@limiter.limit(_answer_limit, methods=["POST"])
def answer(token: str):
    """Accept an invitation to a council's team: set a name and password, or confirm with one's account."""
    invitation = invitations.find_invitation(token)
    state = invitation.state(utcnow()) if invitation else None
    if state is not StaffInvitationState.PENDING:
        return render_template("team/invitation_closed.html", invitation=invitation, state=state), 410
    account = invitations.invitation_account(invitation)
    if account is None:
        return _new_account(invitation)
    return _existing_account(invitation, account)


def _page(invitation, form, **context):
    status = 400 if form.errors or form.form_errors else 200
    return render_template("team/invitation.html", invitation=invitation, form=form,
                           role=role_label(invitation.role), **context), status


def _joined(invitation, user):
    flash(_("Welcome to the team of %(council)s.", council=invitation.council.name(current_language())), "success")
    return redirect(url_for("staff.council_home", council_slug=invitation.council.slug))


def _new_account(invitation):
    form = NewAccountForm(data={"language": invitation.language})
    if form.validate_on_submit():
        try:
            user = invitations.accept_with_new_account(invitation, form.name.data, form.new_password.data,
                                                       form.confirm_password.data, form.language.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            start_session(user)
            return _joined(invitation, user)
    return _page(invitation, form, new_account=True)


def _existing_account(invitation, account):
    form = AcceptForm()
    signed_in_as_account = current_user.is_authenticated and current_user.id == account.id
    other_account = current_user.is_authenticated and not signed_in_as_account
    if form.validate_on_submit() and not other_account:
        try:
            user = account if signed_in_as_account else accounts.sign_in(invitation.email, form.password.data or "")
            invitations.accept_invitation(invitation, user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            if not signed_in_as_account:
                backoff.clear_failures(invitation.email)
                start_session(user)
            return _joined(invitation, user)
    return _page(invitation, form, new_account=False, signed_in_as_account=signed_in_as_account,
                 other_account=other_account)
