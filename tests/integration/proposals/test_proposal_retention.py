"""Proposers' contact details go PROPOSAL_RETENTION_MONTHS after the proposal closed (a real RQ worker runs
the sweep); the text and history stay. The personal-data provider finds, exports and erases them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db, queue
from app.models import Proposal, ProposalAttachment, ProposalEvent, ProposalStatus
from app.models.base import utcnow
from app.personal_data import PROVIDERS
from tests.fixtures.councils import council_by_slug

pytestmark = pytest.mark.usefixtures("english_by_default")


def _proposal(council, email: str, status=ProposalStatus.HANDLED, closed_days_ago: int | None = 400) -> int:
    now = utcnow()
    proposal = Proposal(council_id=council.id, title=f"Aloite {email}", description="Julkinen teksti",
                        proposer_name="Maija Meikäläinen", proposer_organisation="Kyläseura ry",
                        proposer_email=email, status=status, decision="Hyväksyttiin", token_hash=email.ljust(64, "0")[:64],
                        received_at=now - timedelta(days=500),
                        handled_at=now - timedelta(days=closed_days_ago) if closed_days_ago else None)
    db.session.add(proposal)
    db.session.flush()
    db.session.add(ProposalEvent(proposal_id=proposal.id, status=status, note="Hyväksyttiin"))
    return proposal.id


def test_retention_sweep_in_a_worker_removes_old_contact_details_and_keeps_the_text(app, demo_councils, run_jobs):
    with app.app_context():
        council = council_by_slug("raakkyla")
        old = _proposal(council, "vanha@example.fi")
        recent = _proposal(council, "uusi@example.fi", closed_days_ago=30)
        open_one = _proposal(council, "auki@example.fi", status=ProposalStatus.IN_PREPARATION, closed_days_ago=None)
        db.session.add(ProposalAttachment(council_id=council.id, upload_key="k", filename="x.pdf",
                                          content_type="application/pdf", size=1, sha256="0" * 64, data=b"x",
                                          created_at=utcnow() - timedelta(days=2)))
        db.session.commit()
        queue("default").enqueue("app.jobs.proposals.sweep_proposal_retention")
    run_jobs(("default",))
    with app.app_context():
        gone = db.session.get(Proposal, old)
        assert (gone.proposer_name, gone.proposer_email, gone.proposer_organisation, gone.token_hash) == (
            None, None, "", None)
        assert gone.contact_removed_at is not None
        assert gone.description == "Julkinen teksti" and gone.decision == "Hyväksyttiin" and len(gone.events) == 1
        assert db.session.get(Proposal, recent).proposer_email == "uusi@example.fi"
        assert db.session.get(Proposal, open_one).proposer_email == "auki@example.fi"
        assert db.session.scalars(select(ProposalAttachment)).all() == []


def test_personal_data_provider_finds_exports_and_erases_a_proposer(app, demo_councils):
    provider = PROVIDERS["proposals"]
    with app.test_request_context():
        council = council_by_slug("raakkyla")
        other = council_by_slug("kainuu")
        mine = _proposal(council, "maija@example.fi", closed_days_ago=5)
        _proposal(other, "Maija@Example.fi", closed_days_ago=5)
        db.session.commit()
        found = provider.find(" MAIJA@example.fi ", {council.id})
        assert [(record.description, record.fields["E-mail"]) for record in found] == [
            ("Aloite maija@example.fi", "maija@example.fi")]
        assert "12 months" in provider.privacy_entry(app.config).retention
        assert provider.erase("maija@example.fi", {council.id}) == 1
        db.session.commit()
        assert provider.find("maija@example.fi", {council.id}) == []
        kept = db.session.get(Proposal, mine)
        assert kept.title == "Aloite maija@example.fi" and kept.proposer_name is None
        assert len(provider.find("maija@example.fi", {other.id})) == 1
