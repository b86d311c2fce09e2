"""What follows an event by itself: the reminder before it and the feedback survey after it, both sent by a
periodic sweep so that a changed time or setting is always honoured."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.events import notices
from app.extensions import db
from app.models import Event, EventStatus, Invitation, Registration, RegistrationStatus
from app.models.base import utcnow
from app.surveys.invitations import invitation_link
from app.surveys.tokens import issue_invitation_token

#: a feedback survey is not sent for an event that ended longer ago than this (the sweep was down)
FEEDBACK_LATEST = timedelta(days=7)


def _confirmed(event: Event, attended_only: bool = False) -> list[Registration]:
    query = select(Registration).where(Registration.event_id == event.id,
                                       Registration.status == RegistrationStatus.CONFIRMED,
                                       Registration.email.is_not(None))
    if attended_only:
        query = query.where(Registration.is_attended.is_(True), Registration.feedback_sent_at.is_(None))
    return list(db.session.scalars(query.order_by(Registration.position)))


def send_due_reminders(now: datetime | None = None) -> int:
    """Queue the reminder of every published event whose reminder day has come; returns the e-mails queued.

    An event is reminded once (`reminder_sent_at`); `reminder_days` 0 means no reminder.
    """
    now = now or utcnow()
    events = db.session.scalars(select(Event).where(
        Event.status == EventStatus.PUBLISHED, Event.reminder_sent_at.is_(None), Event.reminder_days > 0,
        Event.starts_at > now).with_for_update(skip_locked=True))
    queued = 0
    for event in events:
        if event.starts_at - timedelta(days=event.reminder_days) > now:
            continue
        for registration in _confirmed(event):
            notices.queue_reminder(registration)
            queued += 1
        event.reminder_sent_at = now
    db.session.flush()
    return queued


def send_due_feedback(now: datetime | None = None) -> int:
    """E-mail the attached feedback survey to those who attended, `feedback_hours` after the end.

    Each attendee gets a personal invitation of the survey (the survey engine's invitations), so that
    the response rate is the event's. Returns the e-mails queued.
    """
    now = now or utcnow()
    events = db.session.scalars(select(Event).where(
        Event.status == EventStatus.PUBLISHED, Event.feedback_survey_id.is_not(None), Event.feedback_sent_at.is_(None),
        Event.ends_at <= now, Event.ends_at > now - FEEDBACK_LATEST).with_for_update(skip_locked=True))
    queued = 0
    for event in events:
        if event.ends_at + timedelta(hours=event.feedback_hours) > now:
            continue
        for registration in _confirmed(event, attended_only=True):
            invitation = Invitation(survey_id=event.feedback_survey_id, association_id=None,
                                    email=registration.email, language=registration.language,
                                    municipality_code=registration.municipality_code, sent_at=now)
            issue_invitation_token(invitation)
            db.session.add(invitation)
            db.session.flush()
            notices.queue_feedback_request(registration, invitation_link(invitation))
            registration.feedback_sent_at = now
            queued += 1
        event.feedback_sent_at = now
    db.session.flush()
    return queued
