"""Agenda proposals' personal data: the proposer's name, organisation and e-mail address."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.models import Proposal
from app.models.base import utcnow
from app.personal_data.base import HeldRecord, PersonalDataProvider, PrivacyEntry, normalised_email, register_provider


def _proposals(email: str, council_ids: set[int]) -> list[Proposal]:
    if not council_ids:
        return []
    return list(db.session.scalars(select(Proposal).where(
        func.lower(Proposal.proposer_email) == normalised_email(email), Proposal.council_id.in_(council_ids))
        .order_by(Proposal.received_at, Proposal.id)))


@register_provider
class ProposalData(PersonalDataProvider):
    name = "proposals"
    order = 50
    label = _l("Agenda proposals")

    def find(self, email: str, council_ids: set[int]) -> list[HeldRecord]:
        return [HeldRecord(provider=self.name, council_id=proposal.council_id, kind=_("Agenda proposal"),
                           description=proposal.title, created_at=proposal.received_at,
                           fields={_("Name"): proposal.proposer_name or "",
                                   _("Organisation"): proposal.proposer_organisation or "",
                                   _("E-mail"): proposal.proposer_email or "",
                                   _("Language"): proposal.language})
                for proposal in _proposals(email, council_ids)]

    def erase(self, email: str, council_ids: set[int]) -> int:
        """Remove the proposer's contact details; the proposal's text, status and history stay."""
        proposals = _proposals(email, council_ids)
        now = utcnow()
        for proposal in proposals:
            proposal.remove_contact_details(now)
        db.session.flush()
        return len(proposals)

    def privacy_entry(self, config) -> PrivacyEntry:
        return PrivacyEntry(
            purpose=_("Handling the matters people propose to the council and telling the proposer how each "
                      "proposal progresses."),
            legal_basis=_("The council's legitimate interest in hearing the public (GDPR article 6(1)(f))."),
            data=_("The proposer's name, organisation and e-mail address, and the proposal's text and attachments."),
            retention=_("Contact details are removed %(months)s months after the proposal is handled; the "
                        "proposal's text, status and history stay public if the proposer allowed it.",
                        months=config["PROPOSAL_RETENTION_MONTHS"]))
