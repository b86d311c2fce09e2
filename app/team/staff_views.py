"""Staff pages of a council's team (members, roles, invitations) and of one's own account."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.models import Membership, Role, StaffInvitation
from app.models.base import utcnow
from app.staff.access import ADMIN_ONLY, ALL_ROLES, MANAGING_ROLES, StaffBlueprint, can_act_for, get_for_council
from app.team import invitations, members, profile
from app.team.roles import role_choices, role_description, role_label
from forms.team import AccountForm, ConfirmForm, InviteForm, RoleForm

staff_bp = StaffBlueprint("team_staff", __name__, url_prefix="/staff/<council_slug>/team")
account_bp = StaffBlueprint("account", __name__, url_prefix="/staff/account")


@staff_bp.context_processor
def _labels():
    return {"role_label": role_label, "role_description": role_description}


def _status(form) -> int:
    return 400 if form.errors or form.form_errors else 200


def _me():
    return current_user._get_current_object()


@staff_bp.route("/", roles=MANAGING_ROLES)
def index(council):
    """The council's members and waiting invitations; admins change them, secretaries only see them."""
    return render_template("team/index.html", council=council, members=members.team_members(council),
                           invitations=invitations.waiting_invitations(council), now=utcnow(),
                           can_change=can_act_for(current_user, council, ADMIN_ONLY), confirm=ConfirmForm())


@staff_bp.route("/invite", methods=["GET", "POST"], roles=ADMIN_ONLY)
def invite(council):
    """Invite a person by e-mail to this council's team or a local council's below it."""
    reachable = members.council_and_below(council)
    form = InviteForm(roles=role_choices(), councils=[(c.slug, c.name(current_language())) for c in reachable],
                      data={"language": current_language(), "council": council.slug})
    if form.validate_on_submit():
        target = next(c for c in reachable if c.slug == form.council.data)
        try:
            invitations.invite_to_team(target, form.email.data, Role(form.role.data), form.language.data, _me())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The invitation was sent to %(email)s. The link works for %(days)s days.",
                    email=form.email.data, days=invitations.INVITATION_DAYS), "success")
            return redirect(url_for(".index", council_slug=target.slug))
    return render_template("team/invite.html", council=council, form=form,
                           choose_council=len(reachable) > 1), _status(form)


def _invitation_action(council, invitation_id: int, action) -> StaffInvitation | None:
    """Run `action` on the council's invitation after the button's CSRF check; the invitation, or None
    when nothing was done (the reason flashed)."""
    invitation = get_for_council(StaffInvitation, invitation_id, council)
    if not ConfirmForm().validate_on_submit():
        return None
    try:
        action(invitation, _me())
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return None
    db.session.commit()
    return invitation


@staff_bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"], roles=ADMIN_ONLY)
def resend(council, invitation_id: int):
    """Send an invitation again with a new link and a new expiry."""
    invitation = _invitation_action(council, invitation_id, invitations.resend_invitation)
    if invitation is not None:
        flash(_("The invitation was sent again to %(email)s.", email=invitation.email), "success")
    return redirect(url_for(".index", council_slug=council.slug))


@staff_bp.route("/invitations/<int:invitation_id>/withdraw", methods=["POST"], roles=ADMIN_ONLY)
def withdraw(council, invitation_id: int):
    """Withdraw an invitation: its link stops working."""
    invitation = _invitation_action(council, invitation_id, invitations.withdraw_invitation)
    if invitation is not None:
        flash(_("The invitation to %(email)s was withdrawn.", email=invitation.email), "success")
    return redirect(url_for(".index", council_slug=council.slug))


def _after_change(council):
    """Back to the team, or wherever the user may still go after changing their own role."""
    if can_act_for(current_user, council, MANAGING_ROLES):
        return redirect(url_for(".index", council_slug=council.slug))
    if can_act_for(current_user, council):
        return redirect(url_for("staff.council_home", council_slug=council.slug))
    return redirect(url_for("staff.dashboard"))


@staff_bp.route("/members/<int:membership_id>/role", methods=["GET", "POST"], roles=ADMIN_ONLY)
def change_role(council, membership_id: int):
    """Give a member another role in the council."""
    membership = get_for_council(Membership, membership_id, council)
    form = RoleForm(roles=role_choices(), data={"role": membership.role.value})
    if form.validate_on_submit():
        try:
            changed = members.change_role(membership, Role(form.role.data), _me())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            if changed:
                flash(_("%(name)s is now %(role)s.", name=membership.user.name or membership.user.email,
                        role=role_label(membership.role).lower()), "success")
            return _after_change(council)
    return render_template("team/role.html", council=council, membership=membership, form=form), _status(form)


@staff_bp.route("/members/<int:membership_id>/remove", methods=["GET", "POST"], roles=ADMIN_ONLY)
def remove(council, membership_id: int):
    """Ask to confirm, then take a member out of the council's team."""
    membership = get_for_council(Membership, membership_id, council)
    form = ConfirmForm()
    name = membership.user.name or membership.user.email
    if form.validate_on_submit():
        try:
            members.remove_member(membership, _me())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s was removed from the team.", name=name), "success")
            return _after_change(council)
    return render_template("team/remove.html", council=council, membership=membership, form=form), _status(form)


@account_bp.route("/", methods=["GET", "POST"], roles=ALL_ROLES)
def my_account():
    """One's own name, language of e-mails and memberships; a link to change the password."""
    user = _me()
    form = AccountForm(obj=user)
    if form.validate_on_submit():
        try:
            profile.update_profile(user, form.name.data, form.language.data, current_app.config["LANGUAGES"])
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Your details were saved."), "success")
            return redirect(url_for(".my_account"))
    return render_template("team/account.html", form=form, user=user, memberships=profile.memberships_of(user),
                           role_label=role_label), _status(form)
