"""Blind review: a reviewer's scores (1–5 per criterion, with comments) or recusal, what each reviewer may
see, and the ranking table of a round."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit.log import record
from app.awards.rounds import is_assigned_reviewer
from app.errors import DomainError
from app.extensions import db
from app.models import AwardRound, Nomination, Recusal, ReviewSubmission, Score, ScoringCriterion, User
from app.models.awards import SCORE_VALUES
from app.periods import Phase


class ReviewError(DomainError):
    """A review that cannot be saved as asked."""


class NotAReviewer(Exception):
    """The user is not assigned to review this round (the view answers 403)."""


@dataclass(frozen=True)
class CriterionScore:
    criterion_id: int
    value: int
    comment: str


def require_reviewer(award_round: AwardRound, user: User) -> None:
    """Raise NotAReviewer unless the user is assigned to the round: the rule on top of the declared roles."""
    if not is_assigned_reviewer(award_round, user):
        raise NotAReviewer()


def has_recused(nomination: Nomination, user: User) -> bool:
    return db.session.scalar(select(Recusal.id).where(Recusal.nomination_id == nomination.id,
                                                      Recusal.reviewer_id == user.id)) is not None


def has_submitted(nomination: Nomination, user: User) -> bool:
    return db.session.scalar(select(ReviewSubmission.id).where(ReviewSubmission.nomination_id == nomination.id,
                                                               ReviewSubmission.reviewer_id == user.id)) is not None


def _check_review_open(award_round: AwardRound, now: datetime) -> None:
    if award_round.review_phase(now) is not Phase.OPEN:
        raise ReviewError(_l("The review period is not open: scores can be given only while it is."))


def score_nomination(nomination: Nomination, reviewer: User, scores: list[CriterionScore], now: datetime) -> None:
    """Save the reviewer's scores of every criterion and mark their review of the nomination submitted.

    Raises ReviewError outside the review period, for a recused reviewer, a merged nomination, a
    value outside 1–5 or a criterion missing.
    """
    award_round = nomination.round
    require_reviewer(award_round, reviewer)
    _check_review_open(award_round, now)
    if has_recused(nomination, reviewer):
        raise ReviewError(_l("You have recused yourself from this nomination."))
    if nomination.merged_into_id is not None:
        raise ReviewError(_l("This nomination was merged into another one: score that one instead."))
    criteria = {criterion.id for criterion in award_round.criteria}
    given = {score.criterion_id: score for score in scores}
    if set(given) != criteria:
        raise ReviewError(_l("Give a score for every criterion."))
    for score in scores:
        if score.value not in SCORE_VALUES:
            raise ReviewError(_l("A score is a whole number from 1 to 5."), f"score_{score.criterion_id}")
    existing = {score.criterion_id: score for score in db.session.scalars(
        select(Score).where(Score.nomination_id == nomination.id, Score.reviewer_id == reviewer.id))}
    for criterion_id, given_score in given.items():
        row = existing.get(criterion_id) or Score(nomination_id=nomination.id, reviewer_id=reviewer.id,
                                                  criterion_id=criterion_id)
        row.value, row.comment = given_score.value, given_score.comment
        db.session.add(row)
    if not has_submitted(nomination, reviewer):
        db.session.add(ReviewSubmission(nomination_id=nomination.id, reviewer_id=reviewer.id, submitted_at=now))
    db.session.flush()
    record("award.score", council=nomination.council_id, target=nomination, actor=reviewer, count=len(scores))


def recuse_from_nomination(nomination: Nomination, reviewer: User, now: datetime) -> None:
    """Withdraw the reviewer from the nomination for a conflict of interest; their scores of it are removed."""
    require_reviewer(nomination.round, reviewer)
    _check_review_open(nomination.round, now)
    if has_recused(nomination, reviewer):
        return
    for row in db.session.scalars(select(Score).where(Score.nomination_id == nomination.id,
                                                      Score.reviewer_id == reviewer.id)):
        db.session.delete(row)
    for row in db.session.scalars(select(ReviewSubmission).where(ReviewSubmission.nomination_id == nomination.id,
                                                                 ReviewSubmission.reviewer_id == reviewer.id)):
        db.session.delete(row)
    db.session.add(Recusal(nomination_id=nomination.id, reviewer_id=reviewer.id, created_at=now))
    db.session.flush()
    record("award.recuse", council=nomination.council_id, target=nomination, actor=reviewer)


def own_scores(nomination: Nomination, reviewer: User) -> dict[int, Score]:
    return {score.criterion_id: score for score in db.session.scalars(
        select(Score).where(Score.nomination_id == nomination.id, Score.reviewer_id == reviewer.id))}


def others_scores(nomination: Nomination, reviewer: User) -> list[Score] | None:
    """The other reviewers' scores of the nomination, or None while the reviewer has not submitted their own
    (blind review) or has recused themself."""
    if not has_submitted(nomination, reviewer) or has_recused(nomination, reviewer):
        return None
    return list(db.session.scalars(select(Score).where(Score.nomination_id == nomination.id,
                                                       Score.reviewer_id != reviewer.id)
                                   .order_by(Score.reviewer_id, Score.criterion_id)))


@dataclass(frozen=True)
class ReviewStatus:
    nomination: Nomination
    state: str  # "recused", "submitted" or "pending"


def review_list(award_round: AwardRound, reviewer: User) -> list[ReviewStatus]:
    """The round's nominations (not merged) with where the reviewer stands on each."""
    recused = set(db.session.scalars(select(Recusal.nomination_id).join(Nomination).where(
        Nomination.round_id == award_round.id, Recusal.reviewer_id == reviewer.id)))
    submitted = set(db.session.scalars(select(ReviewSubmission.nomination_id).join(Nomination).where(
        Nomination.round_id == award_round.id, ReviewSubmission.reviewer_id == reviewer.id)))
    nominations = db.session.scalars(select(Nomination).where(Nomination.round_id == award_round.id,
                                                              Nomination.merged_into_id.is_(None))
                                     .order_by(Nomination.id))
    return [ReviewStatus(nomination, "recused" if nomination.id in recused
                         else "submitted" if nomination.id in submitted else "pending")
            for nomination in nominations]


