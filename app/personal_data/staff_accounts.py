"""Staff accounts: the name, e-mail address, language of e-mails, memberships and last sign-in."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from app.date_text import datetime_text
from app.errors import DomainError
from app.extensions import db
from app.i18n import current_language
from app.models import Membership, PasswordResetToken, Role, User
from app.personal_data.base import HeldRecord, PersonalDataProvider, PrivacyEntry, normalised_email, register_provider

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

    def find(self, email: str, council_ids: set[int]) -> list[HeldRecord]:
        user, memberships = self._account(email, council_ids)
        if user is None:
            return []
        locale = current_language()
        return [HeldRecord(self.name, None, _("Staff account"), user.name or user.email, user.created_at, {
            _("Name"): user.name, _("E-mail address"): user.email, _("Language of e-mails"): user.language,
            _("Memberships"): "\n".join(f"{m.council.name(locale)}: {ROLE_NAMES[m.role]}" for m in memberships),
            _("Last sign-in"): datetime_text(user.last_sign_in_at, locale) if user.last_sign_in_at else "",
        })]

    def erase(self, email: str, council_ids: set[int]) -> int:
        """End the memberships in the reached councils; an account left without memberships is signed out,
        deactivated and anonymised (its audit rows stay, without a name). Refuses to remove a council's
        last admin."""
        user, memberships = self._account(email, council_ids)
        if user is None:
            return 0
        for membership in memberships:
            if membership.role is Role.ADMIN and not _other_admins(membership):
                raise DomainError(_("%(email)s is the only admin of %(council)s, so the account cannot be erased. "
                                    "Make another person an admin of that council first.",
                                    email=user.email, council=membership.council.name(current_language())))
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
        return 1

    def privacy_entry(self, config) -> PrivacyEntry:
        return PrivacyEntry(
            purpose=_("To let the council's staff sign in and to show who did what in the audit log."),
            legal_basis=_("The council's legitimate interest in running its work securely (GDPR article 6(1)(f))."),
            data=_("Name, e-mail address, language of e-mails, memberships and roles, time of the last sign-in, "
                   "and a password hash."),
            retention=_("As long as the person works for a council; the log of staff actions is kept for %(days)s "
                        "days.", days=config["AUDIT_RETENTION_DAYS"]))


def _other_admins(membership: Membership) -> int:
    return db.session.scalar(
        select(func.count(Membership.id)).join(User, User.id == Membership.user_id)
        .where(Membership.council_id == membership.council_id, Membership.role == Role.ADMIN,
               Membership.user_id != membership.user_id, User.is_active_user.is_(True))) or 0
