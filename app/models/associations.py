"""The association register: the contact list a council keeps of the associations in its area."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.councils import Council

SECTORS = (
    "social_health",
    "sports",
    "culture",
    "youth",
    "children_families",
    "pensioners",
    "village",
    "environment",
    "education",
    "disability",
    "multicultural",
    "religious",
    "hobby",
    "other",
)


class Association(db.Model):
    __tablename__ = "associations"
    __table_args__ = (
        UniqueConstraint("council_id", "register_number"),
        UniqueConstraint("council_id", "business_id"),
        Index("ix_associations_council_name", "council_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    register_number: Mapped[str | None] = mapped_column(String(20))
    business_id: Mapped[str | None] = mapped_column(String(9))
    municipality_code: Mapped[str] = mapped_column(String(3), index=True)
    sector: Mapped[str] = mapped_column(String(30), index=True)
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40), default="")
    language: Mapped[str] = mapped_column(String(2), default="fi")
    has_listing_consent: Mapped[bool] = mapped_column(default=False)
    is_archived: Mapped[bool] = mapped_column(default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council] = relationship()
