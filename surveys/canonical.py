"""The JSON-safe canonical form of a definition, its content hash, and locale coverage."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from .conditions import (And, Answered, Between, Equals, GreaterThan, In, LessThan, Not, Or, Unanswered,
                         condition_to_dict)
from .definition import SurveyDefinition
from .schema import child
from .texts import LOCALES, Text
from .types.base import Question

_CONDITIONS = (Equals, In, Not, And, Or, Answered, Unanswered, GreaterThan, LessThan, Between)


def _canonical(value: Any) -> Any:
    if isinstance(value, Text):
        return value.as_dict()
    if isinstance(value, _CONDITIONS):
        return condition_to_dict(value)
    if dataclasses.is_dataclass(value):
        out: dict[str, Any] = {"type": value.type_name} if isinstance(value, Question) else {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            # Defaults are left out, so a new optional setting does not change old hashes.
            if f.default is not dataclasses.MISSING and item == f.default:
                continue
            out[f.name] = _canonical(item)
        return out
    if isinstance(value, (tuple, list)):
        return [_canonical(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_canonical(definition: SurveyDefinition) -> dict[str, Any]:
    """A JSON-safe dict of ``definition`` that ``definition_from_dict`` reads back equal."""
    return _canonical(definition)


def canonical_json(definition: SurveyDefinition) -> str:
    """The canonical form as compact JSON with sorted keys."""
    return json.dumps(to_canonical(definition), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def content_hash(definition: SurveyDefinition) -> str:
    """sha256 hex digest of :func:`canonical_json`: a changed file gives a new hash."""
    return hashlib.sha256(canonical_json(definition).encode("utf-8")).hexdigest()


def _texts(value: Any, path: str) -> list[tuple[str, Text]]:
    if isinstance(value, Text):
        return [(path, value)]
    if isinstance(value, _CONDITIONS) or not dataclasses.is_dataclass(value):
        if isinstance(value, tuple):
            return [t for i, item in enumerate(value) for t in _texts(item, child(path, i))]
        return []
    return [t for f in dataclasses.fields(value)
            for t in _texts(getattr(value, f.name), child(path, f.name))]


def missing_locales(definition: SurveyDefinition) -> dict[str, list[str]]:
    """Which texts lack a Swedish or English version: locale -> paths of those texts.

    An empty dict means the survey is complete in fi, sv and en.
    """
    missing: dict[str, list[str]] = {}
    for path, value in _texts(definition, ""):
        for locale in value.missing():
            missing.setdefault(locale, []).append(path)
    return {loc: missing[loc] for loc in LOCALES if loc in missing}
