"""Loading the frozen survey definition of a stored version (parsed once per content hash, per process)."""

import json
import threading
from collections import OrderedDict

from surveys import SurveyDefinition, definition_from_dict

from app.models import SurveyVersion

CACHE_SIZE = 64

_parsed: "OrderedDict[str, SurveyDefinition]" = OrderedDict()
_lock = threading.Lock()


def definition_for(version: SurveyVersion) -> SurveyDefinition:
    """The parsed definition of a survey version.

    Keyed on the content hash, the sha256 of the canonical JSON stored beside it, so equal hashes
    mean equal definitions. Not on the version id: a version without responses is replaced in
    place by a new import (publishing.py), which changes its hash but keeps its id. The JSON
    column is read only on a miss, so a version loaded without it costs no 20 KB transfer.
    """
    key = version.content_hash
    with _lock:
        found = _parsed.get(key)
        if found is not None:
            _parsed.move_to_end(key)
            return found
    definition = definition_from_dict(json.loads(version.definition_json))
    with _lock:
        _parsed[key] = definition
        while len(_parsed) > CACHE_SIZE:
            _parsed.popitem(last=False)
    return definition
