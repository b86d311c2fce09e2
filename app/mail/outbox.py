"""The e-mail outbox: messages written in the request's transaction, sent by a job after commit.

The send job is enqueued with `app.background.enqueue_after_commit`; when Redis cannot take it, the
message stays due and the outbox sweep (every minute) enqueues it.

Life of a message (`OutboxMessage.status`):

    PENDING --claim--> SENDING --SMTP accepted--> SENT
       ^                  |
       +-- SMTP failed ---+--> FAILED (a permanent refusal, or MAIL_MAX_ATTEMPTS used up)

A message is *due* while it is PENDING or SENDING and `next_attempt_at` has passed. Claiming sets
SENDING and moves `next_attempt_at` STUCK_AFTER ahead: the claim is a lease. A send job that dies
between the claim and the result leaves the row SENDING, and once the lease runs out the row is
due again. Delivery is therefore at least once: if the worker dies after the SMTP server accepted
the message but before SENT is committed, the message is sent a second time (with the same
Message-ID) after STUCK_AFTER. The other choice, at most once, would lose such a message for good;
a duplicate reset link or invitation does less harm than a missing one.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr
from functools import lru_cache
from typing import NamedTuple

from flask import current_app
from redis.exceptions import RedisError
from rq.job import Job, JobStatus
from sqlalchemy import bindparam, case, func, insert, select
from sqlalchemy.sql.selectable import CTE

from app.background import PendingJob, enqueue_after_commit, enqueue_now
from app.extensions import db, queue
from app.mail.compose import compose_email, compose_subject, mail_language
from app.mail.personal_links import mask_personal_links
from app.models import OutboxMessage, OutboxStatus
from app.models.base import utcnow
from app.table_generations import touch_tables

log = logging.getLogger(__name__)

MAIL_QUEUE = "mail"
SEND_JOB = "app.jobs.mail.send_outbox_message"
# How long a claim (SENDING) holds before the message counts as stuck and is tried again.
STUCK_AFTER = timedelta(minutes=10)
RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=1)
SWEEP_BATCH = 500


_messages = OutboxMessage.__table__
_INSERT_MESSAGE = insert(_messages).returning(_messages.c.id)
#: the columns of a new message that `message_values` leaves to the database
_LEFT_TO_THE_DATABASE = ("id", "last_error", "sent_at")
#: the columns of a message that `insert_choosing` takes in two versions, one chosen for each row
CHOSEN_COLUMNS = ("context", "attachment_name", "attachment_type", "attachment_data")


class Attachment(NamedTuple):
    filename: str
    content_type: str
    data: bytes


def queue_email(*, to: str, template: str, language: str, context: dict, council_id: int | None = None,
                attachment: Attachment | None = None, reply_to: str | None = None,
                compose_in_job: bool = False) -> int:
    """Write an e-mail to the outbox in the caller's transaction, rendered in the recipient's language.

    Returns the message's id. Never commits. The send job is enqueued only after the caller's commit; on
    rollback nothing is sent. `attachment` is an Attachment(filename, content_type, data), e.g. an .ics
    file; `reply_to` an address that answers reach (the council's contact address). With `compose_in_job`
    nothing is rendered now: the send job renders the subject and bodies from `context`, which must then be
    plain JSON (strings, numbers, lists, dicts: a lazy string is not; json raises TypeError for it), and until
    then `message_subject` and `message_text` render them for the pages that show the message.
    """
    return queue_message(message_values(to=to, template=template, language=language, context=context,
                                        council_id=council_id, attachment=attachment, reply_to=reply_to,
                                        compose_in_job=compose_in_job))


def queue_message(values: dict) -> int:
    """Write a message given as its row (`message_values`) to the outbox, as `queue_email` does."""
    # One INSERT built once, not an object and a flush: nothing reads the row back in the request, and
    # a public POST's e-mail was a unit of work of its own. On the session's connection, in its transaction: the
    # session's own execute cost more than the statement, and a Core INSERT needs none of it (no autoflush);
    # the outbox's table counter is named here instead, as the session's execute moved it.
    touch_tables(db.session, (OutboxMessage,))
    message_id = db.session.connection().execute(_INSERT_MESSAGE, values).scalar_one()
    _send_after_commit(message_id, 0)
    return message_id


def message_values(*, to: str, template: str, language: str, context: dict, council_id: int | None = None,
                   attachment: Attachment | None = None, reply_to: str | None = None,
                   compose_in_job: bool = False) -> dict:
    """The outbox row of a message as `queue_email` writes it (its arguments mean the same), by column name."""
    now = utcnow()
    if compose_in_job:
        language = mail_language(language)
        # Nothing rendered here, not even the subject (a tenth of a registration's Python calls when it was): the
        # pages that show a message the job has not composed yet render it from the context (`message_subject`).
        subject, text, html = "", "", ""
        json.dumps(context)  # refused here, in the request, rather than by the job
        stored_context = context
    else:
        composed = compose_email(template, language, context)
        language, subject, text, html = composed.language, composed.subject, composed.text, composed.html
        stored_context = None
    name, content_type, data = attachment if attachment is not None else (None, None, None)
    return {"council_id": council_id, "template": template, "language": language, "recipient": to.strip(),
            "reply_to": reply_to.strip() if reply_to else None, "subject": subject, "body_text": text,
            "body_html": html, "context": stored_context, "message_id": make_msgid(domain=_message_id_domain()),
            "status": OutboxStatus.PENDING, "attempts": 0, "created_at": now, "next_attempt_at": now,
            "attachment_name": name, "attachment_type": content_type, "attachment_data": data}


def insert_choosing(source, condition) -> CTE:
    """An INSERT of one message for each row of `source` (a CTE of the same statement, such as an INSERT ...
    RETURNING), as a CTE returning the message's id: where `condition` (over `source`'s columns) holds, the
    CHOSEN_COLUMNS are the parameters `message_<column>_if`, else `message_<column>_else`; the other columns are the
    parameters `message_<column>` (prefixed, not to meet the source's own). `choice_parameters` makes them all.

    For a message whose content depends on what the statement decides (a registration confirmed or put on the
    waiting list) written in the statement that decides it, PostgreSQL only (SQLite takes no INSERT in a
    WITH clause): one round trip to the database less, each one time that a lock may be held. The caller names
    the outbox's table counter (`touch_tables`) and calls `send_after_commit` with the id."""
    columns = [column for column in _messages.c if column.key not in _LEFT_TO_THE_DATABASE]
    chosen = {column.key: case((condition, bindparam(f"message_{column.key}_if", type_=column.type)),
                               else_=bindparam(f"message_{column.key}_else", type_=column.type))
              for column in columns if column.key in CHOSEN_COLUMNS}
    values = [chosen.get(column.key, bindparam(f"message_{column.key}", type_=column.type)) for column in columns]
    return (insert(_messages).from_select([column.key for column in columns], select(*values).select_from(source))
            .returning(_messages.c.id).cte("message"))


def choice_parameters(if_values: dict, else_values: dict) -> dict:
    """The parameters of an `insert_choosing` statement from two messages' `message_values`: the CHOSEN_COLUMNS of
    each, the other columns from `if_values`."""
    parameters = {f"message_{key}": value for key, value in if_values.items() if key not in CHOSEN_COLUMNS}
    for key in CHOSEN_COLUMNS:
        parameters[f"message_{key}_if"], parameters[f"message_{key}_else"] = if_values[key], else_values[key]
    return parameters


def send_after_commit(message_id: int) -> None:
    """Enqueue the first send job of a message written by the caller's own statement (`insert_choosing`) once the
    transaction commits, as `queue_email` does for its own."""
    _send_after_commit(message_id, 0)


def _composed(message: OutboxMessage):
    return compose_email(message.template, message.language, message.context)


def message_subject(message: OutboxMessage) -> str:
    """The message's subject, rendered from its context when the send job has not composed it yet (nothing is
    stored)."""
    if message.context is not None:
        return compose_subject(message.template, message.language, message.context)
    return message.subject


def message_text(message: OutboxMessage) -> str:
    """The message's plain-text body, rendered from its context when the send job has not composed it yet
    (nothing is stored)."""
    return _composed(message).text if message.context is not None else message.body_text


def _message_id_domain() -> str:
    return _domain_of(current_app.config["MAIL_DEFAULT_SENDER"])


@lru_cache(maxsize=8)
def _domain_of(sender: str) -> str:
    # Parsing the address cost as much as the rest of writing a message's row.
    return parseaddr(sender)[1].rpartition("@")[2] or "yhteisaani.invalid"


def _send_job(message_id: int, attempts: int, at: datetime | None = None) -> PendingJob:
    return PendingJob(SEND_JOB, (message_id,), MAIL_QUEUE, send_job_id(message_id, attempts), at)


def _send_after_commit(message_id: int, attempts: int, at: datetime | None = None) -> None:
    enqueue_after_commit(SEND_JOB, message_id, queue_name=MAIL_QUEUE, job_id=send_job_id(message_id, attempts), at=at)


def send_job_id(message_id: int, attempts: int) -> str:
    """One job id per message and attempt, so that a sweep does not queue a job that is already waiting."""
    return f"outbox-{message_id}-{attempts}"


def enqueue_sends(messages: list[tuple[int, int]]) -> int:
    """Enqueue send jobs now for (message id, attempts) pairs not already waiting; returns how many.

    A message whose job for this attempt is still queued, scheduled or running is left alone: a long
    queue must not grow by a copy of itself at every sweep. Never raises for Redis: the rows stay
    due and the next sweep enqueues them.
    """
    if not messages:
        return 0
    try:
        waiting = _waiting_job_ids([send_job_id(*pair) for pair in messages], queue(MAIL_QUEUE).connection)
    except (RedisError, OSError) as error:
        # Only counts and the kind of error: the log must not carry addresses.
        log.warning("Could not look up %d outbox message(s), the next sweep will: %s", len(messages),
                    type(error).__name__)
        return 0
    return enqueue_now([_send_job(*pair) for pair in messages if send_job_id(*pair) not in waiting])


def _waiting_job_ids(job_ids: list[str], connection) -> set[str]:
    waiting = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.STARTED, JobStatus.DEFERRED}
    jobs = Job.fetch_many(job_ids, connection=connection)
    return {job.id for job in jobs if job is not None and job.get_status(refresh=False) in waiting}


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off after the n-th failed attempt: 1, 2, 4 … minutes, at most an hour."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)


