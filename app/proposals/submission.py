"""Proposing a matter: files kept between the form and the check page, storing the proposal, the
confirmation e-mail, and finding a proposal by its private tracking link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from app.audit.log import record
from app.auth.passwords import hash_token, new_token
from app.extensions import db
from app.mail.outbox import queue_email
from app.models import Association, Council, Proposal, ProposalAttachment, ProposalEvent, ProposalStatus
from app.models.base import utcnow
from app.proposals.attachments import MAX_FILES, AttachmentRefused, CheckedFile
from app.public_urls import public_url

#: pending files older than this are removed by the purge
PENDING_FILES_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class ProposalValues:
    """What the proposer typed, validated by the form."""

    title: str
    description: str
    proposer_name: str
    proposer_organisation: str
    association_id: int | None
    proposer_email: str
    language: str
    is_publishable: bool


def store_pending_files(council: Council, upload_key: str, files: list[CheckedFile]) -> list[ProposalAttachment]:
    """Keep checked files under `upload_key` until the proposal is sent; AttachmentRefused past MAX_FILES."""
    kept = pending_files(council, upload_key)
    if len(kept) + len(files) > MAX_FILES:
        raise AttachmentRefused(_l("Attach at most %(max)s files. Remove one before adding another.", max=MAX_FILES))
    stored = []
    for checked in files:
        attachment = ProposalAttachment(council_id=council.id, upload_key=upload_key, filename=checked.filename,
                                        content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
                                        data=checked.data)
        db.session.add(attachment)
        stored.append(attachment)
    db.session.flush()
    return kept + stored


def pending_files(council: Council, upload_key: str | None) -> list[ProposalAttachment]:
    """The files waiting under `upload_key` (none without a key), oldest first."""
    if not upload_key:
        return []
    return list(db.session.scalars(select(ProposalAttachment).where(
        ProposalAttachment.council_id == council.id, ProposalAttachment.upload_key == upload_key,
        ProposalAttachment.proposal_id.is_(None)).order_by(ProposalAttachment.id)))


def remove_pending_file(council: Council, upload_key: str | None, attachment_id: int) -> None:
    for attachment in pending_files(council, upload_key):
        if attachment.id == attachment_id:
            db.session.delete(attachment)
    db.session.flush()


def purge_pending_files(now: datetime) -> int:
    """Remove files attached to a form that was never sent; returns how many."""
    result = db.session.execute(delete(ProposalAttachment).where(
        ProposalAttachment.proposal_id.is_(None), ProposalAttachment.created_at < now - PENDING_FILES_KEPT))
    return result.rowcount or 0


def association_choices(council: Council) -> list[tuple[int, str]]:
    """The register's associations the proposer may pick as the proposing organisation."""
    return [(association.id, association.name) for association in db.session.scalars(
        select(Association).where(Association.council_id == council.id, Association.is_archived.is_(False))
        .order_by(Association.name))]


def submit_proposal(council: Council, values: ProposalValues, upload_key: str | None) -> tuple[Proposal, str]:
    """Store a proposal with the files waiting under `upload_key`, and queue the confirmation e-mail
    with the private tracking link. Returns the proposal and the tracking token (shown once)."""
    now = utcnow()
    token = new_token()
    association = None
    if values.association_id:
        association = db.session.scalar(select(Association).where(
            Association.id == values.association_id, Association.council_id == council.id))
    proposal = Proposal(council_id=council.id, title=values.title, description=values.description,
                        proposer_name=values.proposer_name,
                        proposer_organisation=values.proposer_organisation or (association.name if association else ""),
                        association_id=association.id if association else None,
                        proposer_email=values.proposer_email, language=values.language,
                        is_publishable=values.is_publishable, status=ProposalStatus.RECEIVED,
                        token_hash=hash_token(token), received_at=now)
    db.session.add(proposal)
    db.session.flush()
    for attachment in pending_files(council, upload_key):
        attachment.proposal_id = proposal.id
        attachment.upload_key = None
    db.session.add(ProposalEvent(proposal_id=proposal.id, status=ProposalStatus.RECEIVED, created_at=now))
    record("proposal.receive", council=council, target=proposal, files=len(proposal.attachments),
           publishable=values.is_publishable)
    queue_email(to=values.proposer_email, template="proposal_received", language=values.language,
                council_id=council.id, reply_to=council.contact_email,
                context={"council_name": council.name(values.language), "title": proposal.title,
                         "tracking_url": tracking_url(council, token)})
    db.session.flush()
    return proposal, token


def tracking_url(council: Council, token: str) -> str:
    return public_url("proposals.track", council_slug=council.slug, token=token)


def proposal_for_token(council: Council, token: str) -> Proposal | None:
    """The council's proposal whose tracking link carries `token`; None for a forged or foreign one."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Proposal).where(Proposal.council_id == council.id,
                                                    Proposal.token_hash == hash_token(token)))
