"""Demo events: an upcoming, nearly full NGO forum of Pohjois-Karjala (on site and remote) and an association
evening of Rääkkylä, each with registrations."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.local_time import local_to_utc
from app.models import AttendanceMode, Council, Event, EventStatus, Registration, RegistrationStatus
from app.models.base import utcnow

FIRST_NAMES = ("Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Maija", "Niilo", "Outi", "Pekka", "Riikka",
               "Sami", "Tuula", "Veikko")
LAST_NAMES = ("Hakkarainen", "Hyvönen", "Karhapää", "Kettunen", "Korhonen", "Lipponen", "Pesonen", "Räsänen",
              "Tolvanen", "Turunen")

EVENTS = (
    {"council": "pohjois-karjala", "slug": "jarjestofoorumi", "days_ahead": 21, "hour": 17, "hours": 3,
     "title_fi": "Pohjois-Karjalan järjestöfoorumi", "title_sv": "Norra Karelens föreningsforum",
     "title_en": "North Karelia NGO forum",
     "description_fi": "Järjestöjen yhteinen foorumi: ajankohtaiset rahoitushaut, vapaaehtoistoiminta ja "
                       "maakunnan järjestöstrategia. Kahvitarjoilu.",
     "description_en": "The associations' shared forum: current funding calls, volunteering and the region's "
                       "NGO strategy. Coffee served.",
     "place": "Carelicum, Koskikatu 5, Joensuu", "venue_accessibility": "Esteetön sisäänkäynti, induktiosilmukka.",
     "remote_link": "https://meet.example.fi/pk-foorumi", "capacity_onsite": 40, "capacity_remote": 100,
     "registered": {AttendanceMode.ONSITE: 38, AttendanceMode.REMOTE: 57}},
    {"council": "raakkyla", "slug": "jarjestoilta", "days_ahead": 10, "hour": 18, "hours": 2,
     "title_fi": "Rääkkylän järjestöilta", "title_sv": "Föreningskväll i Rääkkylä", "title_en": "Rääkkylä association evening",
     "description_fi": "Tutustutaan toisiimme, kuullaan kunnan avustuksista ja sovitaan kevään yhteisistä "
                       "tapahtumista.",
     "place": "Rääkkylän kirjasto, Rääkkyläntie 24", "venue_accessibility": "Esteetön, pyörätuoliluiska.",
     "remote_link": "", "capacity_onsite": 30, "capacity_remote": 0,
     "registered": {AttendanceMode.ONSITE: 12}},
)


def _start(days_ahead: int, hour: int, now: datetime) -> datetime:
    day = (now + timedelta(days=days_ahead)).date()
    return local_to_utc(datetime.combine(day, time(hour)))


def load_demo_events(by_slug: dict[str, Council], now: datetime | None = None) -> int:
    """Add the demo events that are missing (running twice adds nothing); returns how many were added."""
    now = now or utcnow()
    rng = random.Random(13)
    added = 0
    for spec in EVENTS:
        council = by_slug[spec["council"]]
        if db.session.scalar(select(Event.id).where(Event.council_id == council.id, Event.slug == spec["slug"])):
            continue
        starts_at = _start(spec["days_ahead"], spec["hour"], now)
        event = Event(council=council, slug=spec["slug"], status=EventStatus.PUBLISHED, starts_at=starts_at,
                      ends_at=starts_at + timedelta(hours=spec["hours"]), opens_at=now - timedelta(days=14),
                      closes_at=starts_at - timedelta(days=2),
                      **{key: spec.get(key, "") for key in ("title_fi", "title_sv", "title_en", "description_fi",
                                                            "description_sv", "description_en", "place",
                                                            "venue_accessibility", "remote_link")},
                      capacity_onsite=spec["capacity_onsite"], capacity_remote=spec["capacity_remote"])
        db.session.add(event)
        position = 1
        codes = council.municipality_codes
        for mode, count in spec["registered"].items():
            for _number in range(count):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                email = f"{first}.{last}.{position}@example.fi".lower().replace("ä", "a").replace("ö", "o")
                db.session.add(Registration(
                    event=event, mode=mode, status=RegistrationStatus.CONFIRMED, position=position,
                    name=f"{first} {last}", email=email, email_normalised=email, language="fi",
                    municipality_code=rng.choice(codes), created_at=now - timedelta(days=rng.randint(0, 13)),
                    confirmed_at=now))
                position += 1
        event.next_position = position
        added += 1
    db.session.flush()
    return added
