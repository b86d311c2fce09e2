"""Queries for the public council pages."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Council, CouncilKind


def regional_councils() -> list[Council]:
    """Top-level councils with their local councils (loaded in one more query, however many), for the front page."""
    return list(
        db.session.scalars(
            select(Council).where(Council.parent_id.is_(None)).order_by(Council.name_fi)
            # Every regional council's local councils in one more query, not one per region.
            .options(selectinload(Council.children))
        )
    )


def council_by_slug(slug: str) -> Council | None:
    return db.session.scalar(select(Council).where(Council.slug == slug))


__all__ = ["CouncilKind", "council_by_slug", "regional_councils"]
