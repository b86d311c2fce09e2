"""Proposals and meetings on the council pages: how many proposals are published and meetings public."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext, ngettext
from sqlalchemy import bindparam, func, select

from app.councils.offerings.base import Offering, register_offering
from app.extensions import db
from app.models import Council, Meeting, Proposal


_PUBLISHED = (select(Proposal.council_id, func.count())
              .where(Proposal.council_id.in_(bindparam("ids", expanding=True)), Proposal.is_publishable.is_(True))
              .group_by(Proposal.council_id))
_MEETINGS = (select(Meeting.council_id, func.count())
             .where(Meeting.council_id.in_(bindparam("ids", expanding=True)), Meeting.agenda_published_at.is_not(None))
             .group_by(Meeting.council_id))


@register_offering
class ProposalsAndMeetings(Offering):
    """Anyone may propose a matter to any council at any time, so every council shows the channel (the
    form's link and its counts), as a survey open to everyone is shown while it is open."""

    name = "proposals"
    order = 50
    template = "proposals/_council_section.html"

    def collect(self, councils: list[Council], now: datetime) -> dict[int, dict]:
        ids = [council.id for council in councils]
        published = dict(db.session.execute(_PUBLISHED, {"ids": ids}).all())
        meetings = dict(db.session.execute(_MEETINGS, {"ids": ids}).all())
        return {council_id: {"published": published.get(council_id, 0), "meetings": meetings.get(council_id, 0)}
                for council_id in ids}

    def summary(self, offer: dict) -> str:
        if not offer["published"]:
            return gettext("Open to proposals")
        return ngettext("%(num)d published proposal", "%(num)d published proposals", offer["published"])
