"""Helpers for the outbox tests: read and move rows, take a received message apart."""

from __future__ import annotations

from sqlalchemy import update

from app.extensions import db
from app.models import OutboxMessage


def outbox_row(app, message_id: int) -> OutboxMessage:
    with app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        db.session.expunge(row)
        return row


def set_columns(app, message_id: int, **values) -> None:
    """Move a row's clock or state, as time passing or a crashed worker would leave it."""
    with app.app_context():
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))
        db.session.commit()


def parts(email) -> dict[str, str]:
    """The text/plain and text/html bodies of a received message."""
    return {part.get_content_subtype(): part.get_content() for part in email.walk()
            if part.get_content_maintype() == "text" and not part.is_attachment()}
