"""Invitation and reminder e-mails: the staff's own texts or the neutral defaults, previews, sending,
and reminders refused within the minimum interval or sent on the survey's schedule.

Mail goes through the outbox in the caller's transaction, in each recipient's language, with
Reply-To set to the council's contact address.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from app.audit.log import record
from app.date_text import datetime_text
from app.errors import DomainError
from app.extensions import db
from app.i18n import current_language
from app.mail.compose import ComposedEmail, compose_email
from app.mail.outbox import queue_email
from app.models import Invitation, Response, ResponseStatus, Survey, User
from app.models.base import utcnow
from app.periods import Phase
from app.public_urls import public_base_url
from app.surveys.definitions import definition_for
from app.surveys.invitations import MAIL_LANGUAGES, invitation_link
from surveys import text

MAIL_KINDS = ("invitation", "reminder")
TEMPLATES = {"invitation": "survey_invitation", "reminder": "survey_reminder"}
MESSAGE_MAX_LENGTH = 5000


def default_message(survey: Survey, kind: str, language: str) -> str:
    """The neutral default message of an invitation or reminder, in `language`."""
    with force_locale(language):
        names = {"council": survey.council.name(language), "survey": _survey_title(survey, language)}
        if kind == "reminder":
            return _("Your association has not yet submitted its answers to the survey “%(survey)s” of "
                     "%(council)s. If you have started, your answers so far are saved.", **names)
        return _("%(council)s invites your association to answer the survey “%(survey)s”. The answers help "
                 "the council to know the associations of its area and to speak for them.", **names)


def message_for(survey: Survey, kind: str, language: str) -> str:
    """The staff's message of this kind in `language`, or the default where they wrote none."""
    written = ((survey.mail_texts or {}).get(kind) or {}).get(language)
    return written if written and written.strip() else default_message(survey, kind, language)


def save_mail_texts(survey: Survey, texts: dict[str, dict[str, str]]) -> None:
    """Store the staff's messages ({kind: {language: text}}); a text equal to the default is not kept,
    so that the default follows the survey's title and council."""
    stored: dict[str, dict[str, str]] = {}
    for kind in MAIL_KINDS:
        for language in MAIL_LANGUAGES:
            value = ((texts.get(kind) or {}).get(language) or "").strip().replace("\r\n", "\n")
            if len(value) > MESSAGE_MAX_LENGTH:
                raise DomainError(_l("A message may be at most %(n)s characters long.", n=MESSAGE_MAX_LENGTH),
                                  field=f"{kind}_{language}")
            if value and value != default_message(survey, kind, language):
                stored.setdefault(kind, {})[language] = value
    survey.mail_texts = stored or None
    db.session.flush()


def _survey_title(survey: Survey, language: str) -> str:
    return text(definition_for(survey.current_version).title, language) if survey.current_version else survey.title


def mail_context(survey: Survey, kind: str, language: str, association_name: str, link: str) -> dict:
    """What the invitation and reminder templates show."""
    closes_at = datetime_text(survey.closes_at, language, weekday=True)
    opens_at = datetime_text(survey.opens_at, language, weekday=True)
    return {
        "message": message_for(survey, kind, language),
        "survey_title": _survey_title(survey, language),
        "council_name": survey.council.name(language),
        "council_email": survey.council.contact_email,
        "reply_to": survey.council.contact_email,
        "association_name": association_name,
        "link": link,
        "closes_at": closes_at,
        "opens_at": opens_at if survey.phase() is Phase.SCHEDULED else "",
    }


def preview_mail(survey: Survey, kind: str, language: str) -> ComposedEmail:
    """The e-mail as a sample association would get it, with a placeholder link."""
    base = public_base_url().rstrip("/")
    with force_locale(language):
        sample = _("Example association")
    return compose_email(TEMPLATES[kind], language,
                         mail_context(survey, kind, language, sample, f"{base}/s/…"))


def _queue(survey: Survey, invitation: Invitation, kind: str) -> None:
    language = invitation.language if invitation.language in MAIL_LANGUAGES else "fi"
    name = invitation.association.name if invitation.association else ""
    queue_email(to=invitation.email, template=TEMPLATES[kind], language=language,
                context=mail_context(survey, kind, language, name, invitation_link(invitation)),
                council_id=survey.council_id, reply_to=survey.council.contact_email)


def _check_can_mail(survey: Survey, now: datetime) -> None:
    if survey.current_version is None:
        raise DomainError(_l("Import the survey definition first."))
    phase = survey.phase(now)
    if phase is Phase.DRAFT:
        raise DomainError(_l("Set the opening time in the settings before sending invitations."))
    if phase is Phase.CLOSED:
        raise DomainError(_l("The survey has closed: no invitations or reminders can be sent."))


def unsent_count(survey: Survey) -> int:
    return db.session.scalar(select(func.count(Invitation.id)).where(
        Invitation.survey_id == survey.id, Invitation.sent_at.is_(None))) or 0


