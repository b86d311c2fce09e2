"""Staff accounts: the name, e-mail address, language of e-mails, memberships and last sign-in, and the
invitations to a council's team sent to the address."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from app.date_text import datetime_text
from app.errors import DomainError
from app.extensions import db
from app.i18n import current_language
from app.models import Membership, PasswordResetToken, Role, StaffInvitation, User
from app.personal_data.base import HeldRecord, PersonalDataProvider, PrivacyEntry, normalised_email, register_provider
from app.team.members import LastAdmin, check_keeps_an_admin, lock_team

ROLE_NAMES = {Role.ADMIN: _l("admin"), Role.SECRETARY: _l("secretary"), Role.REVIEWER: _l("reviewer")}
#: the domain of the address an erased account keeps, so that the unique address column stays unique
ERASED_DOMAIN = "erased.invalid"


@register_provider
class StaffAccounts(PersonalDataProvider):
    name = "staff"
    order = 80
    label = _l("Staff accounts")

    def _account(self, email: str, council_ids: set[int]) -> tuple[User | None, list[Membership]]:
        user = db.session.scalar(select(User).where(func.lower(User.email) == normalised_email(email)))
        if user is None:
            return None, []
        reached = [m for m in user.memberships if m.council_id in council_ids]
        return (user, reached) if reached else (None, [])

    def _invitations(self, email: str, council_ids: set[int]) -> list[StaffInvitation]:
        return list(db.session.scalars(select(StaffInvitation).where(
            func.lower(StaffInvitation.email) == normalised_email(email), StaffInvitation.council_id.in_(council_ids))
            .order_by(StaffInvitation.created_at)))

    def find(self, email: str, council_ids: set[int]) -> list[HeldRecord]:
        locale = current_language()
        invitations = [HeldRecord(self.name, invitation.council_id, _("Invitation to a council's team"),
                                  invitation.council.name(locale), invitation.created_at, {
                                      _("E-mail address"): invitation.email,
                                      _("Role"): str(ROLE_NAMES[invitation.role]),
                                      _("Language of e-mails"): invitation.language})
                       for invitation in self._invitations(email, council_ids)]
        user, memberships = self._account(email, council_ids)
        if user is None:
            return invitations
        return invitations + [HeldRecord(self.name, None, _("Staff account"), user.name or user.email, user.created_at, {
            _("Name"): user.name, _("E-mail address"): user.email, _("Language of e-mails"): user.language,
            _("Memberships"): "\n".join(f"{m.council.name(locale)}: {ROLE_NAMES[m.role]}" for m in memberships),
            _("Last sign-in"): datetime_text(user.last_sign_in_at, locale) if user.last_sign_in_at else "",
        })]

    def erase(self, email: str, council_ids: set[int]) -> int:
        """End the memberships in the reached councils; an account left without memberships is signed out,
        deactivated and anonymised (its audit rows stay, without a name). Refuses to remove a council's
        last admin."""
        invitations = self._invitations(email, council_ids)
        for invitation in invitations:
            db.session.delete(invitation)
        user, memberships = self._account(email, council_ids)
        if user is None:
            db.session.flush()
            return len(invitations)
        for membership in memberships:
            lock_team(membership.council)
            try:
                check_keeps_an_admin(membership, None)
            except LastAdmin:
                raise DomainError(_("%(email)s is the only admin of %(council)s, so the account cannot be erased. "
                                    "Make another person an admin of that council first.",
                                    email=user.email, council=membership.council.name(current_language()))) from None
        for membership in memberships:
            db.session.delete(membership)
        db.session.flush()
        db.session.expire(user, ["memberships"])
        if not user.memberships:
            user.name = ""
            user.email = f"erased-{user.id}@{ERASED_DOMAIN}"
            user.password_hash = "!"  # matches no password
            user.is_active_user = False
            user.session_version += 1
            user.last_sign_in_at = None
            db.session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
        db.session.flush()
        return len(invitations) + 1

    def privacy_entry(self, config) -> PrivacyEntry:
        return PrivacyEntry(
            purpose=_("To let the council's staff sign in and to show who did what in the audit log."),
            legal_basis=_("The council's legitimate interest in running its work securely (GDPR article 6(1)(f))."),
            data=_("Name, e-mail address, language of e-mails, memberships and roles, time of the last sign-in, "
                   "and a password hash."),
            retention=_("As long as the person works for a council; the log of staff actions is kept for %(days)s "
                        "days.", days=config["AUDIT_RETENTION_DAYS"]))

