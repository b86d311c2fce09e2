"""Loading the frozen survey definition of a stored version (parsed once per content hash, per process),
with its texts' parameters filled for the council that publishes it."""

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable

from flask_babel import force_locale
from flask_babel import gettext as _

from surveys import LOCALES, SurveyDefinition, definition_from_dict
from surveys.parameters import fill_parameters, has_parameters

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import defer

from app.extensions import db
from app.models import Council, CouncilKind, Survey, SurveyVersion

CACHE_SIZE = 64

_parsed: "OrderedDict[object, SurveyDefinition]" = OrderedDict()
_lock = threading.Lock()


def _kept(key: object):
    with _lock:
        found = _parsed.get(key)
        if found is not None:
            _parsed.move_to_end(key)
        return found


def _cached(key: object, make):
    found = _kept(key)
    if found is not None:
        return found
    made = make()
    with _lock:
        _parsed[key] = made
        while len(_parsed) > CACHE_SIZE:
            _parsed.popitem(last=False)
    return made


def _newest_versions_statement():
    newest = (select(SurveyVersion.survey_id, func.max(SurveyVersion.number).label("number"))
              .where(SurveyVersion.survey_id.in_(bindparam("ids", expanding=True)))
              .group_by(SurveyVersion.survey_id).subquery())
    return (select(SurveyVersion).join(newest, (SurveyVersion.survey_id == newest.c.survey_id)
                                       & (SurveyVersion.number == newest.c.number))
            .options(defer(SurveyVersion.definition_json)))


# Built once: composing it cost more than running it on the pages that list surveys.
_NEWEST_VERSIONS = _newest_versions_statement()


def newest_versions(surveys: Iterable[Survey]) -> dict[int, SurveyVersion]:
    """Survey id -> its newest version, for a list of surveys in one query (each survey's
    `current_version` would run one per survey); without the definition JSON, which
    `definition_for` reads only on a cache miss. Surveys without a version are left out."""
    ids = [survey.id for survey in surveys]
    if not ids:
        return {}
    return {version.survey_id: version for version in db.session.scalars(_NEWEST_VERSIONS, {"ids": ids})}


def council_parameters(council: Council) -> dict[str, dict[str, str]]:
    """The values of the text parameters for ``council``, per locale: its name, and where its
    associations are as the kind of council says it (a municipality, or a region)."""
    values = {}
    for locale in LOCALES:
        with force_locale(locale):
            values[locale] = {"council": council.name(locale),
                              "area_in": _("in your area") if council.is_regional else _("in your municipality")}
    return values


def definition_for(version: SurveyVersion) -> SurveyDefinition:
    """The parsed definition of a survey version, its texts speaking for the survey's council.

    Keyed on the content hash, the sha256 of the canonical JSON stored beside it, so equal hashes
    mean equal definitions. Not on the version id: a version without responses is replaced in
    place by a new import (publishing.py), which changes its hash but keeps its id. The JSON
    column is read only on a miss, so a version loaded without it costs no 20 KB transfer.
    A definition with parameters ({council}) is kept once per council name and kind as well.
    """
    definition = _cached(version.content_hash,
                         lambda: definition_from_dict(json.loads(version.definition_json)))
    if not _cached(("has_parameters", version.content_hash), lambda: has_parameters(definition)):
        return definition
    council = version.survey.council
    key = (version.content_hash, council.kind.value, council.name_fi, council.name_sv, council.name_en)
    return _cached(key, lambda: fill_parameters(definition, council_parameters(council)))


def kept_definition(content_hash: str, council_kind: CouncilKind, name_fi: str, name_sv: str | None,
                    name_en: str | None) -> SurveyDefinition | None:
    """The definition `definition_for` made in this process for a version of `content_hash` published by a council
    of this kind and these names; None when it has not made it yet (`definition_for` then makes it from the
    version). For a caller that read those values without loading the version and its council."""
    parametrised = _kept(("has_parameters", content_hash))
    if parametrised is None:
        return None
    return _kept((content_hash, council_kind.value, name_fi, name_sv, name_en) if parametrised else content_hash)
