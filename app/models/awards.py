"""Award rounds ("Tehemä pois"): rounds with nomination and review periods, scoring criteria, reviewers,
public nominations, the reviewers' scores, recusals and submitted reviews, and the winners."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.associations import Association
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.councils import Council
from app.models.users import User
from app.periods import Phase, phase_at, phase_expression

DEFAULT_AWARD_NAME = "Tehemä pois -vapaaehtoisteon palkinto"
SCORE_VALUES = (1, 2, 3, 4, 5)


def category_list(categories: str) -> tuple[str, ...]:
    """A round's categories (`AwardRound.categories`, one a line) in their order."""
    return tuple(line.strip() for line in categories.splitlines() if line.strip())


class NomineeKind(enum.Enum):
    PERSON = "person"
    GROUP = "group"
    ASSOCIATION = "association"


class AwardRound(db.Model):
    """One council's award round of one year, with its two periods: nominations, then review."""

    __tablename__ = "award_rounds"
    __table_args__ = (UniqueConstraint("council_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    year: Mapped[int]
    name: Mapped[str] = mapped_column(String(200), default=DEFAULT_AWARD_NAME)
    criteria_fi: Mapped[str] = mapped_column(Text, default="")
    criteria_sv: Mapped[str] = mapped_column(Text, default="")
    criteria_en: Mapped[str] = mapped_column(Text, default="")
    nomination_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nomination_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # One category per line; empty: the round has no categories.
    categories: Mapped[str] = mapped_column(Text, default="")
    # The committee's decision; winners are public from this day on (with the nominee's consent).
    decided_on: Mapped[date | None] = mapped_column(Date)
    # When the retention job removed the personal data it removes after the decision.
    personal_data_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    council: Mapped[Council] = relationship()
    criteria: Mapped[list["ScoringCriterion"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="ScoringCriterion.position")
    reviewers: Mapped[list["AwardReviewer"]] = relationship(back_populates="round", cascade="all, delete-orphan")

    def nomination_phase(self, now: datetime | None = None) -> Phase:
        return phase_at(self.nomination_opens_at, self.nomination_closes_at, now or utcnow())

    def review_phase(self, now: datetime | None = None) -> Phase:
        return phase_at(self.review_opens_at, self.review_closes_at, now or utcnow())

    @classmethod
    def nomination_phase_sql(cls, now: datetime | None = None):
        return phase_expression(cls.nomination_opens_at, cls.nomination_closes_at, now or utcnow())

    @classmethod
    def review_phase_sql(cls, now: datetime | None = None):
        return phase_expression(cls.review_opens_at, cls.review_closes_at, now or utcnow())

    @property
    def category_list(self) -> list[str]:
        return list(category_list(self.categories))

    def criteria_text(self, locale: str) -> str:
        """The round's criteria in the locale, falling back to Finnish."""
        return getattr(self, f"criteria_{locale}", None) or self.criteria_fi

    def is_decided(self, today: date) -> bool:
        return self.decided_on is not None and self.decided_on <= today


class ScoringCriterion(db.Model):
    """One thing the reviewers score from 1 to 5, with what it means."""

    __tablename__ = "award_scoring_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label_fi: Mapped[str] = mapped_column(String(200))
    label_sv: Mapped[str] = mapped_column(String(200), default="")
    label_en: Mapped[str] = mapped_column(String(200), default="")
    description_fi: Mapped[str] = mapped_column(Text, default="")
    description_sv: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")

    round: Mapped[AwardRound] = relationship(back_populates="criteria")

    def label(self, locale: str) -> str:
        return getattr(self, f"label_{locale}", None) or self.label_fi

    def description(self, locale: str) -> str:
        return getattr(self, f"description_{locale}", None) or self.description_fi


class AwardReviewer(db.Model):
    """A staff member of the council assigned to review one round."""

    __tablename__ = "award_reviewers"
    __table_args__ = (UniqueConstraint("round_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    round: Mapped[AwardRound] = relationship(back_populates="reviewers")
    user: Mapped[User] = relationship()


class Nomination(db.Model):
    """A nomination sent by the public; a duplicate merged into another keeps its own texts."""

    __tablename__ = "award_nominations"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    nominee_kind: Mapped[NomineeKind] = mapped_column(enum_column(NomineeKind))
    nominee_name: Mapped[str] = mapped_column(String(200))
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id", ondelete="SET NULL"))
    municipality_code: Mapped[str] = mapped_column(String(3))
    deed: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(200), default="")
    nominator_name: Mapped[str] = mapped_column(String(200))
    nominator_email: Mapped[str] = mapped_column(String(254), index=True)
    nominator_phone: Mapped[str] = mapped_column(String(40), default="")
    may_contact_nominee: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(2), default="fi")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("award_nominations.id", ondelete="SET NULL"),
                                                       index=True)
    is_shortlisted: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the retention job (or a data-subject request) removed the personal data.
    personal_data_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[AwardRound] = relationship()
    association: Mapped[Association | None] = relationship()
    merged_into: Mapped["Nomination | None"] = relationship(remote_side=[id], back_populates="duplicates")
    duplicates: Mapped[list["Nomination"]] = relationship(back_populates="merged_into", order_by="Nomination.id")
    winner: Mapped["Winner | None"] = relationship(back_populates="nomination", uselist=False,
                                                   cascade="all, delete-orphan")

    @property
    def nominee_key(self) -> str:
        """What makes two nominations name the same nominee: the register entry, or the name's letters."""
        if self.association_id:
            return f"association:{self.association_id}"
        return "name:" + " ".join(self.nominee_name.casefold().replace(",", " ").split())


class Score(db.Model):
    """One reviewer's score (1–5) of one nomination on one criterion, with a comment."""

    __tablename__ = "award_scores"
    __table_args__ = (UniqueConstraint("nomination_id", "reviewer_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("award_scoring_criteria.id", ondelete="CASCADE"))
    value: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    reviewer: Mapped[User] = relationship()
    criterion: Mapped[ScoringCriterion] = relationship()


class Recusal(db.Model):
    """A reviewer's withdrawal from one nomination for a conflict of interest."""

    __tablename__ = "award_recusals"
    __table_args__ = (UniqueConstraint("nomination_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewSubmission(db.Model):
    """A reviewer has submitted their scores of one nomination: from then on they see the others'."""

    __tablename__ = "award_review_submissions"
    __table_args__ = (UniqueConstraint("nomination_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Winner(db.Model):
    """A winning nomination, its citation in three languages and the nominee's consent to publication."""

    __tablename__ = "award_winners"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"), unique=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    citation_fi: Mapped[str] = mapped_column(Text, default="")
    citation_sv: Mapped[str] = mapped_column(Text, default="")
    citation_en: Mapped[str] = mapped_column(Text, default="")
    publication_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    publication_consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    nomination: Mapped[Nomination] = relationship(back_populates="winner")
    round: Mapped[AwardRound] = relationship()

    def citation(self, locale: str) -> str:
        return getattr(self, f"citation_{locale}", None) or self.citation_fi

    @property
    def has_publication_consent(self) -> bool:
        return self.publication_consent_at is not None


__all__ = ["DEFAULT_AWARD_NAME", "SCORE_VALUES", "AwardReviewer", "AwardRound", "Nomination", "NomineeKind",
           "Recusal", "ReviewSubmission", "Score", "ScoringCriterion", "Winner"]
