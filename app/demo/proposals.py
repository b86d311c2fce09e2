"""Demo proposals and meetings for Pohjois-Karjala and Rääkkylä: proposals in several states and a meeting
with a published agenda and minutes (idempotent; rows written directly, so no e-mail is queued)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.auth.passwords import hash_token
from app.demo.genitives import genitive_fi
from app.extensions import db
from app.models import AgendaItem, Council, Meeting, Proposal, ProposalEvent, ProposalStatus
from app.models.base import utcnow

DEMO_COUNCILS = ("pohjois-karjala", "raakkyla")

# title, description, organisation, status, publishable, decision or reason
_PROPOSALS = [
    ("Kokoustiloja yhdistysten käyttöön iltaisin",
     "Kunnan koulujen ja kirjaston tilat voisivat olla yhdistysten käytössä maksutta iltaisin ja viikonloppuisin.",
     "Kyläyhdistys", ProposalStatus.HANDLED, True,
     "Neuvosto esittää kunnalle, että tilat avataan yhdistyksille maksutta kokeiluna vuoden ajaksi."),
    ("Yhdistysinfo uusille asukkaille",
     "Uudet asukkaat eivät tiedä paikallisista yhdistyksistä. Ehdotamme esitettä ja infoiltaa kahdesti vuodessa.",
     "Eläkeläiset", ProposalStatus.IN_PREPARATION, True, ""),
    ("Avustusten hakuaika keväälle",
     "Avustusten hakuaika osuu kesälomiin. Hakuaika kannattaisi siirtää maalis–huhtikuuhun.",
     "Urheiluseura", ProposalStatus.RECEIVED, True, ""),
    ("Neuvoston kokoukset etäyhteydellä",
     "Pitkien välimatkojen vuoksi kokouksiin pitäisi voida osallistua etänä.",
     "", ProposalStatus.NOT_TAKEN_UP, True, "Kokoukset ovat jo olleet hybridikokouksia vuodesta 2025."),
    ("Yksityinen palaute neuvoston työstä",
     "Palautetta neuvoston puheenjohtajalle, ei julkaistavaksi.",
     "", ProposalStatus.RECEIVED, False, ""),
]


def load_demo_proposals(by_slug: dict[str, Council]) -> dict[str, int]:
    """Add the demo proposals and a meeting to each demo council that has no proposals yet."""
    added = {"proposals": 0, "meetings": 0}
    now = utcnow()
    for slug in DEMO_COUNCILS:
        council = by_slug.get(slug)
        if council is None or db.session.scalar(select(func.count(Proposal.id)).where(Proposal.council_id == council.id)):
            continue
        proposals = []
        for number, (title, description, organisation, status, publishable, outcome) in enumerate(_PROPOSALS):
            received = now - timedelta(days=90 - 10 * number)
            proposal = Proposal(council_id=council.id, title=title, description=description,
                                proposer_name="Aino Esimerkki", proposer_organisation=organisation and
                                f"{genitive_fi(council.municipality_codes[0])} {organisation.lower()} ry",
                                proposer_email=f"aloite-{slug}-{number}@example.fi", language="fi",
                                is_publishable=publishable, status=status, received_at=received,
                                token_hash=hash_token(f"demo-{slug}-{number}"))
            if status is ProposalStatus.HANDLED:
                proposal.decision, proposal.handled_at = outcome, now - timedelta(days=20)
            if status is ProposalStatus.NOT_TAKEN_UP:
                proposal.reason, proposal.handled_at = outcome, received + timedelta(days=14)
            db.session.add(proposal)
            proposals.append(proposal)
            added["proposals"] += 1
        db.session.flush()
        path = {ProposalStatus.RECEIVED: [ProposalStatus.RECEIVED],
                ProposalStatus.IN_PREPARATION: [ProposalStatus.RECEIVED, ProposalStatus.IN_PREPARATION],
                ProposalStatus.NOT_TAKEN_UP: [ProposalStatus.RECEIVED, ProposalStatus.NOT_TAKEN_UP],
                ProposalStatus.HANDLED: [ProposalStatus.RECEIVED, ProposalStatus.IN_PREPARATION,
                                         ProposalStatus.ON_AGENDA, ProposalStatus.HANDLED]}
        for proposal in proposals:
            for step, status in enumerate(path[proposal.status]):
                note = proposal.decision if status is ProposalStatus.HANDLED else (
                    proposal.reason if status is ProposalStatus.NOT_TAKEN_UP else "")
                db.session.add(ProposalEvent(proposal_id=proposal.id, status=status, note=note,
                                             created_at=proposal.received_at + timedelta(days=7 * step)))
        handled = proposals[0]
        meeting = Meeting(council_id=council.id, title="Neuvoston kokous 3/2026", starts_at=now - timedelta(days=21),
                          place="Kunnantalo, valtuustosali", is_remote=True,
                          agenda_published_at=now - timedelta(days=28), minutes_published_at=now - timedelta(days=20))
        meeting.items = [
            AgendaItem(position=1, title="Kokouksen avaus ja laillisuus", text="Todetaan kokous lailliseksi.",
                       decision="Kokous todettiin lailliseksi ja päätösvaltaiseksi."),
            AgendaItem(position=2, title=handled.title, text=handled.description, proposal_id=handled.id,
                       decision=handled.decision),
            AgendaItem(position=3, title="Järjestöfoorumin suunnittelu", text="Keskustellaan syksyn foorumista.",
                       decision="Valmistelu annettiin sihteerille."),
        ]
        db.session.add(meeting)
        added["meetings"] += 1
    db.session.flush()
    return added
