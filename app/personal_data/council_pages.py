"""Personal data on the councils' public pages: the association agents' names and contact details."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.i18n import current_language
from app.models import AssociationAgent
from app.personal_data.base import HeldRecord, PersonalDataProvider, PrivacyEntry, normalised_email, register_provider
from app.reference.municipalities import municipality_name


def _agents(email: str, council_ids: set[int]) -> list[AssociationAgent]:
    if not council_ids:
        return []
    return list(db.session.scalars(select(AssociationAgent).where(
        func.lower(AssociationAgent.email) == normalised_email(email),
        AssociationAgent.council_id.in_(council_ids)).order_by(AssociationAgent.id)))


@register_provider
class AssociationAgents(PersonalDataProvider):
    """An association agent's entry is found by its e-mail address; erasing takes it off the page."""

    name = "council_page_agents"
    order = 60
    label = _l("Association agents on the council page")

    def find(self, email: str, council_ids: set[int]) -> list[HeldRecord]:
        language = current_language()
        return [HeldRecord(provider=self.name, council_id=agent.council_id, kind=_("Association agent"),
                           description=municipality_name(agent.municipality_code, language), created_at=None,
                           fields={_("Name"): agent.name, _("E-mail address"): agent.email, _("Phone"): agent.phone})
                for agent in _agents(email, council_ids)]

    def erase(self, email: str, council_ids: set[int]) -> int:
        agents = _agents(email, council_ids)
        for agent in agents:
            db.session.delete(agent)
        db.session.flush()
        return len(agents)

    def privacy_entry(self, config) -> PrivacyEntry:
        return PrivacyEntry(
            purpose=_("Showing on the council's public page who the association agents and the council's members "
                      "are and how to reach the agents."),
            legal_basis=_("Legitimate interest: the associations chose these people to be their public contacts."),
            data=_("Name, municipality and the e-mail address and phone number the person agreed to show; for "
                   "members of the council their name, role, association and sector."),
            retention=_("Until the council takes the entry off its page, or the person asks for it to be removed."))
