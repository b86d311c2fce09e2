"""Nominations from the public: storing one with its confirmation e-mail, and duplicates of the same nominee
shown together and merged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select

from app.audit.log import record
from app.awards.open_rounds import OpenRound
from app.date_text import datetime_text
from app.errors import DomainError
from app.extensions import db
from app.mail.outbox import queue_email
from app.models import Association, AwardRound, Nomination, NomineeKind, User
from app.periods import Phase
from app.reference.municipalities import municipality_name


class NominationError(DomainError):
    """A nomination that cannot be stored or merged as asked."""


@dataclass(frozen=True)
class NominationValues:
    """What the nomination form holds, validated."""

    nominee_kind: str
    nominee_name: str
    association_id: int | None
    municipality_code: str
    deed: str
    reason: str
    category: str
    nominator_name: str
    nominator_email: str
    nominator_phone: str
    may_contact_nominee: bool


_nominations = Nomination.__table__
_INSERT_NOMINATION = insert(_nominations).returning(_nominations.c.id)


def _nominable(council_id: int):
    return (Association.council_id == council_id, Association.is_archived.is_(False),
            Association.has_listing_consent.is_(True))


def nominable_associations(council_id: int) -> list[tuple[int, str]]:
    """(id, name) of the council's register's associations a nominator may pick: those that agreed to be listed
    publicly. Plain rows: the form shows dozens of them on every view."""
    return [tuple(row) for row in db.session.execute(
        select(Association.id, Association.name).where(*_nominable(council_id)).order_by(Association.name))]


def submit_nomination(award_round: OpenRound, values: NominationValues, language: str, now: datetime) -> int:
    """Store a nomination in an open round (`open_rounds.open_round_at`) and queue its confirmation to the nominator in their
    language; returns the nomination's id.

    Raises NominationError when the round no longer takes nominations, or the picked association,
    municipality or category is not the council's.
    """
    council = award_round.council
    if award_round.nomination_phase(now) is not Phase.OPEN:
        raise NominationError(_l("The nomination period has ended. Nothing was saved."))
    if values.municipality_code not in council.area:
        raise NominationError(_l("Choose a municipality of the council's area."), "municipality_code")
    if values.category and values.category not in award_round.category_list:
        raise NominationError(_l("Choose one of the categories."), "category")
    nominee_name = values.nominee_name
    if values.association_id is not None:
        name = db.session.scalar(select(Association.name).where(Association.id == values.association_id,
                                                                *_nominable(council.id)))
        if name is None:
            raise NominationError(_l("Choose an association from the list."), "association_id")
        nominee_name = nominee_name or name
    # One INSERT built once, not an object and a flush: nothing in the request reads the nomination back, and
    # the flush's unit of work cost several times the statement.
    nomination_id = db.session.execute(_INSERT_NOMINATION, {
        "round_id": award_round.id, "council_id": council.id, "nominee_kind": NomineeKind(values.nominee_kind),
        "nominee_name": nominee_name, "association_id": values.association_id,
        "municipality_code": values.municipality_code, "deed": values.deed, "reason": values.reason,
        "category": values.category, "nominator_name": values.nominator_name,
        "nominator_email": values.nominator_email, "nominator_phone": values.nominator_phone,
        "may_contact_nominee": values.may_contact_nominee, "language": language, "created_at": now}).scalar_one()
    # The bodies are rendered by the send job (only the subject in the request): the context is plain text.
    queue_email(to=values.nominator_email, template="award_nomination", language=language,
                council_id=council.id, reply_to=council.contact_email, compose_in_job=True, context={
                    "award_name": award_round.name, "council_name": council.name(language),
                    "nominee_name": nominee_name, "nominator_name": values.nominator_name,
                    "municipality": municipality_name(values.municipality_code, language),
                    "deed": values.deed, "reason": values.reason, "category": values.category,
                    "sent_at": datetime_text(now, language),
                    "closes_at": datetime_text(award_round.nomination_closes_at, language)
                    if award_round.nomination_closes_at else ""})
    return nomination_id


def primary_nominations(award_round: AwardRound) -> list[Nomination]:
    """The round's nominations that are not merged into another, oldest first."""
    return list(db.session.scalars(select(Nomination).where(Nomination.round_id == award_round.id,
                                                            Nomination.merged_into_id.is_(None))
                                   .order_by(Nomination.id)))


def duplicate_groups(award_round: AwardRound) -> list[list[Nomination]]:
    """Nominations (not merged yet) that name the same nominee, grouped; each group has two or more."""
    groups: dict[str, list[Nomination]] = {}
    for nomination in primary_nominations(award_round):
        groups.setdefault(nomination.nominee_key, []).append(nomination)
    return [group for group in groups.values() if len(group) > 1]


def merge_nominations(kept: Nomination, duplicate: Nomination, actor: User) -> None:
    """Merge `duplicate` into `kept`: it leaves the ranking, and its nominator's texts stay with `kept`.

    Anything merged into the duplicate before moves along to `kept`.
    """
    if kept.id == duplicate.id or kept.round_id != duplicate.round_id:
        raise NominationError(_l("Choose another nomination of the same round."), "target_id")
    if kept.merged_into_id is not None:
        raise NominationError(_l("That nomination is already merged into another one."), "target_id")
    for earlier in list(duplicate.duplicates):
        earlier.merged_into = kept
    duplicate.merged_into = kept
    duplicate.is_shortlisted = False
    db.session.flush()
    record("award.merge", council=kept.council_id, target=kept, actor=actor, count=len(kept.duplicates))


def set_shortlisted(nomination: Nomination, shortlisted: bool, actor: User) -> None:
    """Put a nomination on the shortlist or take it off."""
    if nomination.merged_into_id is not None:
        raise NominationError(_l("A merged nomination is shortlisted through the one it was merged into."))
    nomination.is_shortlisted = shortlisted
    record("award.shortlist", council=nomination.council_id, target=nomination, actor=actor,
           shortlisted=shortlisted)
