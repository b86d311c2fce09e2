"""Choosing the winners of a round, their citations and publication consent, and the public list of winners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit.log import record
from app.errors import DomainError
from app.extensions import db
from app.models import AwardRound, Council, Nomination, User, Winner


class WinnerError(DomainError):
    """A winner that cannot be recorded as asked."""


def choose_winner(nomination: Nomination, citations: dict[str, str], has_consent: bool, actor: User,
                  now: datetime) -> Winner:
    """Make the nomination a winner (or update its citation) and record the nominee's consent to publication.

    Consent is recorded with the moment and the staff member who recorded it; unticking it withdraws it.
    """
    if nomination.merged_into_id is not None:
        raise WinnerError(_l("A merged nomination cannot win: choose the one it was merged into."))
    if not citations.get("fi", "").strip():
        raise WinnerError(_l("Write the citation in Finnish."), "citation_fi")
    winner = nomination.winner or Winner(nomination=nomination, round_id=nomination.round_id)
    for language in ("fi", "sv", "en"):
        setattr(winner, f"citation_{language}", citations.get(language, "").strip())
    if has_consent and winner.publication_consent_at is None:
        winner.publication_consent_at, winner.publication_consent_by_id = now, actor.id
    elif not has_consent:
        winner.publication_consent_at, winner.publication_consent_by_id = None, None
    db.session.add(winner)
    db.session.flush()
    record("award.winner", council=nomination.council_id, target=nomination, actor=actor, consent=has_consent)
    return winner


def remove_winner(nomination: Nomination, actor: User) -> None:
    """Take the nomination off the winners."""
    if nomination.winner is not None:
        db.session.delete(nomination.winner)
        nomination.winner = None
        db.session.flush()
        record("award.winner_remove", council=nomination.council_id, target=nomination, actor=actor)


@dataclass(frozen=True)
class PublicWinners:
    award_round: AwardRound
    winners: list[Winner]


def decided_rounds(council: Council, today: date) -> list[AwardRound]:
    """The council's rounds whose decision day has come, newest first."""
    return list(db.session.scalars(select(AwardRound).where(
        AwardRound.council_id == council.id, AwardRound.decided_on.is_not(None), AwardRound.decided_on <= today)
        .order_by(AwardRound.year.desc())))


def public_winners(award_round: AwardRound, today: date) -> list[Winner]:
    """The winners that may be shown publicly: only after the decision and only with consent recorded."""
    if not award_round.is_decided(today):
        return []
    return list(db.session.scalars(select(Winner).join(Nomination).where(
        Winner.round_id == award_round.id, Winner.publication_consent_at.is_not(None))
        .order_by(Nomination.nominee_name)))
