"""E-mails waiting to be sent, written in the same transaction as what caused them."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow


class OutboxStatus(enum.Enum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"), index=True)
    template: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(2))
    recipient: Mapped[str] = mapped_column(String(254))
    reply_to: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # An .ics or other attachment: filename, MIME type and content.
    attachment_name: Mapped[str | None] = mapped_column(String(120))
    attachment_type: Mapped[str | None] = mapped_column(String(80))
    attachment_data: Mapped[bytes | None] = mapped_column(db.LargeBinary)
    # The template context of a message whose bodies its send job renders (`queue_email(compose_in_job=True)`);
    # None once they are (body_text and body_html are empty until then).
    context: Mapped[dict | None] = mapped_column(JSON)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
