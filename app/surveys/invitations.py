"""Survey invitations: choosing recipients from the register, personal links, invitations and reminders.

Mail goes through the outbox in the same transaction; each e-mail is in the recipient's language
and carries the personal link /s/<token>. The token is re-created from the invitation's nonce, so
a reminder carries the same link without the token ever being stored.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import aliased

from app.audit.log import record
from app.date_text import datetime_text
from app.errors import DomainError
from app.extensions import db
from app.models import Association, Invitation, Response, ResponseStatus, Survey, User
from app.models.base import utcnow
from app.periods import Phase
from app.public_urls import public_url
from app.surveys.definitions import definition_for
from app.surveys.tokens import invitation_token, issue_invitation_token
from surveys import text

RECIPIENT_MODES = ("all", "municipality", "sector", "emails")
MAIL_LANGUAGES = ("fi", "sv", "en")
# Deliberately simple: a pasted address must look like one, the SMTP server decides the rest.
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]{2,}$")


@dataclass
class RecipientChoice:
    """Which associations to invite: all, by municipality, by sector, or a pasted list of e-mails."""

    mode: str
    municipality_codes: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    emails_text: str = ""


@dataclass
class Recipients:
    associations: list[Association] = field(default_factory=list)
    plain_emails: list[str] = field(default_factory=list)
    invalid_lines: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class InvitationOutcome:
    created: int = 0
    skipped: int = 0
    sent: int = 0
    invalid_lines: list[tuple[int, str]] = field(default_factory=list)


def _register(council_id: int):
    # Archived associations have left the register: they are never invited.
    return select(Association).where(Association.council_id == council_id, Association.is_archived.is_(False))


def parse_email_list(pasted: str) -> tuple[list[str], list[tuple[int, str]]]:
    """The distinct addresses in a pasted list (one or more per line), and the invalid entries by line."""
    addresses: list[str] = []
    invalid: list[tuple[int, str]] = []
    seen: set[str] = set()
    for number, line in enumerate(pasted.splitlines(), start=1):
        for part in re.split(r"[;,]", line):
            # "Name <address>" as copied from a mail program; otherwise addresses separated by spaces.
            bracketed = re.search(r"<([^>]*)>", part)
            for item in [bracketed.group(1)] if bracketed else part.split():
                item = item.strip().rstrip(".")
                if not item:
                    continue
                if not _EMAIL.match(item) or len(item) > 254:
                    invalid.append((number, item))
                    continue
                lowered = item.lower()
                if lowered not in seen:
                    seen.add(lowered)
                    addresses.append(lowered)
    return addresses, invalid


def choose_recipients(council_id: int, choice: RecipientChoice) -> Recipients:
    """Resolve a choice against the council's register (archived associations excluded).

    Pasted addresses are matched to the register case-insensitively; an unknown address becomes a
    plain invitation without an association. Raises DomainError when the choice selects nothing.
    """
    if choice.mode not in RECIPIENT_MODES:
        raise DomainError(_l("Choose who to invite."), field="mode")
    query = _register(council_id).order_by(Association.name, Association.id)
    if choice.mode == "municipality":
        if not choice.municipality_codes:
            raise DomainError(_l("Choose at least one municipality."), field="municipalities")
        query = query.where(Association.municipality_code.in_(choice.municipality_codes))
    elif choice.mode == "sector":
        if not choice.sectors:
            raise DomainError(_l("Choose at least one sector."), field="sectors")
        query = query.where(Association.sector.in_(choice.sectors))
    elif choice.mode == "emails":
        addresses, invalid = parse_email_list(choice.emails_text)
        if not addresses and not invalid:
            raise DomainError(_l("Paste at least one e-mail address."), field="emails")
        by_email: dict[str, Association] = {}
        if addresses:
            for association in db.session.scalars(query.where(func.lower(Association.email).in_(addresses))):
                by_email.setdefault(association.email.lower(), association)
        found = [by_email[a] for a in addresses if a in by_email]
        unique = list({a.id: a for a in found}.values())
        return Recipients(unique, [a for a in addresses if a not in by_email], invalid)
    return Recipients(list(db.session.scalars(query)))


def create_invitations(survey: Survey, recipients: Recipients) -> InvitationOutcome:
    """Create an invitation for each recipient who has none yet; existing ones are skipped.

    The database's unique (survey, association) constraint is the final guard against doubles.
    """
    outcome = InvitationOutcome(invalid_lines=recipients.invalid_lines)
    invited_ids = set(db.session.scalars(
        select(Invitation.association_id).where(Invitation.survey_id == survey.id,
                                                Invitation.association_id.is_not(None))))
    invited_emails = set(db.session.scalars(
        select(func.lower(Invitation.email)).where(Invitation.survey_id == survey.id)))
    for association in recipients.associations:
        if association.id in invited_ids:
            outcome.skipped += 1
            continue
        invitation = Invitation(
            survey_id=survey.id, association_id=association.id, email=association.email,
            language=association.language if association.language in MAIL_LANGUAGES else "fi",
            municipality_code=association.municipality_code, sector=association.sector)
        issue_invitation_token(invitation)
        db.session.add(invitation)
        invited_ids.add(association.id)
        invited_emails.add(association.email.lower())
        outcome.created += 1
    for address in recipients.plain_emails:
        if address in invited_emails:
            outcome.skipped += 1
            continue
        invitation = Invitation(survey_id=survey.id, association_id=None, email=address, language="fi")
        issue_invitation_token(invitation)
        db.session.add(invitation)
        invited_emails.add(address)
        outcome.created += 1
    db.session.flush()
    return outcome


def invitation_link(invitation: Invitation) -> str:
    """The personal answering link of an invitation, as an absolute URL."""
    return public_url("surveys.start", token=invitation_token(invitation.token_nonce))


def _mail_context(survey: Survey, invitation: Invitation) -> dict:
    language = invitation.language if invitation.language in MAIL_LANGUAGES else "fi"
    definition = definition_for(survey.current_version)
    closes_at = datetime_text(survey.closes_at, language, weekday=True)
    opens_at = datetime_text(survey.opens_at, language, weekday=True)
    return {
        "survey_title": text(definition.title, language),
        "survey_description": text(definition.description, language) if definition.description else "",
        "council_name": survey.council.name(language),
        "council_email": survey.council.contact_email,
        "association_name": invitation.association.name if invitation.association else "",
        "link": invitation_link(invitation),
        "closes_at": closes_at,
        "opens_at": opens_at if survey.phase() is Phase.SCHEDULED else "",
    }


def _check_can_mail(survey: Survey, now: datetime) -> None:
    if survey.current_version is None:
        raise DomainError(_l("Import the survey definition first."))
    phase = survey.phase(now)
    if phase is Phase.DRAFT:
        raise DomainError(_l("Set the opening time in the settings before sending invitations."))
    if phase is Phase.CLOSED:
        raise DomainError(_l("The survey has closed: no invitations or reminders can be sent."))


def send_invitations(survey: Survey, user: User | None = None) -> int:
    """Queue an invitation e-mail for every invitation not sent yet; returns how many."""
    from app.mail.outbox import queue_email

    now = utcnow()
    _check_can_mail(survey, now)
    pending = db.session.scalars(
        select(Invitation).where(Invitation.survey_id == survey.id, Invitation.sent_at.is_(None))
        .order_by(Invitation.id).with_for_update(skip_locked=True))
    count = 0
    for invitation in pending:
        queue_email(to=invitation.email, template="survey_invitation", language=invitation.language,
                    context=_mail_context(survey, invitation), council_id=survey.council_id)
        invitation.sent_at = now
        count += 1
    if count:
        record("survey.invitations_sent", council=survey.council_id, target=survey, actor=user, count=count)
    db.session.flush()
    return count


def _not_submitted():
    submitted = select(Response.invitation_id).where(
        Response.invitation_id.is_not(None), Response.status == ResponseStatus.SUBMITTED)
    return Invitation.id.not_in(submitted)


def send_reminders(survey: Survey, user: User | None = None) -> int:
    """Queue a reminder for every sent invitation whose response has not been submitted."""
    from app.mail.outbox import queue_email

    now = utcnow()
    _check_can_mail(survey, now)
    if survey.phase(now) is Phase.SCHEDULED:
        raise DomainError(_l("The survey has not opened yet: send reminders once it is open."))
    due = db.session.scalars(
        select(Invitation).where(Invitation.survey_id == survey.id, Invitation.sent_at.is_not(None),
                                 _not_submitted())
        .order_by(Invitation.id).with_for_update(skip_locked=True))
    count = 0
    for invitation in due:
        queue_email(to=invitation.email, template="survey_reminder", language=invitation.language,
                    context=_mail_context(survey, invitation), council_id=survey.council_id)
        invitation.reminded_at = now
        invitation.reminder_count += 1
        count += 1
    if count:
        record("survey.reminders_sent", council=survey.council_id, target=survey, actor=user, count=count)
    db.session.flush()
    return count


@dataclass(frozen=True)
class InvitationRow:
    id: int
    name: str
    email: str
    language: str
    municipality_code: str | None
    sector: str | None
    sent_at: datetime | None
    reminded_at: datetime | None
    reminder_count: int
    status: str  # not_sent, sent, started, submitted


def _status_expression():
    return case(
        (Response.status == ResponseStatus.SUBMITTED, "submitted"),
        (Response.id.is_not(None), "started"),
        (Invitation.sent_at.is_not(None), "sent"),
        else_="not_sent",
    )


def invitation_counts(survey: Survey) -> dict[str, int]:
    """Invitations by status: not_sent, sent, started, submitted, and total."""
    status = _status_expression()
    rows = db.session.execute(
        select(status, func.count(Invitation.id)).select_from(Invitation)
        .outerjoin(Response, Response.invitation_id == Invitation.id)
        .where(Invitation.survey_id == survey.id).group_by(status))
    counts = {name: 0 for name in ("not_sent", "sent", "started", "submitted")}
    counts.update({name: count for name, count in rows})
    counts["total"] = sum(counts.values())
    return counts


def invitation_rows(survey: Survey, *, status: str = "", query: str = "", limit: int = 100,
                    offset: int = 0) -> tuple[list[InvitationRow], int]:
    """One page of the survey's invitations with each one's state, and the number that match."""
    member = aliased(Association)
    state = _status_expression()
    base = (select(Invitation, member.name, state.label("state")).select_from(Invitation)
            .outerjoin(member, member.id == Invitation.association_id)
            .outerjoin(Response, Response.invitation_id == Invitation.id)
            .where(Invitation.survey_id == survey.id))
    if status:
        base = base.where(state == status)
    if query:
        pattern = f"%{query.strip().lower()[:100]}%"
        base = base.where(or_(func.lower(member.name).like(pattern), func.lower(Invitation.email).like(pattern)))
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    rows = db.session.execute(base.order_by(func.lower(func.coalesce(member.name, Invitation.email)), Invitation.id)
                              .limit(limit).offset(offset))
    return [InvitationRow(inv.id, name or "", inv.email, inv.language, inv.municipality_code, inv.sector,
                          inv.sent_at, inv.reminded_at, inv.reminder_count, state_value)
            for inv, name, state_value in rows], total
