"""The award round on the council pages: an open nomination round, or the newest year's winners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import bindparam, select

from app.councils.offerings.base import Offering, register_offering
from app.extensions import db
from app.local_time import HELSINKI
from app.models import AwardRound, Council, Winner
from app.models.base import UTCDateTime
from app.periods import Phase, phase_expression


@dataclass(frozen=True)
class AwardOffer:
    name: str
    open_round: AwardRound | None
    winners_year: int | None


_OPEN_ROUNDS = (select(AwardRound)
                .where(AwardRound.council_id.in_(bindparam("ids", expanding=True)),
                       phase_expression(AwardRound.nomination_opens_at, AwardRound.nomination_closes_at,
                                        bindparam("now", type_=UTCDateTime)) == Phase.OPEN)
                .order_by(AwardRound.year))
_DECIDED_ROUNDS = (select(AwardRound)
                   .where(AwardRound.council_id.in_(bindparam("ids", expanding=True)),
                          AwardRound.decided_on <= bindparam("today"),
                          select(Winner.id).where(Winner.round_id == AwardRound.id,
                                                  Winner.publication_consent_at.is_not(None)).exists())
                   .order_by(AwardRound.year))


@register_offering
class AwardNominations(Offering):
    name = "awards"
    order = 30
    template = "awards/_council_section.html"

    def collect(self, councils: list[Council], now: datetime) -> dict[int, AwardOffer]:
        ids = [council.id for council in councils]
        open_rounds = {award_round.council_id: award_round
                       for award_round in db.session.scalars(_OPEN_ROUNDS, {"ids": ids, "now": now})}
        today = now.astimezone(HELSINKI).date()
        decided: dict[int, AwardRound] = {}
        for award_round in db.session.scalars(_DECIDED_ROUNDS, {"ids": ids, "today": today}):
            decided[award_round.council_id] = award_round
        offers = {}
        for council_id in set(open_rounds) | set(decided):
            shown = open_rounds.get(council_id) or decided[council_id]
            offers[council_id] = AwardOffer(shown.name, open_rounds.get(council_id),
                                            decided[council_id].year if council_id in decided else None)
        return offers

    def summary(self, offer: AwardOffer) -> str:
        if offer.open_round is not None:
            return _("Award nominations open")
        return _("Award winners %(year)s", year=offer.winners_year)