def send_invitations(survey: Survey, user: User | None = None) -> int:
    """Queue an invitation e-mail for every invitation not sent yet; returns how many."""
    now = utcnow()
    _check_can_mail(survey, now)
    pending = db.session.scalars(
        select(Invitation).where(Invitation.survey_id == survey.id, Invitation.sent_at.is_(None),
                                 # an address erased on a person's request (app/personal_data) is empty
                                 Invitation.email != "")
        .order_by(Invitation.id).with_for_update(skip_locked=True))
    count = 0
    for invitation in pending:
        _queue(survey, invitation, "invitation")
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


@dataclass
class ReminderOutcome:
    sent: int
    too_soon: int


class RemindedTooRecently(DomainError):
    """Every invitation due a reminder had one within the minimum interval."""


def reminder_interval() -> timedelta:
    return timedelta(hours=current_app.config["REMINDER_MIN_INTERVAL_HOURS"])


def send_reminders(survey: Survey, user: User | None = None, now: datetime | None = None) -> ReminderOutcome:
    """Queue a reminder for every sent invitation whose response is not submitted and that had no
    reminder within the minimum interval.

    The invitations are claimed by one conditional UPDATE of reminded_at: a second click (or a
    second worker) running at the same moment finds them reminded and claims none, so no
    invitation is reminded twice. Raises RemindedTooRecently when all due were reminded lately.
    """
    now = now or utcnow()
    outcome, last = _remind(survey, user, now)
    if not outcome.sent and outcome.too_soon:
        interval = reminder_interval()
        raise RemindedTooRecently(_l(
            "A reminder was sent to these associations less than %(interval)s ago. The next one can be sent "
            "from %(time)s.", interval=format_timedelta(interval, threshold=2), time=datetime_text(last + interval, current_language())))
    return outcome


def _remind(survey: Survey, user: User | None, now: datetime) -> tuple[ReminderOutcome, datetime | None]:
    _check_can_mail(survey, now)
    if survey.phase(now) is Phase.SCHEDULED:
        raise DomainError(_l("The survey has not opened yet: send reminders once it is open."))
    due = [Invitation.survey_id == survey.id, Invitation.sent_at.is_not(None), _not_submitted(),
           Invitation.email != ""]
    claimed = list(db.session.scalars(
        update(Invitation)
        .where(*due, or_(Invitation.reminded_at.is_(None), Invitation.reminded_at <= now - reminder_interval()))
        .values(reminded_at=now, reminder_count=Invitation.reminder_count + 1)
        .returning(Invitation.id)
        .execution_options(synchronize_session=False)))
    too_soon = (db.session.scalar(select(func.count(Invitation.id)).where(*due)) or 0) - len(claimed)
    last = db.session.scalar(select(func.max(Invitation.reminded_at)).where(*due)) if too_soon else None
    invitations = db.session.scalars(select(Invitation).where(Invitation.id.in_(claimed)).order_by(Invitation.id)
                                     .execution_options(populate_existing=True)) if claimed else []
    for invitation in invitations:
        _queue(survey, invitation, "reminder")
    if claimed:
        record("survey.reminders_sent", council=survey.council_id, target=survey, actor=user, count=len(claimed))
    db.session.flush()
    return ReminderOutcome(len(claimed), too_soon), last


def set_reminder_schedule(survey: Survey, days: list[int]) -> None:
    """Remind automatically `days` before closing (e.g. [7, 2]); an empty list stops the schedule."""
    if any(day < 1 or day > 365 for day in days):
        raise DomainError(_l("Give the days before closing as whole numbers from 1 to 365."), field="reminder_days")
    if days and survey.closes_at is None:
        raise DomainError(_l("Set the closing time before scheduling reminders."), field="reminder_days")
    survey.reminder_days = ",".join(str(day) for day in sorted(set(days), reverse=True)) or None
    db.session.flush()


def _due_point(survey: Survey, now: datetime) -> datetime | None:
    """The latest scheduled reminder moment that has come, if the survey is open with a current version."""
    if survey.closes_at is None or survey.phase(now) is not Phase.OPEN or survey.current_version is None:
        return None
    points = [survey.closes_at - timedelta(days=day) for day in survey.reminder_day_list]
    passed = [point for point in points if point <= now]
    return max(passed) if passed else None


def send_scheduled_reminders(now: datetime | None = None) -> int:
    """Send the reminders whose scheduled moment has come; returns how many e-mails were queued.

    Each survey's moment is claimed by a conditional UPDATE of scheduled_reminder_at, so two
    sweeps never send the same scheduled reminder.
    """
    now = now or utcnow()
    queued = 0
    for survey in db.session.scalars(select(Survey).where(Survey.reminder_days.is_not(None),
                                                          Survey.closes_at > now).order_by(Survey.id)):
        point = _due_point(survey, now)
        if point is None:
            continue
        claimed = db.session.execute(
            update(Survey).where(Survey.id == survey.id, or_(Survey.scheduled_reminder_at.is_(None),
                                                             Survey.scheduled_reminder_at < point))
            .values(scheduled_reminder_at=now).execution_options(synchronize_session=False)).rowcount
        if not claimed:
            continue
        queued += _remind(survey, None, now)[0].sent
    return queued
