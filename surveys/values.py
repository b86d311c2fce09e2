"""Value shapes shared by question types and callers: selections, storage rows, context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Selection:
    """The answer to a choice question: chosen option values and the "other" text.

    ``options`` keeps definition order and includes ``"other"`` when the respondent
    chose "Other, please specify"; ``other`` then holds the typed text.
    """

    options: tuple[str, ...]
    other: str | None = None


@dataclass(frozen=True)
class AnswerRow:
    """One storage row of an answer, flat enough for SQL aggregation.

    ``option`` is a chosen option value (or ``"other"``, ``"cannot_say"``, a
    municipality code, ``"yes"``/``"no"``), ``row`` the matrix row key.
    """

    question_key: str
    option: str | None = None
    row: str | None = None
    value_text: str | None = None
    value_number: Decimal | None = None


@dataclass(frozen=True)
class AnswerContext:
    """Runtime data the caller supplies for normalising answers.

    ``municipalities`` maps the allowed Statistics Finland codes ("707") to anything
    (a name, a model); municipality questions need it. ``answers`` holds the answers given
    before the question (question key -> value) that a question may read, such as a ranking's
    ``options_from``; ``normalise_page`` fills it in.
    """

    municipalities: Mapping[str, Any] | None = field(default=None, hash=False)
    answers: Mapping[str, Any] | None = field(default=None, hash=False, compare=False)
