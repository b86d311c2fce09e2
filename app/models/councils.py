"""Councils (JANE): regional councils and their local councils, with the municipalities they cover."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow


class CouncilKind(enum.Enum):
    REGIONAL = "regional"
    LOCAL = "local"


class Council(db.Model):
    __tablename__ = "councils"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[CouncilKind] = mapped_column(enum_column(CouncilKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(2))
    name_fi: Mapped[str] = mapped_column(String(200))
    name_sv: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    description_fi: Mapped[str] = mapped_column(Text, default="")
    description_sv: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # The longer text of the council's page, in Markdown (app/councils/markdown_text.py renders it).
    page_text_fi: Mapped[str] = mapped_column(Text, default="", server_default="")
    page_text_sv: Mapped[str | None] = mapped_column(Text)
    page_text_en: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped["Council | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Council"]] = relationship(back_populates="parent", order_by="Council.name_fi")
    municipalities: Mapped[list["CouncilMunicipality"]] = relationship(
        back_populates="council", cascade="all, delete-orphan", order_by="CouncilMunicipality.code"
    )

    def name(self, locale: str) -> str:
        """The council's name in the locale, falling back to Finnish."""
        return getattr(self, f"name_{locale}", None) or self.name_fi

    def description(self, locale: str) -> str:
        return getattr(self, f"description_{locale}", None) or self.description_fi

    def page_text(self, locale: str) -> str:
        """The page's longer Markdown text in the locale, falling back to Finnish."""
        return getattr(self, f"page_text_{locale}", None) or self.page_text_fi

    @property
    def is_regional(self) -> bool:
        return self.kind is CouncilKind.REGIONAL

    @property
    def municipality_codes(self) -> list[str]:
        return [m.code for m in self.municipalities]

    @property
    def region_root(self) -> "Council":
        council = self
        while council.parent is not None:
            council = council.parent
        return council

    def __repr__(self) -> str:
        return f"<Council {self.slug}>"


class CouncilMunicipality(db.Model):
    """A municipality (Statistics Finland code) in a council's area."""

    __tablename__ = "council_municipalities"
    __table_args__ = (UniqueConstraint("council_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(3))

    council: Mapped[Council] = relationship(back_populates="municipalities")
