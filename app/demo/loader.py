"""Loading the demo data: councils, staff and about 300 fictional associations (idempotent)."""

import random

from sqlalchemy import func, select

from app.auth.accounts import create_user, find_user_by_email
from app.demo.awards import load_demo_awards
from app.demo.council_pages import load_demo_pages
from app.demo.councils import COUNCILS, DEMO_PASSWORD, DEMO_USERS
from app.demo.events import load_demo_events
from app.demo.past_event import load_demo_past_event
from app.demo.genitives import genitive_fi
from app.demo.proposals import load_demo_proposals
from app.demo.surveys import load_demo_surveys
from app.extensions import db
from app.models import SECTORS, Association, Council, CouncilKind, CouncilMunicipality, Role
from app.reference.municipalities import region_municipality_codes

ASSOCIATIONS_PER_COUNCIL = {"kainuu": 70, "pohjois-karjala": 60, "raakkyla": 20, "pyhaselka": 20,
                            "outokumpu": 25, "heinavesi": 15, "kontiolahti": 25, "lappi": 45, "meri-lappi": 25}

_KINDS = {
    "social_health": ["Sydänyhdistys", "Mielenterveysseura", "Omaishoitajat", "Diabetesyhdistys"],
    "sports": ["Urheiluseura", "Hiihtoseura", "Palloseura", "Latu"],
    "culture": ["Kulttuuriyhdistys", "Teatteriyhdistys", "Kuoro", "Kotiseutuyhdistys"],
    "youth": ["Nuorisoseura", "4H-yhdistys", "Partiolaiset"],
    "children_families": ["Mannerheimin Lastensuojeluliiton paikallisyhdistys", "Perheyhdistys"],
    "pensioners": ["Eläkeläiset", "Eläkkeensaajat", "Seniorit"],
    "village": ["Kyläyhdistys", "Kylätoimikunta"],
    "environment": ["Luonnonsuojeluyhdistys", "Metsästysseura"],
    "disability": ["Invalidiyhdistys", "Näkövammaiset", "Kuulo"],
    "multicultural": ["Monikulttuurinen yhdistys", "Ystävyysseura"],
    "hobby": ["Käsityöyhdistys", "Kalastusseura", "Marttayhdistys"],
    "other": ["Vapaapalokuntayhdistys", "Reserviläiset"],
}
_PLACE_WORDS = ["Koivu", "Harju", "Lampi", "Kallio", "Niemi", "Salmi", "Mänty", "Joki", "Vaara", "Selkä"]
_FIRST = ["Aino", "Eero", "Helmi", "Ilkka", "Kaisa", "Lauri", "Marja", "Niko", "Oona", "Pekka", "Riikka", "Sami"]
_LAST = ["Esimerkki", "Testinen", "Malli", "Kuvitteellinen", "Demola", "Harjoitus"]


def _ensure_council(spec: dict, by_slug: dict[str, Council]) -> tuple[Council, bool]:
    council = by_slug.get(spec["slug"])
    if council is not None:
        return council, False
    fields = {k: v for k, v in spec.items() if k not in {"parent", "municipalities", "kind"}}
    council = Council(kind=CouncilKind(spec["kind"]), parent=by_slug.get(spec["parent"]), **fields)
    codes = region_municipality_codes(spec["region_code"]) if spec["municipalities"] == "region" else spec["municipalities"]
    council.municipalities = [CouncilMunicipality(code=code) for code in codes]
    db.session.add(council)
    by_slug[spec["slug"]] = council
    return council, True


def _demo_associations(council: Council, count: int, rng: random.Random) -> list[Association]:
    codes = council.municipality_codes
    associations = []
    for number in range(count):
        code = codes[number % len(codes)]
        sector = rng.choice(list(_KINDS))
        name = f"{genitive_fi(code)} {rng.choice(_PLACE_WORDS).lower()}{rng.choice(_KINDS[sector]).lower()} ry"
        name = name[0].upper() + name[1:]
        slug = f"{council.slug}-{number:03d}"
        associations.append(
            Association(
                council=council,
                name=name,
                register_number=f"{rng.randint(100, 229)}.{rng.randint(100, 999)}" if rng.random() < 0.8 else None,
                municipality_code=code,
                sector=sector,
                contact_person=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                email=f"yhdistys-{slug}@example.fi",
                language="sv" if rng.random() < 0.05 else "fi",
                has_listing_consent=rng.random() < 0.7,
            )
        )
    return associations


def load_demo_data(with_surveys: bool = True) -> dict[str, int]:
    """Add whatever of the demo data is missing; running it again adds nothing."""
    added = {"councils": 0, "associations": 0, "users": 0}
    by_slug = {c.slug: c for c in db.session.scalars(select(Council))}
    for spec in COUNCILS:
        _, created = _ensure_council(spec, by_slug)
        added["councils"] += int(created)
    db.session.flush()

    rng = random.Random(2026)
    for slug, count in ASSOCIATIONS_PER_COUNCIL.items():
        council = by_slug[slug]
        has_any = db.session.scalar(select(func.count(Association.id)).where(Association.council_id == council.id))
        generated = _demo_associations(council, count, rng)
        if has_any:
            continue
        seen: set[str] = set()
        for association in generated:
            if association.register_number in seen:
                association.register_number = None
            seen.add(association.register_number)
            db.session.add(association)
            added["associations"] += 1

    db.session.flush()
    load_demo_pages(by_slug)
    if with_surveys:
        load_demo_surveys(by_slug)
        # The channels' demo records come with the full demo only: tests on bare councils start empty.
        load_demo_proposals(by_slug)
        load_demo_events(by_slug)
        load_demo_past_event(by_slug)

    for email, name, slug, role in DEMO_USERS:
        if find_user_by_email(email) is None:
            create_user(email, DEMO_PASSWORD, name=name, memberships={by_slug[slug]: Role(role)})
            added["users"] += 1
    db.session.flush()
    if with_surveys:
        added.update(load_demo_awards(by_slug))
    return added