def _is_due(now: datetime):
    waiting = OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
    return waiting & (OutboxMessage.next_attempt_at <= now)


def claim_message(message_id: int, now: datetime) -> OutboxMessage | None:
    """Lock the message and mark it SENDING for this attempt (rendering the bodies of a message queued with
    `compose_in_job`), or None when it is not due.

    Not due means: gone, SENT, FAILED, claimed by another job less than STUCK_AFTER ago, or
    waiting for its back-off. The caller commits the claim before talking to SMTP.
    """
    message = db.session.get(OutboxMessage, message_id, with_for_update=True, populate_existing=True)
    if message is None or message.status not in (OutboxStatus.PENDING, OutboxStatus.SENDING):
        return None
    if message.next_attempt_at > now:
        return None
    message.status = OutboxStatus.SENDING
    message.attempts += 1
    message.next_attempt_at = now + STUCK_AFTER
    if message.context is not None:
        composed = _composed(message)
        message.subject, message.body_text, message.body_html = composed.subject, composed.text, composed.html
        message.context = None
    db.session.flush()
    return message


def record_sent(message_id: int, now: datetime) -> None:
    """Mark the message SENT and keep its text with the personal links masked (the recipient has them)."""
    message = db.session.get(OutboxMessage, message_id, with_for_update=True, populate_existing=True)
    message.status = OutboxStatus.SENT
    message.sent_at = now
    message.last_error = None
    _scrub_personal_links(message)
    db.session.flush()


