"""Turning an outbox row into a MIME message and handing it to SMTP (or to a file in development)."""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from flask import current_app

from app.models import OutboxMessage

_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>@]+>?")
ERROR_MAX_LENGTH = 500


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """A multipart/alternative text + HTML message (inside multipart/mixed when it has an attachment)."""
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = sender
    email["To"] = message.recipient
    if message.reply_to:
        email["Reply-To"] = message.reply_to
    email["Date"] = formatdate(usegmt=True)
    # The same Message-ID on every attempt, so that a resend after a crash can be recognised.
    email["Message-ID"] = message.message_id
    # RFC 3834: tells vacation responders not to answer an automatic message.
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body_text, subtype="plain", cte="quoted-printable")
    email.add_alternative(message.body_html, subtype="html", cte="quoted-printable")
    if message.attachment_data is not None:
        maintype, _, subtype = (message.attachment_type or "application/octet-stream").partition("/")
        # A text part without a charset is US-ASCII (RFC 2046): say UTF-8, or "Föreningsforum" in an .ics is garbled.
        email.add_attachment(
            message.attachment_data, maintype=maintype, subtype=subtype or "octet-stream",
            filename=message.attachment_name or "attachment",
            params={"charset": "utf-8"} if maintype == "text" else {},
        )
    # After the bodies: set_content() and add_alternative() move Content-* headers into the parts.
    email["Content-Language"] = message.language
    return email


def deliver(email: EmailMessage, message_id: int) -> None:
    """Send through MAIL_SERVER, or with MAIL_BACKEND "file" write INSTANCE_DIR/outbox/<id>.eml.

    Raises smtplib.SMTPException or OSError when the message could not be handed over.
    """
    config = current_app.config
    if config["MAIL_BACKEND"] == "file":
        _write_file(email, message_id, Path(config["INSTANCE_DIR"]) / "outbox")
        return
    _send_smtp(email, config)


def _write_file(email: EmailMessage, message_id: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{message_id:08d}.eml"
    partial = target.with_suffix(".eml.partial")
    partial.write_bytes(bytes(email))
    # A rename is atomic: a reader never sees half a message, and a second run replaces, not adds.
    os.replace(partial, target)


def _send_smtp(email: EmailMessage, config) -> None:
    timeout = config["MAIL_TIMEOUT"]
    context = ssl.create_default_context()
    if config["MAIL_USE_SSL"]:
        connection = smtplib.SMTP_SSL(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout, context=context)
    else:
        connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout)
    with connection:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            connection.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        connection.send_message(email)


def is_permanent(error: Exception) -> bool:
    """Whether the server refused for good (a 5xx answer): trying again would not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def describe_error(error: Exception) -> str:
    """The error for last_error and the log: its kind and code, with e-mail addresses blanked out."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _ in error.recipients.values()})
        text = f"SMTPRecipientsRefused ({', '.join(codes)})"
    elif isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error
        detail = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        text = f"{type(error).__name__} ({error.smtp_code}): {detail}"
    else:
        text = f"{type(error).__name__}: {error}"
    return " ".join(_ADDRESS.sub("<address>", text).split())[:ERROR_MAX_LENGTH]
