"""Demo award rounds of Lapland's council: this year's open round with nominations and two reviewers, and
last year's decided round with its winners (idempotent)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.auth.accounts import create_user, find_user_by_email
from app.demo.councils import DEMO_PASSWORD
from app.extensions import db
from app.models import (AwardReviewer, AwardRound, Council, Nomination, NomineeKind, ReviewSubmission, Role, Score,
                        ScoringCriterion, Winner)
from app.models.base import utcnow

DEMO_COUNCIL = "lappi"
#: the round's reviewers: the demo reviewer of app/demo/councils.py and a second one made here
REVIEWERS = [("arvioija.lappi@example.fi", "Demo Arvioija"), ("arvioija2.lappi@example.fi", "Demo Arvioija Kaksi")]

CRITERIA = [
    ("Vaikuttavuus", "Verkan", "Impact", "Kuinka paljon teko muutti ihmisten arkea.",
     "Hur mycket insatsen förändrade människors vardag.", "How much the deed changed people's everyday life."),
    ("Esimerkillisyys", "Föredöme", "Example", "Kuinka hyvä esimerkki teko on muille.",
     "Hur gott exempel insatsen är för andra.", "How good an example the deed sets for others."),
    ("Pitkäjänteisyys", "Uthållighet", "Perseverance", "Kuinka kauan ja sitkeästi työtä on tehty.",
     "Hur länge och ihärdigt arbetet har pågått.", "How long and how steadily the work has gone on."),
]
CRITERIA_TEXT = {
    "fi": "Tehemä pois -palkinto myönnetään lappilaiselle vapaaehtoiselle, ryhmälle tai yhdistykselle, jonka teko on "
          "vahvistanut yhteisöä. Ehdottaa voi kuka tahansa.",
    "sv": "Tehemä pois -priset delas ut till en frivillig, en grupp eller en förening i Lappland vars insats har "
          "stärkt gemenskapen. Vem som helst kan lämna förslag.",
    "en": "The Tehemä pois award goes to a volunteer, group or association in Lapland whose deed has strengthened "
          "the community. Anyone may nominate.",
}
OPEN_NOMINATIONS = [
    ("person", "Helmi Esimerkki", "698", "Helmi on pitänyt kylän kirjastoa auki vapaaehtoisvoimin kolme vuotta.",
     "Ilman Helmiä kylässä ei olisi kirjastoa eikä lukupiiriä.", "Kaisa Ehdottaja", "fi"),
    ("group", "Sodankylän latukaverit", "758", "Ryhmä on ajanut ladut koko talven kaikkien käyttöön.",
     "Ladut tuovat ihmiset ulos ja yhteen.", "Lauri Ehdottaja", "fi"),
    ("person", "helmi esimerkki", "698", "Helmi järjesti kirjastossa satutunnit lapsille.",
     "Lapset oppivat lukemaan ja viihtyvät kirjastossa.", "Sami Ehdottaja", "fi"),
    ("person", "Oona Exempel", "851", "Oona har ordnat språkcaféer för nyinflyttade i Torneå.",
     "Språkcaféerna har gett många nya vänner och jobb.", "Marja Förslag", "sv"),
]
LAST_YEAR = [
    ("person", "Pekka Malli", "320", "Pekka kunnosti kylätalon talkoilla.", "Kylätalo on taas koko kylän käytössä.",
     ("Pekka Malli kunnosti Kemijärven kylätalon talkoilla ja palautti sen kylän yhteiseksi olohuoneeksi.",
      "Pekka Malli rustade upp bygdegården i Kemijärvi på talko och gav byn tillbaka dess vardagsrum.",
      "Pekka Malli restored the village hall of Kemijärvi with volunteers and gave the village back its living "
      "room.")),
    ("association", "Inarin koivureserviläiset ry", "148", "Yhdistys järjesti ensiapukursseja kyläläisille.",
     "Kursseilla on opittu pelastamaan henkiä.", None),
]


def _reviewers(council: Council) -> list[int]:
    ids = []
    for email, name in REVIEWERS:
        user = find_user_by_email(email) or create_user(email, DEMO_PASSWORD, name=name,
                                                        memberships={council: Role.REVIEWER})
        ids.append(user.id)
    return ids


def _round(council: Council, year: int, **periods) -> AwardRound:
    award_round = AwardRound(council=council, year=year, categories="", criteria_fi=CRITERIA_TEXT["fi"],
                             criteria_sv=CRITERIA_TEXT["sv"], criteria_en=CRITERIA_TEXT["en"], **periods)
    for position, (fi, sv, en, dfi, dsv, den) in enumerate(CRITERIA):
        award_round.criteria.append(ScoringCriterion(position=position, label_fi=fi, label_sv=sv, label_en=en,
                                                     description_fi=dfi, description_sv=dsv, description_en=den))
    db.session.add(award_round)
    return award_round


def _nomination(award_round: AwardRound, kind: str, name: str, code: str, deed: str, reason: str, nominator: str,
                language: str, created_at: dt.datetime) -> Nomination:
    nomination = Nomination(round=award_round, council_id=award_round.council.id, nominee_kind=NomineeKind(kind),
                            nominee_name=name, municipality_code=code, deed=deed, reason=reason,
                            nominator_name=nominator,
                            nominator_email=nominator.lower().replace(" ", ".").replace("ö", "o") + "@example.fi",
                            may_contact_nominee=True, language=language, created_at=created_at)
    db.session.add(nomination)
    return nomination


def load_demo_awards(by_slug: dict[str, Council]) -> dict[str, int]:
    """Add Lapland's open round (with reviewers) and last year's decided round, once each."""
    added = {"award_rounds": 0, "nominations": 0}
    council = by_slug.get(DEMO_COUNCIL)
    if council is None:
        return added
    reviewer_ids = _reviewers(council)
    now = utcnow().replace(second=0, microsecond=0)
    taken = set(db.session.scalars(select(AwardRound.year).where(AwardRound.council_id == council.id)))
    if now.year not in taken:
        current = _round(council, now.year, nomination_opens_at=now - dt.timedelta(days=7),
                         nomination_closes_at=now + dt.timedelta(days=30),
                         review_opens_at=now + dt.timedelta(days=30), review_closes_at=now + dt.timedelta(days=60))
        current.reviewers = [AwardReviewer(user_id=user_id) for user_id in reviewer_ids]
        for number, (kind, name, code, deed, reason, nominator, language) in enumerate(OPEN_NOMINATIONS):
            _nomination(current, kind, name, code, deed, reason, nominator, language,
                        now - dt.timedelta(days=6 - number))
        added["award_rounds"] += 1
        added["nominations"] += len(OPEN_NOMINATIONS)
    if now.year - 1 not in taken:
        year = now.year - 1
        previous = _round(council, year,
                          nomination_opens_at=dt.datetime(year, 3, 1, 7, tzinfo=dt.timezone.utc),
                          nomination_closes_at=dt.datetime(year, 5, 1, 7, tzinfo=dt.timezone.utc),
                          review_opens_at=dt.datetime(year, 5, 2, 7, tzinfo=dt.timezone.utc),
                          review_closes_at=dt.datetime(year, 6, 1, 7, tzinfo=dt.timezone.utc),
                          decided_on=dt.date(year, 6, 10))
        previous.reviewers = [AwardReviewer(user_id=user_id) for user_id in reviewer_ids]
        db.session.flush()
        for number, (kind, name, code, deed, reason, citation) in enumerate(LAST_YEAR):
            nomination = _nomination(previous, kind, name, code, deed, reason, f"Ehdottaja {number + 1}", "fi",
                                     dt.datetime(year, 3, 10 + number, 9, tzinfo=dt.timezone.utc))
            db.session.flush()
            for reviewer_number, user_id in enumerate(reviewer_ids):
                for criterion in previous.criteria:
                    db.session.add(Score(nomination_id=nomination.id, reviewer_id=user_id, criterion_id=criterion.id,
                                         value=5 - number - reviewer_number % 2, comment=""))
                db.session.add(ReviewSubmission(nomination_id=nomination.id, reviewer_id=user_id))
            if citation is not None:
                db.session.add(Winner(nomination=nomination, round_id=previous.id, citation_fi=citation[0],
                                      citation_sv=citation[1], citation_en=citation[2],
                                      publication_consent_at=dt.datetime(year, 6, 5, 9, tzinfo=dt.timezone.utc)))
        added["award_rounds"] += 1
        added["nominations"] += len(LAST_YEAR)
    db.session.flush()
    return added
