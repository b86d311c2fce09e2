"""Writing audit rows, and reading a council's rows back for the audit log page."""

import json
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditLog, Council, User
from app.local_time import local_day_start

#: what the audit log page calls each action; an action missing here is shown by its code
ACTION_LABELS = {
    "association.create": _l("Association added"),
    "association.update": _l("Association changed"),
    "association.archive": _l("Association archived"),
    "association.restore": _l("Association restored"),
    "association.import": _l("Register imported from a file"),
    "association.export_csv": _l("Register downloaded (CSV)"),
    "association.export_xlsx": _l("Register downloaded (XLSX)"),
    "survey.create": _l("Survey imported"),
    "survey.new_version": _l("New survey version"),
    "survey.replace_version": _l("Survey version replaced"),
    "survey.settings": _l("Survey settings changed"),
    "survey.publish": _l("Survey published"),
    "survey.invitations_sent": _l("Invitations sent"),
    "survey.reminders_sent": _l("Reminders sent"),
    "survey.export_csv": _l("Responses downloaded (CSV)"),
    "survey.export_xlsx": _l("Responses downloaded (XLSX)"),
    "survey.results_publish": _l("Results page published"),
    "survey.results_unpublish": _l("Results page unpublished"),
    "survey.results_texts": _l("Texts on the results page chosen"),
    "personal_data.search": _l("Personal data searched for a person's request"),
    "personal_data.export_json": _l("A person's data downloaded (JSON)"),
    "personal_data.export_pdf": _l("A person's data downloaded (PDF)"),
    "personal_data.erase": _l("A person's data erased"),
    "privacy.notice_update": _l("Privacy notice changed"),
    "accessibility.authority_update": _l("Supervisory authority's contact changed"),
    "proposal.receive": _l("Proposal received"),
    "proposal.status": _l("Proposal status changed"),
    "proposal.note": _l("Internal note added to a proposal"),
    "proposal.export_csv": _l("Proposals downloaded (CSV)"),
    "proposal.contacts_removed": _l("Proposers' contact details removed"),
    "meeting.create": _l("Meeting added"),
    "meeting.item": _l("Item added to an agenda"),
    "meeting.agenda_publish": _l("Agenda published"),
    "meeting.decisions": _l("Decisions recorded"),
    "meeting.minutes_publish": _l("Minutes published"),
    "team.invite": _l("Person invited to the team"),
    "team.invitation_resend": _l("Team invitation sent again"),
    "team.invitation_withdraw": _l("Team invitation withdrawn"),
    "team.invitation_accept": _l("Team invitation accepted"),
    "team.role_change": _l("Team member's role changed"),
    "team.member_remove": _l("Team member removed"),
    "event.create": _l("Event created"),
    "event.update": _l("Event changed"),
    "event.copy": _l("Event copied"),
    "event.publish": _l("Event published"),
    "event.unpublish": _l("Event taken down"),
    "event.cancel": _l("Event cancelled"),
    "event.capacity": _l("Event capacity changed"),
    "event.message": _l("Participants e-mailed"),
    "event.export_csv": _l("Participants downloaded (CSV)"),
    "event.export_xlsx": _l("Participants downloaded (XLSX)"),
    "event.sign_in_sheet": _l("Sign-in sheet printed"),
    "event.walk_in": _l("Walk-in added"),
    "event.promote": _l("Waiting list promoted by staff"),
    "award.round_open": _l("Award round opened"),
    "award.round_update": _l("Award round changed"),
    "award.reviewers": _l("Award reviewers assigned"),
    "award.decision": _l("Award decision date recorded"),
    "award.merge": _l("Award nominations merged"),
    "award.shortlist": _l("Award shortlist changed"),
    "award.score": _l("Award nomination scored"),
    "award.recuse": _l("Reviewer recused from a nomination"),
    "award.winner": _l("Award winner recorded"),
    "award.winner_remove": _l("Award winner removed"),
    "award.retention": _l("Award nominations' personal data removed"),
    "award.export_xlsx": _l("Award nominations downloaded (XLSX)"),
    "award.export_pdf": _l("Award dossier downloaded (PDF)"),
    "council_page.texts": _l("Council page texts changed"),
    "council_page.add": _l("Added to the council page"),
    "council_page.change": _l("Changed on the council page"),
    "council_page.remove": _l("Removed from the council page"),
    "council_page.move": _l("Moved on the council page"),
}

#: what the audit log page calls each detail
DETAIL_LABELS = {
    "count": _l("number"),
    "rows": _l("rows"),
    "new": _l("new"),
    "updated": _l("updated"),
    "unchanged": _l("unchanged"),
    "subject": _l("person (coded)"),
    "role": _l("role"),
    "previous_role": _l("previous role"),
    "language": _l("language"),
    "changed": _l("changed"),
    "part": _l("part"),
}

#: what a detail may hold: counts, codes and flags, never free text typed about a person
DetailValue = int | bool | str | None


def _target(target) -> str:
    if target is None or isinstance(target, str):
        return target or ""
    return f"{type(target).__name__.lower()}:{target.id}"


def record(action: str, *, council: Council | int | None, target=None, actor: User | int | None = None,
           **details: DetailValue) -> AuditLog:
    """Add an audit row for `action` ("<area>.<verb>", listed in ACTION_LABELS) in the request's transaction.

    `target` is the object acted on: a model instance (its class and id are kept) or "<type>:<id>".
    `details` are facts about the action (counts, a file format), never personal data: no names,
    addresses or typed texts.
    """
    for name, value in details.items():
        if not isinstance(value, DetailValue.__args__):
            raise TypeError(f"audit detail {name!r} must be a number, flag or code, not {type(value).__name__}")
    entry = AuditLog(user_id=actor if isinstance(actor, int) or actor is None else actor.id,
                     council_id=council if isinstance(council, int) or council is None else council.id,
                     action=action, target=_target(target),
                     details_json=json.dumps(details, sort_keys=True))
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditFilter:
    """The audit log page's filters; empty values filter nothing out."""

    user_id: int | None = None
    action: str = ""
    target: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _filtered(council: Council, flt: AuditFilter):
    query = select(AuditLog).where(AuditLog.council_id == council.id)
    if flt.user_id:
        query = query.where(AuditLog.user_id == flt.user_id)
    if flt.action:
        query = query.where(AuditLog.action == flt.action)
    if flt.target:
        query = query.where(AuditLog.target == flt.target)
    # The dates are Helsinki calendar days, both ends included.
    if flt.date_from:
        query = query.where(AuditLog.created_at >= local_day_start(flt.date_from))
    if flt.date_to:
        query = query.where(AuditLog.created_at < local_day_start(flt.date_to + timedelta(days=1)))
    return query


def audit_entries(council: Council, flt: AuditFilter, *, limit: int, offset: int) -> tuple[list[AuditLog], int]:
    """One page of the council's audit rows matching the filter, newest first, and how many match."""
    query = _filtered(council, flt)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(AuditLog.created_at.desc(), AuditLog.id.desc()).limit(limit).offset(offset))
    return list(rows), total


def audit_actors(council: Council) -> list[User]:
    """The users who have rows in the council's audit log, for the "who" filter."""
    ids = select(AuditLog.user_id).where(AuditLog.council_id == council.id, AuditLog.user_id.is_not(None)).distinct()
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name, User.email)))
