"""Demo past event: Pohjois-Karjala's spring seminar three weeks ago, checked in at the door, whose attendees
were sent the library's feedback survey and half answered it, so the events report has results to show."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from app.demo.events import FIRST_NAMES, LAST_NAMES
from app.extensions import db
from app.local_time import local_to_utc
from app.models import (AccessMode, Answer, AttendanceMode, Council, Event, EventStatus, Invitation, Registration,
                        RegistrationStatus, Response, ResponseStatus)
from app.models.base import utcnow
from app.surveys.definitions import definition_for
from app.surveys.publishing import LIBRARY_DIR, import_definition
from app.surveys.tokens import issue_invitation_token
from surveys import Selection, answers_to_rows

DEMO_COUNCIL = "pohjois-karjala"
EVENT_SLUG = "kevatseminaari"
DAYS_AGO = 21
REGISTERED, CANCELLED, NO_SHOWS, WALK_INS, ANSWERED = 34, 3, 5, 2, 16
_IMPROVEMENTS = ("Enemmän aikaa keskustelulle ryhmissä.", "Etäosallistumisen mahdollisuus olisi hyvä.",
                 "Alustukset venyivät, tauko jäi lyhyeksi.", "Materiaalit etukäteen sähköpostilla.")
_TOPICS = ("Hyvinvointialueen avustukset", "Vapaaehtoisten rekrytointi nuorista", "Yhdistysten tilat kunnissa",
           "Hallitustyöskentelyn perusteet")


def load_demo_past_event(by_slug: dict[str, Council], now: dt.datetime | None = None) -> int:
    """Add the past seminar with its feedback survey unless it is there; returns 1 when added, else 0."""
    council = by_slug.get(DEMO_COUNCIL)
    if council is None or db.session.scalar(select(Event.id).where(Event.council_id == council.id,
                                                                   Event.slug == EVENT_SLUG)):
        return 0
    now = (now or utcnow()).replace(second=0, microsecond=0)
    rng = random.Random(2026)
    day = (now - dt.timedelta(days=DAYS_AGO)).date()
    starts_at = local_to_utc(dt.datetime.combine(day, dt.time(13)))
    ends_at = starts_at + dt.timedelta(hours=3)
    feedback_at = ends_at + dt.timedelta(hours=2)

    survey = import_definition(council, (LIBRARY_DIR / "tilaisuuspalaute.yaml").read_text(encoding="utf-8"),
                               "tilaisuuspalaute.yaml").survey
    survey.opens_at, survey.closes_at = ends_at, ends_at + dt.timedelta(days=14)
    survey.access_mode = AccessMode.INVITATIONS
    event = Event(council=council, slug=EVENT_SLUG, status=EventStatus.PUBLISHED, starts_at=starts_at,
                  ends_at=ends_at, opens_at=starts_at - dt.timedelta(days=30),
                  closes_at=starts_at - dt.timedelta(days=2),
                  title_fi="Järjestöjen kevätseminaari", title_sv="Föreningarnas vårseminarium",
                  title_en="Associations' spring seminar",
                  description_fi="Vapaaehtoistoiminnan koordinointi ja hyvinvointialueen avustukset 2027.",
                  description_sv="Koordinering av frivilligverksamhet och välfärdsområdets understöd 2027.",
                  description_en="Coordinating volunteers and the wellbeing services county's grants for 2027.",
                  place="Carelicum, Koskikatu 5, Joensuu", venue_accessibility="Esteetön sisäänkäynti.",
                  capacity_onsite=40, capacity_remote=0, reminder_sent_at=starts_at - dt.timedelta(days=2),
                  feedback_survey_id=survey.id, feedback_hours=2, feedback_sent_at=feedback_at)
    db.session.add(event)
    attended = _registrations(event, council, starts_at, rng)
    db.session.flush()

    definition = definition_for(survey.current_version)
    for number, registration in enumerate(attended):
        registration.feedback_sent_at = feedback_at
        invitation = Invitation(survey_id=survey.id, association_id=None, email=registration.email,
                                language=registration.language, municipality_code=registration.municipality_code,
                                sent_at=feedback_at)
        issue_invitation_token(invitation)
        db.session.add(invitation)
        if number >= ANSWERED:
            continue
        db.session.flush()
        submitted_at = feedback_at + dt.timedelta(hours=rng.randint(1, 24 * 5))
        response = Response(survey_id=survey.id, version_id=survey.current_version.id, invitation_id=invitation.id,
                            status=ResponseStatus.SUBMITTED, language=invitation.language,
                            municipality_code=invitation.municipality_code,
                            created_at=submitted_at - dt.timedelta(minutes=3), submitted_at=submitted_at)
        db.session.add(response)
        db.session.flush()
        for row in answers_to_rows(definition, _feedback(rng)):
            db.session.add(Answer(response_id=response.id, survey_id=survey.id, question_key=row.question_key,
                                  option=row.option, row=row.row, value_text=row.value_text,
                                  value_number=None if row.value_number is None else float(row.value_number)))
    db.session.flush()
    return 1


def _registrations(event: Event, council: Council, starts_at: dt.datetime, rng: random.Random) -> list[Registration]:
    """The seminar's registrations in arrival order; returns those who attended (walk-ins last)."""
    attended = []
    total = REGISTERED + CANCELLED + WALK_INS
    for position in range(1, total + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}.k{position}@example.fi".lower().replace("ä", "a").replace("ö", "o")
        walk_in = position > REGISTERED + CANCELLED
        cancelled = REGISTERED < position <= REGISTERED + CANCELLED
        came = walk_in or (not cancelled and position > NO_SHOWS)
        created_at = starts_at + dt.timedelta(minutes=10) if walk_in else starts_at - dt.timedelta(
            days=rng.randint(3, 28))
        registration = Registration(
            event=event, mode=AttendanceMode.ONSITE, position=position, name=f"{first} {last}", email=email,
            email_normalised=email, language="sv" if position % 9 == 0 else "fi",
            municipality_code=rng.choice(council.municipality_codes), created_at=created_at,
            status=RegistrationStatus.CANCELLED if cancelled else RegistrationStatus.CONFIRMED,
            confirmed_at=created_at, cancelled_at=created_at + dt.timedelta(days=1) if cancelled else None,
            is_walk_in=walk_in, is_attended=came,
            attended_at=starts_at + dt.timedelta(minutes=rng.randint(-20, 15)) if came else None)
        db.session.add(registration)
        if came:
            attended.append(registration)
    event.next_position = total + 1
    return attended


def _feedback(rng: random.Random) -> dict:
    """One attendee's answers to the library's feedback survey: mostly content, as such seminars go."""
    answers = {"overall": rng.choices((2, 3, 4, 5), weights=(1, 2, 6, 5))[0],
               "useful": Selection((rng.choices(("much", "some", "little"), weights=(6, 5, 1))[0],)),
               "best": Selection(tuple(sorted(rng.sample(("talks", "networking", "funding", "municipality"),
                                                         rng.randint(1, 3)),
                                              key=("talks", "networking", "funding", "municipality").index))),
               "again": rng.random() < 0.85}
    if rng.random() < 0.5:
        answers["improve"] = rng.choice(_IMPROVEMENTS)
    if rng.random() < 0.4:
        answers["topics"] = rng.choice(_TOPICS)
    return answers
