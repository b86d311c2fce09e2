"""Opening and editing award rounds, their scoring criteria and reviewers, and who may review a round."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from app.audit.log import record
from app.errors import DomainError
from app.extensions import db
from app.models import (AwardReviewer, AwardRound, Council, Membership, Nomination, Score, ScoringCriterion, User)


class RoundError(DomainError):
    """An award round that cannot be saved as asked."""


@dataclass(frozen=True)
class CriterionText:
    """One scoring criterion as staff wrote it: a label and what it means, per language."""

    label: dict[str, str]
    description: dict[str, str]


@dataclass(frozen=True)
class RoundValues:
    """The validated values of the round form."""

    year: int
    name: str
    criteria_text: dict[str, str]
    nomination_opens_at: datetime | None
    nomination_closes_at: datetime | None
    review_opens_at: datetime | None
    review_closes_at: datetime | None
    categories: list[str] = field(default_factory=list)
    scoring: list[CriterionText] = field(default_factory=list)


def parse_scoring_criteria(texts: dict[str, str]) -> list[CriterionText]:
    """Scoring criteria from one text per language, one criterion a line, "Label: what it means".

    Finnish is required; a Swedish or English text, when given, must have as many lines.
    """
    lines = {language: [line.strip() for line in (text or "").splitlines() if line.strip()]
             for language, text in texts.items()}
    finnish = lines.get("fi", [])
    if not finnish:
        raise RoundError(_l("Write at least one scoring criterion in Finnish."), "scoring_fi")
    for language in ("sv", "en"):
        if lines.get(language) and len(lines[language]) != len(finnish):
            raise RoundError(_l("Write as many criteria in this language as in Finnish, one a line."),
                             f"scoring_{language}")
    criteria = []
    for index in range(len(finnish)):
        label, description = {}, {}
        for language, language_lines in lines.items():
            if index < len(language_lines):
                head, _sep, tail = language_lines[index].partition(":")
                label[language], description[language] = head.strip()[:200], tail.strip()
        criteria.append(CriterionText(label, description))
    return criteria


def _check_periods(values: RoundValues) -> None:
    for opens, closes, name in ((values.nomination_opens_at, values.nomination_closes_at, "nomination_closes_at"),
                                (values.review_opens_at, values.review_closes_at, "review_closes_at")):
        if opens and closes and closes <= opens:
            raise RoundError(_l("The period must close after it opens."), name)
    if values.nomination_closes_at and values.review_opens_at and values.review_opens_at < values.nomination_closes_at:
        raise RoundError(_l("The review can open only once the nominations have closed."), "review_opens_at")


def _apply(award_round: AwardRound, values: RoundValues) -> None:
    award_round.year = values.year
    award_round.name = values.name
    for language in ("fi", "sv", "en"):
        setattr(award_round, f"criteria_{language}", values.criteria_text.get(language, ""))
    award_round.nomination_opens_at = values.nomination_opens_at
    award_round.nomination_closes_at = values.nomination_closes_at
    award_round.review_opens_at = values.review_opens_at
    award_round.review_closes_at = values.review_closes_at
    award_round.categories = "\n".join(values.categories)


def _has_scores(award_round: AwardRound) -> bool:
    return db.session.scalar(select(exists().where(Score.nomination_id == Nomination.id,
                                                   Nomination.round_id == award_round.id))) or False


def _set_criteria(award_round: AwardRound, scoring: list[CriterionText]) -> None:
    existing = list(award_round.criteria)
    if len(existing) != len(scoring) and award_round.id is not None and _has_scores(award_round):
        raise RoundError(_l("Reviewers have already scored this round: the criteria can be reworded, but none "
                            "added or removed."), "scoring_fi")
    for position, text in enumerate(scoring):
        if position < len(existing):
            criterion = existing[position]
        else:
            criterion = ScoringCriterion()
            award_round.criteria.append(criterion)
        criterion.position = position
        for language in ("fi", "sv", "en"):
            setattr(criterion, f"label_{language}", text.label.get(language, ""))
            setattr(criterion, f"description_{language}", text.description.get(language, ""))
    for criterion in existing[len(scoring):]:
        award_round.criteria.remove(criterion)


def _year_taken(council: Council, year: int, round_id: int | None) -> bool:
    query = select(AwardRound.id).where(AwardRound.council_id == council.id, AwardRound.year == year)
    if round_id is not None:
        query = query.where(AwardRound.id != round_id)
    return db.session.scalar(query) is not None


def open_round(council: Council, values: RoundValues, actor: User) -> AwardRound:
    """Create the council's award round of a year; raises RoundError for a year that has one already."""
    _check_periods(values)
    if _year_taken(council, values.year, None):
        raise RoundError(_l("The council already has an award round for this year."), "year")
    award_round = AwardRound(council=council)
    _apply(award_round, values)
    db.session.add(award_round)
    _set_criteria(award_round, values.scoring)
    db.session.flush()
    record("award.round_open", council=council, target=award_round, actor=actor, count=len(values.scoring))
    return award_round


def update_round(award_round: AwardRound, values: RoundValues, actor: User) -> None:
    """Change a round's texts, periods, categories and criteria."""
    _check_periods(values)
    if _year_taken(award_round.council, values.year, award_round.id):
        raise RoundError(_l("The council already has an award round for this year."), "year")
    _apply(award_round, values)
    _set_criteria(award_round, values.scoring)
    db.session.flush()
    record("award.round_update", council=award_round.council_id, target=award_round, actor=actor)


def reviewer_candidates(council: Council) -> list[User]:
    """The council's own staff members, any of whom may be assigned to review its rounds."""
    return list(db.session.scalars(select(User).join(Membership).where(Membership.council_id == council.id)
                                   .order_by(User.name, User.email)))


def assign_reviewers(award_round: AwardRound, user_ids: set[int], actor: User) -> None:
    """Make exactly these staff members of the council the round's reviewers."""
    allowed = {user.id for user in reviewer_candidates(award_round.council)}
    if not user_ids <= allowed:
        raise RoundError(_l("Only the council's own staff members can review its award."), "reviewers")
    current = {reviewer.user_id: reviewer for reviewer in award_round.reviewers}
    for user_id in set(current) - user_ids:
        award_round.reviewers.remove(current[user_id])
    for user_id in user_ids - set(current):
        award_round.reviewers.append(AwardReviewer(user_id=user_id))
    db.session.flush()
    record("award.reviewers", council=award_round.council_id, target=award_round, actor=actor, count=len(user_ids))


def is_assigned_reviewer(award_round: AwardRound, user: User) -> bool:
    return any(reviewer.user_id == user.id for reviewer in award_round.reviewers)


def rounds_for(council: Council, user: User, managing: bool) -> list[AwardRound]:
    """The council's rounds, newest first: all of them for managing staff, a reviewer's own otherwise."""
    query = select(AwardRound).where(AwardRound.council_id == council.id)
    if not managing:
        query = query.join(AwardReviewer).where(AwardReviewer.user_id == user.id)
    return list(db.session.scalars(query.order_by(AwardRound.year.desc())))


def decide_round(award_round: AwardRound, decided_on: date | None, actor: User) -> None:
    """Record (or clear) the day of the committee's decision."""
    award_round.decided_on = decided_on
    record("award.decision", council=award_round.council_id, target=award_round, actor=actor,
           decided=decided_on is not None)