@dataclass
class RankingRow:
    """One nomination's line in the ranking table."""

    nomination: Nomination
    criterion_means: dict[int, float | None] = field(default_factory=dict)
    overall: float | None = None
    reviewers: int = 0  # reviewers whose scores count
    scores: int = 0  # single scores
    spread: float | None = None  # highest minus lowest of the reviewers' own means
    recusals: int = 0


def ranking(award_round: AwardRound) -> list[RankingRow]:
    """The round's nominations (not merged), best overall mean first; unscored ones last.

    Only scores of submitted reviews count, so that a half-finished review never moves the table.
    """
    nominations = {nomination.id: nomination for nomination in db.session.scalars(
        select(Nomination).where(Nomination.round_id == award_round.id, Nomination.merged_into_id.is_(None)))}
    submitted = {tuple(row) for row in db.session.execute(
        select(ReviewSubmission.nomination_id, ReviewSubmission.reviewer_id)
        .where(ReviewSubmission.nomination_id.in_(nominations)))}
    per_criterion: dict[tuple[int, int], list[int]] = {}
    per_reviewer: dict[tuple[int, int], list[int]] = {}
    counts: dict[int, int] = {}
    for nomination_id, reviewer_id, criterion_id, value in db.session.execute(
            select(Score.nomination_id, Score.reviewer_id, Score.criterion_id, Score.value)
            .where(Score.nomination_id.in_(nominations))):
        if (nomination_id, reviewer_id) not in submitted:
            continue
        per_criterion.setdefault((nomination_id, criterion_id), []).append(value)
        per_reviewer.setdefault((nomination_id, reviewer_id), []).append(value)
        counts[nomination_id] = counts.get(nomination_id, 0) + 1
    recusals: dict[int, int] = {}
    for nomination_id in db.session.scalars(select(Recusal.nomination_id).where(
            Recusal.nomination_id.in_(nominations))):
        recusals[nomination_id] = recusals.get(nomination_id, 0) + 1
    rows = []
    for nomination_id, nomination in nominations.items():
        row = RankingRow(nomination, recusals=recusals.get(nomination_id, 0), scores=counts.get(nomination_id, 0))
        for criterion in award_round.criteria:
            values = per_criterion.get((nomination_id, criterion.id))
            row.criterion_means[criterion.id] = statistics.fmean(values) if values else None
        reviewer_means = [statistics.fmean(values) for (n_id, _r), values in per_reviewer.items()
                          if n_id == nomination_id]
        row.reviewers = len(reviewer_means)
        if reviewer_means:
            row.overall = statistics.fmean(reviewer_means)
            row.spread = max(reviewer_means) - min(reviewer_means)
        rows.append(row)
    rows.sort(key=lambda row: (row.overall is None, -(row.overall or 0), row.nomination.id))
    return rows


def all_scores(award_round: AwardRound) -> list[Score]:
    """Every score of the round, for the committee's spreadsheet."""
    return list(db.session.scalars(select(Score).join(Nomination).join(ScoringCriterion)
                                   .where(Nomination.round_id == award_round.id)
                                   .order_by(Nomination.id, Score.reviewer_id, ScoringCriterion.position)))
