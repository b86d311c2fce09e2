"""An event's figures for reports: registered, attended, cancelled, waiting and no-shows by mode and by
municipality, and the feedback survey's response rate. They survive the removal of personal data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import func, select

from app.extensions import db
from app.models import (Event, EventStatus, Invitation, Registration, RegistrationStatus, Response,
                        ResponseStatus, SurveyVersion)


@dataclass
class EventFigures:
    event: Event
    #: (mode value, measure) → count; measures: registered, attended, no_show, cancelled, waiting, walk_in
    by_mode: Counter = field(default_factory=Counter)
    #: municipality code ("" unknown) → (registered, attended)
    by_municipality: dict[str, list[int]] = field(default_factory=dict)
    feedback_invited: int = 0
    feedback_answered: int = 0

    def total(self, measure: str) -> int:
        return sum(count for (_mode, name), count in self.by_mode.items() if name == measure)

    @property
    def feedback_rate(self) -> float | None:
        return 100 * self.feedback_answered / self.feedback_invited if self.feedback_invited else None


def events_of_year(council_ids: list[int], year: int) -> list[Event]:
    """The published (or cancelled) events of the councils that started during the year, in time order."""
    start, end = datetime(year, 1, 1, tzinfo=timezone.utc), datetime(year + 1, 1, 1, tzinfo=timezone.utc)
    return list(db.session.scalars(select(Event).where(
        Event.council_id.in_(council_ids), Event.status != EventStatus.DRAFT, Event.starts_at >= start,
        Event.starts_at < end).order_by(Event.starts_at, Event.id)))


def figures_for(events: list[Event]) -> list[EventFigures]:
    """Each event's figures in a fixed number of queries."""
    found = {event.id: EventFigures(event) for event in events}
    if not found:
        return []
    rows = db.session.execute(
        select(Registration.event_id, Registration.mode, Registration.status, Registration.is_attended,
               Registration.is_walk_in, Registration.municipality_code, func.count())
        .where(Registration.event_id.in_(found))
        .group_by(Registration.event_id, Registration.mode, Registration.status, Registration.is_attended,
                  Registration.is_walk_in, Registration.municipality_code))
    for event_id, mode, status, attended, walk_in, code, count in rows:
        figures, key = found[event_id], mode.value
        if status is RegistrationStatus.CONFIRMED:
            figures.by_mode[(key, "registered")] += count
            figures.by_mode[(key, "attended" if attended else "no_show")] += count
            if walk_in:
                figures.by_mode[(key, "walk_in")] += count
            municipality = figures.by_municipality.setdefault(code or "", [0, 0])
            municipality[0] += count
            municipality[1] += count if attended else 0
        else:
            figures.by_mode[(key, status.value)] += count
    for event in events:
        if not event.feedback_survey_id or event.feedback_sent_at is None:
            continue
        # The feedback invitations of this event are the ones made when its feedback went out.
        invited = select(Invitation.id).where(Invitation.survey_id == event.feedback_survey_id,
                                              Invitation.association_id.is_(None),
                                              Invitation.sent_at == event.feedback_sent_at)
        found[event.id].feedback_invited = db.session.scalar(select(func.count()).select_from(invited.subquery()))
        found[event.id].feedback_answered = db.session.scalar(select(func.count(Response.id)).where(
            Response.invitation_id.in_(invited), Response.status == ResponseStatus.SUBMITTED))
    return [found[event.id] for event in events]


def data_signature(events: list[Event]) -> str:
    """Changes whenever a registration of the events changes (count and newest change), and whenever their
    feedback goes out or a feedback survey gets, changes or loses a submitted response or a version."""
    if not events:
        return "none"
    count, newest_created, newest_attended, newest_cancelled = db.session.execute(
        select(func.count(Registration.id), func.max(Registration.created_at), func.max(Registration.attended_at),
               func.max(Registration.cancelled_at)).where(Registration.event_id.in_([e.id for e in events]))).one()
    surveys = sorted({e.feedback_survey_id for e in events if e.feedback_survey_id})
    feedback = db.session.execute(
        select(Response.survey_id, func.count(Response.id), func.max(Response.updated_at), func.max(Response.id))
        .where(Response.survey_id.in_(surveys), Response.status == ResponseStatus.SUBMITTED)
        .group_by(Response.survey_id).order_by(Response.survey_id)).all() if surveys else []
    versions = db.session.execute(
        select(SurveyVersion.survey_id, func.max(SurveyVersion.id)).where(SurveyVersion.survey_id.in_(surveys))
        .group_by(SurveyVersion.survey_id).order_by(SurveyVersion.survey_id)).all() if surveys else []
    return ";".join([",".join(f"{e.id}:{e.status.value}:{e.capacity_onsite}:{e.capacity_remote}:"
                              f"{e.feedback_survey_id}:{e.feedback_sent_at}" for e in events),
                     str(count), str(newest_created), str(newest_attended), str(newest_cancelled),
                     ",".join(":".join(map(str, row)) for row in [*feedback, *versions])])
