"""Invitations to a council's team: sending, sending again, withdrawing, and accepting through the link.

The link `/staff/invitation/<token>` works for INVITATION_DAYS; only the token's hash is stored, so
"send again" makes a new link (the old one stops working) and a new expiry. Accepting makes the
membership. A person who already has a membership in the council gets the invitation's role: the
invitation is the latest word of an admin, and the rule that keeps an admin still applies.
"""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.audit.log import record
from app.auth.accounts import check_new_password, create_user, find_user_by_email, normalise_email
from app.auth.passwords import hash_token, new_token
from app.date_text import datetime_text
from app.errors import DomainError
from app.extensions import db
from app.mail.outbox import queue_email
from app.models import Council, Membership, Role, StaffInvitation, StaffInvitationState, User
from app.models.base import utcnow
from app.public_urls import public_url
from app.team.members import check_keeps_an_admin, lock_team
from app.team.roles import ROLE_LABELS

INVITATION_DAYS = 7


class InvitationNotUsable(DomainError):
    """The link has expired, was withdrawn or has been used."""

    def __init__(self):
        super().__init__(_l("This invitation can no longer be accepted."))


def invite_to_team(council: Council, email: str, role: Role, language: str, inviter: User) -> StaffInvitation:
    """Invite a person by e-mail to the council's team with a role; the e-mail is in `language`.

    Raises DomainError (field "email") when the address already belongs to a member of the council
    or has a pending invitation to it.
    """
    email = normalise_email(email)
    user = find_user_by_email(email)
    if user is not None and db.session.scalar(
            select(Membership.id).where(Membership.user_id == user.id, Membership.council_id == council.id)):
        raise DomainError(_l("This person is already in the team. Change their role in the list of members."),
                          field="email")
    now = utcnow()
    waiting = db.session.scalar(select(StaffInvitation.id).where(
        StaffInvitation.council_id == council.id, func.lower(StaffInvitation.email) == email,
        StaffInvitation.accepted_at.is_(None), StaffInvitation.withdrawn_at.is_(None),
        StaffInvitation.expires_at > now))
    if waiting:
        raise DomainError(_l("This address already has an invitation waiting. Send it again from the list of "
                             "invitations if it was lost."), field="email")
    invitation = StaffInvitation(council=council, role=role, email=email, language=language,
                                 invited_by_id=inviter.id, token_hash="", created_at=now)
    db.session.add(invitation)
    _send(invitation, inviter, now)
    db.session.flush()
    record("team.invite", council=council, target=invitation, actor=inviter, role=role.value, language=language)
    return invitation


def resend_invitation(invitation: StaffInvitation, actor: User) -> None:
    """Send the invitation again with a new link and a new expiry; the old link stops working.

    Raises InvitationNotUsable for an accepted or withdrawn invitation.
    """
    if invitation.state(utcnow()) not in (StaffInvitationState.PENDING, StaffInvitationState.EXPIRED):
        raise InvitationNotUsable()
    _send(invitation, actor, utcnow())
    record("team.invitation_resend", council=invitation.council_id, target=invitation, actor=actor)


def withdraw_invitation(invitation: StaffInvitation, actor: User) -> None:
    """Withdraw an invitation that has not been accepted: its link stops working.

    Raises InvitationNotUsable for an accepted or withdrawn invitation.
    """
    if invitation.state(utcnow()) not in (StaffInvitationState.PENDING, StaffInvitationState.EXPIRED):
        raise InvitationNotUsable()
    invitation.withdrawn_at = utcnow()
    record("team.invitation_withdraw", council=invitation.council_id, target=invitation, actor=actor)


def waiting_invitations(council: Council) -> list[StaffInvitation]:
    """The council's invitations neither accepted nor withdrawn (pending or expired), newest first."""
    return list(db.session.scalars(select(StaffInvitation).where(
        StaffInvitation.council_id == council.id, StaffInvitation.accepted_at.is_(None),
        StaffInvitation.withdrawn_at.is_(None)).order_by(StaffInvitation.sent_at.desc(), StaffInvitation.id.desc())))


def find_invitation(token: str) -> StaffInvitation | None:
    """The invitation of this link, whatever its state, or None for an unknown link."""
    return db.session.scalar(select(StaffInvitation).where(StaffInvitation.token_hash == hash_token(token)))


def invitation_account(invitation: StaffInvitation) -> User | None:
    """The account of the invited address, if there is one."""
    return find_user_by_email(invitation.email)


def accept_invitation(invitation: StaffInvitation, user: User) -> Membership:
    """Accept the invitation as `user` (whose address it was sent to): the membership is made, or an
    existing one takes the invitation's role.

    Raises InvitationNotUsable when the link no longer works, DomainError for another person's
    account, LastAdmin when the new role would leave the council without an admin.
    """
    lock_team(invitation.council)
    # Locked and read again: two clicks on the link must not both accept it.
    invitation = db.session.scalar(select(StaffInvitation).where(StaffInvitation.id == invitation.id)
                                   .with_for_update().execution_options(populate_existing=True))
    if invitation.state(utcnow()) is not StaffInvitationState.PENDING:
        raise InvitationNotUsable()
    if normalise_email(user.email) != normalise_email(invitation.email):
        raise DomainError(_l("This invitation was sent to another e-mail address."))
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.council_id == invitation.council_id))
    if membership is None:
        membership = Membership(user=user, council_id=invitation.council_id, role=invitation.role)
        db.session.add(membership)
    elif membership.role is not invitation.role:
        check_keeps_an_admin(membership, invitation.role)
        membership.role = invitation.role
    invitation.accepted_at = utcnow()
    db.session.flush()
    record("team.invitation_accept", council=invitation.council_id, target=invitation, actor=user,
           role=invitation.role.value)
    return membership


def accept_with_new_account(invitation: StaffInvitation, name: str, password: str, confirm: str,
                            language: str) -> User:
    """Make the invited person's account (name, password, language of e-mails) and accept the invitation.

    Raises InvitationNotUsable, DomainError for a password that breaks the rules (field
    new_password or confirm_password) or when the address has an account already.
    """
    if invitation.state(utcnow()) is not StaffInvitationState.PENDING:
        raise InvitationNotUsable()
    check_new_password(password, confirm)
    user = create_user(invitation.email, password, name=name)
    user.language = language
    user.last_sign_in_at = utcnow()
    accept_invitation(invitation, user)
    return user


def _send(invitation: StaffInvitation, sender: User, now) -> None:
    """A new link and expiry for the invitation, and its e-mail in the outbox."""
    token = new_token()
    invitation.token_hash = hash_token(token)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=INVITATION_DAYS)
    council = invitation.council
    language = invitation.language
    queue_email(to=invitation.email, template="staff_invitation", language=language, council_id=council.id,
                reply_to=council.contact_email, context={
                    "council_name": council.name(language),
                    "role_label": ROLE_LABELS[invitation.role],
                    "inviter_name": sender.name or sender.email,
                    "link": public_url("team_invitation.answer", token=token),
                    "expires_at": datetime_text(invitation.expires_at, language),
                })
