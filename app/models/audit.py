"""A log of staff actions: who did what to which record, without personal data in the text."""

import json
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.users import User


class AuditLog(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"), index=True)
    action: Mapped[str] = mapped_column(String(80))
    #: the object acted on, "<type>:<id>" (survey:12, association:40, council:3)
    target: Mapped[str] = mapped_column(String(120), default="")
    #: counts, formats and other facts about the action as JSON; never names or addresses
    details_json: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    user: Mapped[User | None] = relationship()

    @property
    def details(self) -> dict[str, Any]:
        return json.loads(self.details_json or "{}")
