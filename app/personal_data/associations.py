"""The association register's contact persons: their name, e-mail address and phone number."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.models import Association
from app.personal_data.base import HeldRecord, PersonalDataProvider, PrivacyEntry, normalised_email, register_provider


@register_provider
class AssociationContacts(PersonalDataProvider):
    name = "associations"
    order = 10
    label = _l("Association register")

    def _associations(self, email: str, council_ids: set[int]) -> list[Association]:
        return list(db.session.scalars(
            select(Association).where(func.lower(Association.email) == normalised_email(email),
                                      Association.council_id.in_(council_ids)).order_by(Association.id)))

    def find(self, email: str, council_ids: set[int]) -> list[HeldRecord]:
        return [HeldRecord(self.name, association.council_id, _("Contact person of an association"), association.name,
                           association.created_at,
                           {_("Association"): association.name, _("Contact person"): association.contact_person,
                            _("E-mail address"): association.email, _("Phone"): association.phone,
                            _("Language"): association.language})
                for association in self._associations(email, council_ids)]

    def erase(self, email: str, council_ids: set[int]) -> int:
        """Remove the contact details; the association stays in the register, archived, since it has no
        address to invite any more (its invitations and answers keep counting)."""
        associations = self._associations(email, council_ids)
        for association in associations:
            association.contact_person = ""
            association.email = ""
            association.phone = ""
            association.is_archived = True
        db.session.flush()
        return len(associations)

    def privacy_entry(self, config) -> PrivacyEntry:
        return PrivacyEntry(
            purpose=_("To invite associations to surveys and events and to keep in touch with them."),
            legal_basis=_("The council's legitimate interest in reaching the associations of its area "
                          "(GDPR article 6(1)(f))."),
            data=_("The association's contact person, e-mail address and phone number."),
            retention=_("As long as the association is in the council's register; a contact person can ask to "
                        "be removed at any time."))
