"""Survey invitations: choosing recipients from the register, creating invitations, personal links, the list.

The e-mails (invitations and reminders) are in `app/surveys/invitation_mail.py`. The link is
/s/<token>; the token is re-created from the invitation's nonce, so a reminder carries the same
link without the token ever being stored.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import aliased

from app.errors import DomainError
from app.extensions import db
from app.models import Association, Invitation, Response, ResponseStatus, Survey
from app.public_urls import public_url
from app.surveys.tokens import invitation_token, issue_invitation_token

RECIPIENT_MODES = ("all", "municipality", "sector", "emails")
MAIL_LANGUAGES = ("fi", "sv", "en")
# Deliberately simple: a pasted address must look like one, the SMTP server decides the rest.
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]{2,}$")


@dataclass
class RecipientChoice:
    """Which associations to invite: all, by municipality and/or sector, or a pasted list of e-mails.

    Ticked municipalities and sectors always narrow the audience, whatever the radio button says:
    "all" with Nurmes ticked means the associations of Nurmes, never the whole register.
    """

    mode: str
    municipality_codes: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    emails_text: str = ""

    @property
    def audience(self) -> str:
        """all, municipality, sector, municipality_sector or emails: what the choice selects."""
        if self.mode == "emails":
            return "emails"
        municipalities = bool(self.municipality_codes) or self.mode == "municipality"
        sectors = bool(self.sectors) or self.mode == "sector"
        if municipalities and sectors:
            return "municipality_sector"
        return "municipality" if municipalities else "sector" if sectors else "all"


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


def register_size(council_id: int) -> int:
    """How many associations of the register can be invited."""
    return db.session.scalar(select(func.count()).select_from(_register(council_id).subquery())) or 0


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
    audience = choice.audience
    if audience in ("municipality", "municipality_sector"):
        if not choice.municipality_codes:
            raise DomainError(_l("Choose at least one municipality."), field="municipalities")
        query = query.where(Association.municipality_code.in_(choice.municipality_codes))
    if audience in ("sector", "municipality_sector"):
        if not choice.sectors:
            raise DomainError(_l("Choose at least one sector."), field="sectors")
        query = query.where(Association.sector.in_(choice.sectors))
    if audience == "emails":
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


@dataclass
class InvitationPlan:
    """What creating the invitations would do: the new ones, the ones skipped, the e-mails sent."""

    new_associations: list[Association] = field(default_factory=list)
    new_emails: list[str] = field(default_factory=list)
    skipped: int = 0
    unsent_before: int = 0

    @property
    def created(self) -> int:
        return len(self.new_associations) + len(self.new_emails)

    def mailed(self, send_now: bool) -> int:
        """How many invitation e-mails go out if sent now: the new ones and those created earlier."""
        return self.created + self.unsent_before if send_now else 0


def plan_invitations(survey: Survey, recipients: Recipients) -> InvitationPlan:
    """Who of `recipients` would get a new invitation (none twice), without creating any."""
    plan = InvitationPlan()
    invited_ids = set(db.session.scalars(
        select(Invitation.association_id).where(Invitation.survey_id == survey.id,
                                                Invitation.association_id.is_not(None))))
    invited_emails = set(db.session.scalars(
        select(func.lower(Invitation.email)).where(Invitation.survey_id == survey.id)))
    plan.unsent_before = db.session.scalar(select(func.count(Invitation.id)).where(
        Invitation.survey_id == survey.id, Invitation.sent_at.is_(None))) or 0
    for association in recipients.associations:
        if association.id in invited_ids:
            plan.skipped += 1
            continue
        plan.new_associations.append(association)
        invited_ids.add(association.id)
        invited_emails.add(association.email.lower())
    for address in recipients.plain_emails:
        if address in invited_emails:
            plan.skipped += 1
            continue
        plan.new_emails.append(address)
        invited_emails.add(address)
    return plan


def create_invitations(survey: Survey, recipients: Recipients) -> InvitationOutcome:
    """Create an invitation for each recipient who has none yet; existing ones are skipped.

    The database's unique (survey, association) constraint is the final guard against doubles.
    """
    plan = plan_invitations(survey, recipients)
    outcome = InvitationOutcome(created=plan.created, skipped=plan.skipped, invalid_lines=recipients.invalid_lines)
    for association in plan.new_associations:
        invitation = Invitation(
            survey_id=survey.id, association_id=association.id, email=association.email,
            language=association.language if association.language in MAIL_LANGUAGES else "fi",
            municipality_code=association.municipality_code, sector=association.sector)
        issue_invitation_token(invitation)
        db.session.add(invitation)
    for address in plan.new_emails:
        invitation = Invitation(survey_id=survey.id, association_id=None, email=address, language="fi")
        issue_invitation_token(invitation)
        db.session.add(invitation)
    db.session.flush()
    return outcome


def invitation_link(invitation: Invitation) -> str:
    """The personal answering link of an invitation, as an absolute URL."""
    return public_url("surveys.start", token=invitation_token(invitation.token_nonce))


@dataclass(frozen=True)
class InvitationRow:
    id: int
    name: str
    email: str
    language: str
    municipality_code: str | None
    sector: str | None
    sent_at: datetime | None
    reminded_at: datetime | None  # the last reminder
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
