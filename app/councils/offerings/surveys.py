"""Open surveys on the council pages: the surveys anyone can answer through an open link now."""

from __future__ import annotations

from datetime import datetime

from flask_babel import ngettext
from sqlalchemy import bindparam, select
from surveys import text

from app.councils.offerings.base import Offering, register_offering
from app.extensions import db
from app.i18n import current_language
from app.models import AccessMode, Council, Survey
from app.models.base import UTCDateTime
from app.periods import Phase, phase_expression
from app.surveys.definitions import definition_for, newest_versions


def titled(surveys: list[Survey]) -> dict[int, list[dict]]:
    """The surveys per council id with their titles in the current language, in the given order."""
    versions = newest_versions(surveys)
    locale = current_language()
    listed: dict[int, list[dict]] = {}
    for survey in surveys:
        version = versions.get(survey.id)
        if version is not None:
            listed.setdefault(survey.council_id, []).append(
                {"survey": survey, "title": text(definition_for(version).title, locale)})
    return listed


# Built once: composing the statement cost more than running it (the front page asks on every render).
_OPEN_SURVEYS = (
    select(Survey).where(Survey.council_id.in_(bindparam("ids", expanding=True)),
                         Survey.access_mode.in_([AccessMode.OPEN, AccessMode.BOTH]),
                         phase_expression(Survey.opens_at, Survey.closes_at,
                                          bindparam("now", type_=UTCDateTime)) == Phase.OPEN)
    .order_by(Survey.closes_at.is_(None), Survey.closes_at, Survey.title))


@register_offering
class OpenSurveys(Offering):
    name = "surveys"
    order = 10
    template = "surveys/_council_section.html"

    def collect(self, councils: list[Council], now: datetime) -> dict[int, list[dict]]:
        surveys = list(db.session.scalars(_OPEN_SURVEYS, {"ids": [council.id for council in councils], "now": now}))
        return titled(surveys)

    def summary(self, offer: list[dict]) -> str:
        return ngettext("%(num)d open survey", "%(num)d open surveys", len(offer))
