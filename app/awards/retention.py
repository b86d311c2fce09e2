"""Removing the personal data of award nominations after the decision (AWARD_RETENTION_MONTHS), keeping counts."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from sqlalchemy import select

from app.audit.log import record
from app.extensions import db
from app.models import AwardRound, Nomination, Score


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def erase_nominator(nomination: Nomination, now: datetime) -> None:
    """Remove the nominator's name, e-mail address and phone number."""
    nomination.nominator_name, nomination.nominator_email, nomination.nominator_phone = "", "", ""
    nomination.personal_data_removed_at = now


def erase_nomination(nomination: Nomination, now: datetime) -> None:
    """Remove everything personal of a nomination; its round, kind, municipality and category stay for counts."""
    erase_nominator(nomination, now)
    nomination.nominee_name, nomination.deed, nomination.reason = "", "", ""
    nomination.association_id = None
    for score in db.session.scalars(select(Score).where(Score.nomination_id == nomination.id)):
        score.comment = ""


def remove_expired_award_data(today: date, now: datetime, months: int) -> int:
    """For each decided round past its retention time: erase non-winning nominations and every nominator's
    contact details. Returns the number of nominations changed; a round is handled once."""
    changed = 0
    rounds = db.session.scalars(select(AwardRound).where(AwardRound.decided_on.is_not(None),
                                                         AwardRound.personal_data_removed_at.is_(None)))
    for award_round in rounds:
        if months_after(award_round.decided_on, months) > today:
            continue
        nominations = list(db.session.scalars(select(Nomination).where(Nomination.round_id == award_round.id)))
        for nomination in nominations:
            if nomination.winner is not None:
                erase_nominator(nomination, now)
            else:
                erase_nomination(nomination, now)
        award_round.personal_data_removed_at = now
        changed += len(nominations)
        record("award.retention", council=award_round.council_id, target=award_round, count=len(nominations))
    db.session.flush()
    return changed
