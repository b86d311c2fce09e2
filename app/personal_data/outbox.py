"""E-mails in the outbox sent to the address, or written on its behalf (feedback that answers reach)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select

from app.date_text import datetime_text
from app.extensions import db
from app.i18n import current_language
from app.mail.outbox import message_subject, message_text
from app.mail.personal_links import mask_personal_links
from app.models import OutboxMessage
from app.personal_data.base import HeldRecord, PersonalDataProvider, PrivacyEntry, normalised_email, register_provider


def _matching(email: str, council_ids: set[int]):
    address = normalised_email(email)
    return (OutboxMessage.council_id.in_(council_ids),
            or_(func.lower(OutboxMessage.recipient) == address, func.lower(OutboxMessage.reply_to) == address))


@register_provider
class OutboxMessages(PersonalDataProvider):
    name = "outbox"
    order = 90
    label = _l("E-mails sent by the service")

    def find(self, email: str, council_ids: set[int]) -> list[HeldRecord]:
        locale = current_language()
        messages = db.session.scalars(select(OutboxMessage).where(*_matching(email, council_ids))
                                      .order_by(OutboxMessage.id))
        return [HeldRecord(self.name, message.council_id, _("E-mail"), message_subject(message), message.created_at,
                           {_("Recipient"): message.recipient, _("Reply address"): message.reply_to or "",
                            _("Subject"): message_subject(message),
                            _("Sent"): datetime_text(message.sent_at, locale) if message.sent_at else "",
                            # Never a usable personal link: the tokens are masked as on the staff pages.
                            _("Text"): mask_personal_links(message_text(message))})
                for message in messages]

    def erase(self, email: str, council_ids: set[int]) -> int:
        """Delete the messages, sent or not: nothing more is mailed to the address."""
        result = db.session.execute(delete(OutboxMessage).where(*_matching(email, council_ids))
                                    .execution_options(synchronize_session=False))
        return result.rowcount or 0

    def privacy_entry(self, config) -> PrivacyEntry:
        return PrivacyEntry(
            purpose=_("To deliver the e-mails of the service (invitations, reminders, copies of answers, "
                      "receipts) and to show staff that they were sent."),
            legal_basis=_("The same as for the channel that sent the e-mail."),
            data=_("The recipient's e-mail address and the message."),
            retention=_("Sent messages are deleted %(days)s days after sending.",
                        days=config["OUTBOX_RETENTION_DAYS"]),
            recipients=_("The e-mail service provider that delivers the messages."))
