"""Loading the frozen survey definition of a stored version (parsed once per content hash)."""

import json
from functools import lru_cache

from surveys import SurveyDefinition, definition_from_dict

from app.models import SurveyVersion


@lru_cache(maxsize=64)
def _parse(content_hash: str, definition_json: str) -> SurveyDefinition:
    return definition_from_dict(json.loads(definition_json))


def definition_for(version: SurveyVersion) -> SurveyDefinition:
    """The parsed definition of a survey version."""
    return _parse(version.content_hash, version.definition_json)
