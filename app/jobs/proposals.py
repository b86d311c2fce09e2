"""RQ entry points for proposals: the retention sweep."""

from __future__ import annotations

import logging

from flask import current_app

from app.extensions import db
from app.jobs.context import job_context
from app.models.base import utcnow
from app.proposals.retention import sweep_proposals

log = logging.getLogger(__name__)


def sweep_proposal_retention() -> int:
    """Remove expired contact details and abandoned uploads; returns the number of proposals changed."""
    with job_context():
        removed, purged = sweep_proposals(utcnow(), current_app.config["PROPOSAL_RETENTION_MONTHS"])
        db.session.commit()
        if removed or purged:
            log.info("Proposal retention: %s proposers' details removed, %s pending files purged", removed, purged)
        return removed