def _scrub_personal_links(message: OutboxMessage) -> None:
    message.context = None
    message.body_text = mask_personal_links(message.body_text)
    message.body_html = mask_personal_links(message.body_html)


def record_failure(message_id: int, error_text: str, now: datetime, *, permanent: bool = False) -> OutboxMessage:
    """Store a failed attempt: PENDING again after the back-off (its send job scheduled after the
    caller's commit), or FAILED when the refusal is permanent or MAIL_MAX_ATTEMPTS are used up."""
    message = db.session.get(OutboxMessage, message_id, with_for_update=True, populate_existing=True)
    message.last_error = error_text
    if permanent or message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        message.status = OutboxStatus.FAILED
        _scrub_personal_links(message)  # never sent again: the links need not be kept
    else:
        message.status = OutboxStatus.PENDING
        message.next_attempt_at = now + retry_delay(message.attempts)
        _send_after_commit(message.id, message.attempts, at=message.next_attempt_at)
    db.session.flush()
    return message


def due_messages(now: datetime, limit: int = SWEEP_BATCH) -> list[tuple[int, int]]:
    """(id, attempts) of the messages due now, oldest first: left behind, retries, stuck claims."""
    rows = db.session.execute(
        select(OutboxMessage.id, OutboxMessage.attempts)
        .where(_is_due(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return [(row.id, row.attempts) for row in rows]


def council_messages(council_id: int, *, limit: int, offset: int) -> tuple[list[OutboxMessage], int]:
    """One page of a council's messages, newest first, and how many it has in all."""
    total = db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.council_id == council_id))
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.council_id == council_id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total or 0

