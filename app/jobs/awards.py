"""RQ entry points for award rounds: the retention sweep."""

from __future__ import annotations

import logging

from flask import current_app

from app.awards.retention import remove_expired_award_data
from app.extensions import db
from app.jobs.context import job_context
from app.local_time import HELSINKI
from app.models.base import utcnow

log = logging.getLogger(__name__)


def remove_expired_nominations() -> int:
    """Remove the personal data of nominations past AWARD_RETENTION_MONTHS after their round's decision."""
    with job_context():
        now = utcnow()
        changed = remove_expired_award_data(now.astimezone(HELSINKI).date(), now,
                                            current_app.config["AWARD_RETENTION_MONTHS"])
        db.session.commit()
        if changed:
            log.info("Award retention: personal data removed from %s nominations", changed)
        return changed
