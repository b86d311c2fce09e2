"""Award nominations as personal data: what a nominator sent, found and erased by their e-mail address."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from app.awards.retention import erase_nomination, erase_nominator
from app.extensions import db
from app.i18n import current_language
from app.models import AwardRound, Nomination
from app.models.base import utcnow
from app.personal_data.base import HeldRecord, PersonalDataProvider, PrivacyEntry, normalised_email, register_provider
from app.reference.municipalities import municipality_name


def _nominations(email: str, council_ids: set[int]) -> list[Nomination]:
    return list(db.session.scalars(select(Nomination).join(AwardRound).where(
        func.lower(Nomination.nominator_email) == normalised_email(email),
        Nomination.council_id.in_(council_ids)).order_by(Nomination.id)))


@register_provider
class AwardNominations(PersonalDataProvider):
    name = "awards"
    order = 40
    label = _l("Award nominations")

    def find(self, email: str, council_ids: set[int]) -> list[HeldRecord]:
        language = current_language()
        return [HeldRecord(
            provider=self.name, council_id=nomination.council_id, kind=_("Award nomination"),
            description=f"{nomination.round.name} {nomination.round.year}", created_at=nomination.created_at,
            fields={_("Your name"): nomination.nominator_name, _("Your e-mail address"): nomination.nominator_email,
                    _("Your phone number (optional)"): nomination.nominator_phone,
                    _("Name of the nominee"): nomination.nominee_name,
                    _("Municipality of the nominee"): municipality_name(nomination.municipality_code, language),
                    _("What was the volunteer deed?"): nomination.deed,
                    _("Why does it deserve the award?"): nomination.reason})
            for nomination in _nominations(email, council_ids)]

    def erase(self, email: str, council_ids: set[int]) -> int:
        """The nominator's contact details go from every nomination; a nomination that did not win loses its
        texts and nominee too. Winners keep the nominee and texts: the council's decision rests on them."""
        now = utcnow()
        nominations = _nominations(email, council_ids)
        for nomination in nominations:
            if nomination.winner is not None:
                erase_nominator(nomination, now)
            else:
                erase_nomination(nomination, now)
        db.session.flush()
        return len(nominations)

    def privacy_entry(self, config) -> PrivacyEntry:
        months = config["AWARD_RETENTION_MONTHS"]
        return PrivacyEntry(
            purpose=_("Handling nominations for the council's award, informing the nominator and publishing the "
                      "winners with their consent."),
            legal_basis=_("Legitimate interest of the council in granting its award (GDPR article 6(1)(f)); "
                          "publication of a winner only with their consent (article 6(1)(a))."),
            data=_("The nominator's name, e-mail address and phone number; the nominee's name and municipality "
                   "and the nominator's description of the deed."),
            retention=ngettext(
                "The nominators' contact details, and everything of nominations that did not win, are removed "
                "%(num)d month after the committee's decision; the number of nominations is kept.",
                "The nominators' contact details, and everything of nominations that did not win, are removed "
                "%(num)d months after the committee's decision; the number of nominations is kept.", months))
