"""The demo councils' public pages: longer texts, members, association agents, working groups and links
(Kainuu, Pohjois-Karjala and Rääkkylä, after ../shared/seeds; every person is fictional)."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import (Association, AssociationAgent, Council, CouncilLink, CouncilMember, CouncilRole, GroupKind,
                        WorkingGroup)

PAGES = {
    "kainuu": {
        "contact_phone": "+358 40 000 1021",
        "page_text_fi": (
            "Kainuun järjestöasiain neuvottelukunta (JANE) on yhdistysten ja järjestöjen monialainen yhteistyöelin. "
            "Se toimii järjestökentän edustajana eri kumppanuuspöydissä ja pitää yllä vuoropuhelua yhdistysten ja "
            "julkisen sektorin välillä.\n\n"
            "## Tehtävät\n\n"
            "- edistää järjestökentän yhteistyötä\n"
            "- laatii maakunnallisen järjestöstrategian\n"
            "- kokoaa järjestötoimijoiden yhteiset näkemykset\n"
            "- vahvistaa järjestöjen roolia maakunnan ohjelma- ja kehittämistyössä\n\n"
            "## Historia\n\n"
            "Maakuntahallitus käynnisti neuvottelukunnan toiminnan marraskuussa 2020 järjestöjen ehdotuksen "
            "pohjalta. Ensimmäisen toimintakautensa aikana neuvottelukunta päättää itse, miten sen rakenne "
            "jatkossa muodostuu niin, että osallistumismahdollisuudet ovat mahdollisimman laajat ja tasavertaiset.\n\n"
            "Neuvottelukunta hyödyntää työssään etätyöskentelyn menetelmiä, jotta mukana voi olla koko maakunnasta."),
        "page_text_sv": (
            "Kajanalands organisationsdelegation (JANE) är ett sektorsövergripande samarbetsorgan för föreningar "
            "och organisationer. Den företräder organisationsfältet vid olika partnerskapsbord och upprätthåller "
            "dialogen mellan föreningarna och den offentliga sektorn.\n\n"
            "## Uppgifter\n\n"
            "- främja samarbetet inom organisationsfältet\n"
            "- bereda en regional organisationsstrategi\n"
            "- samla organisationernas gemensamma synpunkter\n"
            "- stärka organisationernas roll i landskapets program- och utvecklingsarbete\n\n"
            "Delegationen arbetar gärna på distans, så att föreningar från hela landskapet kan delta."),
        "page_text_en": (
            "Kainuu's NGO council (JANE) is a cross-sector cooperation body of associations and NGOs. It represents "
            "the NGO field at partnership tables and keeps up the dialogue between associations and the public "
            "sector.\n\n"
            "## Tasks\n\n"
            "- promote cooperation in the NGO field\n"
            "- prepare the regional NGO strategy\n"
            "- gather the shared views of associations\n"
            "- strengthen the role of NGOs in the region's programme and development work\n\n"
            "The council works remotely where it can, so that members from across the region can take part."),
        "members": [
            ("Aino Esimerkki", "chair", "social_health", None),
            ("Eero Testinen", "vice_chair", "sports", None),
            ("Helmi Malli", "secretary", "culture", None),
            ("Ilkka Kuvitteellinen", "member", "village", None),
            ("Kaisa Demola", "member", "pensioners", None),
            ("Lauri Harjoitus", "member", "youth", None),
            ("Marja Esimerkki", "deputy_member", "social_health", "Aino Esimerkki"),
            ("Niko Testinen", "deputy_member", "sports", "Eero Testinen"),
        ],
        "agents": [("Oona Malli", "205", "oona.malli@example.fi", ""), ("Pekka Demola", "765", "", "+358 40 000 1022")],
        "groups": [
            ("working_committee", "Työvaliokunta", "Valmistelee neuvottelukunnan kokoukset ja hoitaa kiireelliset asiat.",
             "Aino Esimerkki, puheenjohtaja\nEero Testinen\nHelmi Malli, sihteeri"),
            ("working_group", "Järjestöstrategian työryhmä",
             "Valmistelee maakunnallisen järjestöstrategian. Työryhmään kutsutaan myös ulkopuolisia asiantuntijoita.",
             "Ilkka Kuvitteellinen\nKaisa Demola\nRiikka Harjoitus, Kainuun liitto"),
        ],
        "links": [("Kainuun JANE Facebookissa", "https://www.facebook.com/"), ("Kainuun liitto", "https://kainuunliitto.fi/")],
    },
    "pohjois-karjala": {
        "contact_phone": "+358 40 000 1012",
        "page_text_fi": (
            "JANE kokoontuu noin kuusi kertaa vuodessa. Sen jäsenet edustavat järjestöjä eri toimialoilta, ja se "
            "tukee maakunnan paikallis-JANEja ja yhdistysagentteja.\n\n"
            "## Yhteistyö hyvinvointialueen kanssa\n\n"
            "Kumppanuuspöytä kokoontuu 4–6 kertaa vuodessa työpajoina tai sähköisinä kyselyinä, ja järjestöfoorumeita "
            "järjestetään 2–4 kertaa vuodessa.\n\n"
            "## Järjestöralli\n\n"
            "Vuosina 2016–2017 kierrettiin maakunnan kunnissa **22 tilaisuutta**, joihin osallistui 450 ihmistä. "
            "Niistä syntyivät ensimmäiset paikallis-JANEt."),
        "page_text_sv": (
            "JANE sammanträder ungefär sex gånger om året. Medlemmarna representerar organisationer från olika "
            "verksamhetsområden, och delegationen stöder de lokala delegationerna och föreningsagenterna.\n\n"
            "## Samarbete med välfärdsområdet\n\n"
            "Partnerskapsbordet möts 4–6 gånger om året i workshoppar eller elektroniska enkäter, och "
            "organisationsforum ordnas 2–4 gånger om året."),
        "page_text_en": (
            "JANE meets about six times a year. Its members represent associations from many fields, and it "
            "supports the region's local councils and association agents.\n\n"
            "## Working with the wellbeing services county\n\n"
            "The partnership table meets 4–6 times a year in workshops or electronic surveys, and NGO forums are "
            "held 2–4 times a year."),
        "members": [
            ("Sami Kuvitteellinen", "chair", "social_health", None),
            ("Riikka Malli", "vice_chair", "disability", None),
            ("Helmi Testinen", "member", "environment", None),
            ("Lauri Esimerkki", "member", "multicultural", None),
        ],
        "agents": [],
        "groups": [("working_committee", "Työvaliokunta", "Valmistelee kokoukset ja järjestöfoorumit.",
                    "Sami Kuvitteellinen\nRiikka Malli")],
        "links": [("Pohjois-Karjalan hyvinvointialue Siun sote", "https://www.siunsote.fi/")],
    },
    "raakkyla": {
        "contact_phone": "+358 40 000 1707",
        "page_text_fi": (
            "Rääkkylän paikallis-JANE on yhdistysten yhteistyöryhmä, joka toimii vuoropuhelussa kunnan kanssa. "
            "Sen jäsenet edustavat yhdistyksiä eri toimialoilta, ja kunnan yhteyshenkilö on mukana kokouksissa.\n\n"
            "## Mitä olemme tehneet\n\n"
            "- koonneet toimivien yhdistysten yhteystiedot ja päivittäneet niitä\n"
            "- tehneet järjestökyselyn yhdessä kunnan kanssa\n"
            "- järjestäneet yhdistysiltoja ja uusien asukkaiden illan\n"
            "- kehittäneet järjestötiedottamista"),
        "page_text_sv": (
            "Den lokala organisationsdelegationen i Rääkkylä är föreningarnas samarbetsgrupp i dialog med "
            "kommunen. Medlemmarna representerar föreningar från olika verksamhetsområden.\n\n"
            "## Vad vi har gjort\n\n"
            "- samlat och uppdaterat föreningarnas kontaktuppgifter\n"
            "- gjort en organisationsenkät tillsammans med kommunen\n"
            "- ordnat föreningskvällar"),
        "page_text_en": (
            "Rääkkylä's local NGO council is the associations' cooperation group in dialogue with the municipality. "
            "Its members represent associations from many fields.\n\n"
            "## What we have done\n\n"
            "- gathered and updated the associations' contact details\n"
            "- run an NGO survey with the municipality\n"
            "- held association evenings"),
        "members": [
            ("Kaisa Harjoitus", "chair", "village", None),
            ("Pekka Esimerkki", "secretary", "pensioners", None),
            ("Oona Testinen", "member", "sports", None),
            ("Eero Malli", "member", "culture", None),
            ("Aino Demola", "member", "children_families", None),
        ],
        "agents": [("Marja Kuvitteellinen", "707", "marja.kuvitteellinen@example.fi", "+358 40 000 1708")],
        "groups": [("working_group", "Yhdistysiltojen työryhmä",
                    "Suunnittelee yhdistysillat yhdessä kunnan kanssa.", "Kaisa Harjoitus\nAino Demola")],
        "links": [("Rääkkylän kunta", "https://www.raakkyla.fi/")],
    },
}


def _has_any(model, council: Council) -> bool:
    return bool(db.session.scalar(select(func.count(model.id)).where(model.council_id == council.id)))


def _association_for(council: Council, sector: str) -> Association | None:
    return db.session.scalar(select(Association).where(Association.council_id == council.id,
                                                       Association.sector == sector).order_by(Association.id))


def _members(council: Council, specs: list[tuple]) -> None:
    by_name: dict[str, CouncilMember] = {}
    for position, (name, role, sector, deputy_of) in enumerate(specs, start=1):
        association = _association_for(council, sector)
        member = CouncilMember(council_id=council.id, position=position, name=name, role=CouncilRole(role),
                               sector=sector, association=association,
                               association_name="" if association else "Paikallinen yhdistys ry",
                               deputy_of=by_name.get(deputy_of))
        db.session.add(member)
        by_name[name] = member


def load_demo_pages(by_slug: dict[str, Council]) -> int:
    """Fill the demo councils' pages where they are empty; returns how many councils got something."""
    filled = 0
    for slug, spec in PAGES.items():
        council = by_slug[slug]
        changed = False
        if not council.page_text_fi:
            for name in ("contact_phone", "page_text_fi", "page_text_sv", "page_text_en"):
                setattr(council, name, spec[name])
            changed = True
        if spec["members"] and not _has_any(CouncilMember, council):
            _members(council, spec["members"])
            changed = True
        if spec["agents"] and not _has_any(AssociationAgent, council):
            db.session.add_all([AssociationAgent(council_id=council.id, position=position, name=name,
                                                 municipality_code=code, email=email, phone=phone)
                                for position, (name, code, email, phone) in enumerate(spec["agents"], start=1)])
            changed = True
        if spec["groups"] and not _has_any(WorkingGroup, council):
            db.session.add_all([WorkingGroup(council_id=council.id, position=position, kind=GroupKind(kind), name=name,
                                             description=description, members_text=members)
                                for position, (kind, name, description, members) in enumerate(spec["groups"], start=1)])
            changed = True
        if spec["links"] and not _has_any(CouncilLink, council):
            db.session.add_all([CouncilLink(council_id=council.id, position=position, label=label, url=url)
                                for position, (label, url) in enumerate(spec["links"], start=1)])
            changed = True
        filled += int(changed)
    db.session.flush()
    return filled
