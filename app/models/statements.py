"""What staff write into the public statements: a council's part of its privacy notice, and the
platform's editable texts of the accessibility statement (the supervisory authority's contact)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.councils import Council


class PrivacyNotice(db.Model):
    """The council-specific parts of a council's privacy notice; the rest comes from the settings."""

    __tablename__ = "privacy_notices"

    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), primary_key=True)
    controller: Mapped[str] = mapped_column(Text, default="")  # the controller's legal name and postal address
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    extra_fi: Mapped[str] = mapped_column(Text, default="")
    extra_sv: Mapped[str] = mapped_column(Text, default="")
    extra_en: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    council: Mapped[Council] = relationship()

    def extra(self, locale: str) -> str:
        """The council's own text in the locale, else in Finnish."""
        return getattr(self, f"extra_{locale}", "") or self.extra_fi


class PlatformText(db.Model):
    """A text of the whole platform that admins may edit, by key ("accessibility_authority"); a missing
    row or language means the built-in text."""

    __tablename__ = "platform_texts"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    text_fi: Mapped[str] = mapped_column(Text, default="")
    text_sv: Mapped[str] = mapped_column(Text, default="")
    text_en: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def text(self, locale: str) -> str:
        return getattr(self, f"text_{locale}", "") or ""
