"""Counts of award nominations for reports: per round, municipality and category, and the scoring table."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.awards.scoring import RankingRow, ranking
from app.extensions import db
from app.models import AwardRound, Nomination, Score, Winner


@dataclass
class RoundFigures:
    award_round: AwardRound
    nominations: int  # every nomination sent, merged duplicates included
    by_municipality: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    winners: int
    ranking: list[RankingRow]


def round_figures(award_round: AwardRound) -> RoundFigures:
    """The figures of one round; counts stay right after the personal data is removed."""
    where = Nomination.round_id == award_round.id
    nominations = db.session.scalar(select(func.count(Nomination.id)).where(where)) or 0
    by_municipality = [tuple(row) for row in db.session.execute(
        select(Nomination.municipality_code, func.count(Nomination.id)).where(where)
        .group_by(Nomination.municipality_code).order_by(func.count(Nomination.id).desc(),
                                                         Nomination.municipality_code))]
    by_category = [tuple(row) for row in db.session.execute(
        select(Nomination.category, func.count(Nomination.id)).where(where)
        .group_by(Nomination.category).order_by(func.count(Nomination.id).desc(), Nomination.category))]
    winners = db.session.scalar(select(func.count(Winner.id)).where(Winner.round_id == award_round.id)) or 0
    return RoundFigures(award_round, nominations, by_municipality, by_category, winners, ranking(award_round))


def round_signature(award_round: AwardRound) -> str:
    """Changes whenever a nomination, score or winner of the round changes."""
    nominations = db.session.execute(select(func.count(Nomination.id), func.max(Nomination.id),
                                            func.count(Nomination.merged_into_id),
                                            func.max(Nomination.personal_data_removed_at))
                                     .where(Nomination.round_id == award_round.id)).one()
    scores = db.session.execute(select(func.count(Score.id), func.max(Score.updated_at)).join(
        Nomination, Nomination.id == Score.nomination_id).where(Nomination.round_id == award_round.id)).one()
    winners = db.session.execute(select(func.count(Winner.id), func.max(Winner.publication_consent_at))
                                 .where(Winner.round_id == award_round.id)).one()
    return f"{award_round.id}:{award_round.decided_on}:{tuple(nominations)}:{tuple(scores)}:{tuple(winners)}"


def rounds_of_year(council_ids: list[int], year: int) -> list[AwardRound]:
    return list(db.session.scalars(select(AwardRound).where(AwardRound.council_id.in_(council_ids),
                                                            AwardRound.year == year)
                                   .order_by(AwardRound.council_id)))
