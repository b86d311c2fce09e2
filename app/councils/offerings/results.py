"""Published survey results on the council pages."""

from __future__ import annotations

from datetime import datetime

from flask_babel import ngettext
from sqlalchemy import bindparam, select

from app.councils.offerings.base import Offering, register_offering
from app.councils.offerings.surveys import titled
from app.extensions import db
from app.models import Council, Survey


_PUBLISHED = (select(Survey).where(Survey.council_id.in_(bindparam("ids", expanding=True)),
                                  Survey.is_results_public.is_(True))
              .order_by(Survey.created_at.desc(), Survey.id.desc()))


@register_offering
class PublishedResults(Offering):
    name = "results"
    order = 90
    template = "reports/_council_section.html"

    def collect(self, councils: list[Council], now: datetime) -> dict[int, list[dict]]:
        return titled(list(db.session.scalars(_PUBLISHED, {"ids": [council.id for council in councils]})))

    def summary(self, offer: list[dict]) -> str:
        return ngettext("Results of %(num)d survey", "Results of %(num)d surveys", len(offer))
