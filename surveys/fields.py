"""Names of the raw input fields that forms render and the engine reads."""

from __future__ import annotations

PREFIX = "q_"
SEPARATOR = "__"
OTHER = "other"
RANK = "rank"


def field_name(question_key: str, *parts: str) -> str:
    """Build a field name: ``q_<key>`` or ``q_<key>__<part>__<part>``.

    ``field_name("sector")`` -> ``q_sector`` (the main value),
    ``field_name("sector", "other")`` -> ``q_sector__other`` (the "other" text),
    ``field_name("cooperation", "municipality")`` -> ``q_cooperation__municipality``
    (a matrix row), ``field_name("needs", "rank", "premises")`` ->
    ``q_needs__rank__premises`` (the rank of one ranking option).
    """
    return SEPARATOR.join([PREFIX + question_key, *parts])


def other_field(question_key: str) -> str:
    """The field holding the "Other, please specify" text of a choice question."""
    return field_name(question_key, OTHER)


def rank_field(question_key: str, option: str) -> str:
    """The field holding the rank (1..n) that a ranking question gives ``option``."""
    return field_name(question_key, RANK, option)
