"""The Question base class that every question type extends."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ..conditions import Condition, Reference, is_answered, parse_condition
from ..errors import N_, AnswerError, phrase
from ..fields import field_name
from ..schema import Checker, child
from ..texts import Text
from ..values import AnswerContext, AnswerRow

Raw = Mapping[str, Sequence[str]]
COMMON_KEYS = ("key", "type", "label", "help", "required", "show_if", "personal")


def field_values(raw: Raw, name: str) -> list[str]:
    """All values of field ``name``: a list, a lone string, or a MultiDict's ``getlist``."""
    # werkzeug's MultiDict.get returns only the first value; getlist returns them all.
    getlist = getattr(raw, "getlist", None)
    values = getlist(name) if callable(getlist) else raw.get(name)
    if values is None:
        return []
    return [values] if isinstance(values, str) else list(values)


@dataclass(frozen=True, kw_only=True)
class Question:
    """A question of a survey page; subclasses add their own settings and rules.

    Field names of a subclass are its YAML keys, so the canonical form round-trips.
    """

    type_name: ClassVar[str] = ""
    has_answer: ClassVar[bool] = True
    own_required: ClassVar[tuple[str, ...]] = ()
    own_optional: ClassVar[tuple[str, ...]] = ()
    # What show_if's greater_than, less_than and between compare answers of this type as: "number", "date" or
    # None when they cannot be compared by size.
    ordered_by: ClassVar[str | None] = None
    # Answers of this type are personal data whatever the definition says (an e-mail address).
    personal_by_type: ClassVar[bool] = False

    key: str
    label: Text | None = None
    help: Text | None = None
    required: bool = False
    show_if: Condition | None = None
    # `personal: true` in a definition: a contact person's name or phone number. Personal answers
    # never appear in public results or publication versions.
    personal: bool = False

    @property
    def is_personal(self) -> bool:
        """Whether the answers are personal data, by the question's type or its definition."""
        return self.personal or self.personal_by_type

    # -- definition ------------------------------------------------------------------------

    @classmethod
    def from_definition(cls, data: Mapping[str, Any], path: str, checker: Checker,
                        refs: list[Reference]) -> Question | None:
        """Read and check this type's part of a definition; ``None`` when it has problems."""
        what = phrase(N_("question of type %(type)s"), type=repr(cls.type_name))
        required = ("key", "type", *(("label",) if cls.has_answer else ()), *cls.own_required)
        optional = tuple(k for k in COMMON_KEYS + cls.own_optional if k not in required)
        if not cls.has_answer:
            optional = tuple(k for k in optional if k not in ("required", "personal"))
        before = len(checker.problems)
        checker.mapping(data, path, what, required=required, optional=optional)
        common: dict[str, Any] = {
            "key": checker.key(data.get("key"), child(path, "key"), phrase(N_("a question key"))),
        }
        for name, the in (("label", phrase(N_("the label"))), ("help", phrase(N_("the help")))):
            if name in data:
                common[name] = checker.text(data[name], child(path, name), the)
        if "required" in data and cls.has_answer:
            common["required"] = checker.flag(data["required"], child(path, "required"),
                                              "'required'")
        if "personal" in data and cls.has_answer:
            common["personal"] = checker.flag(data["personal"], child(path, "personal"), "'personal'")
        if "show_if" in data:
            common["show_if"] = parse_condition(data["show_if"], child(path, "show_if"),
                                                checker, refs)
        own = cls.parse_settings(data, path, checker)
        if len(checker.problems) > before:
            return None
        return cls(**common, **own)

    @classmethod
    def parse_settings(cls, data: Mapping[str, Any], path: str, checker: Checker,
                       ) -> dict[str, Any]:
        """Read the type's own keys; report problems to ``checker``."""
        return {}

    def condition_values(self) -> frozenset[str] | None:
        """Values that show_if may compare with this answer, or ``None`` for any value."""
        return None

    # -- answers ---------------------------------------------------------------------------

    @property
    def field(self) -> str:
        """The main field name, ``q_<key>``."""
        return field_name(self.key)

    def field_names(self) -> tuple[str, ...]:
        """Every raw field this question reads."""
        return (self.field,)

    def normalise(self, raw: Raw, locale: str = "fi",
                  context: AnswerContext | None = None) -> Any:
        """Turn raw input into this question's value; ``None`` when unanswered.

        Raises :class:`AnswerError` when the input is invalid, or missing while required.
        """
        value = self.parse(raw, locale, context or AnswerContext())
        if is_answered(value):
            return value
        if self.required:
            raise AnswerError("required", N_("This question is required."))
        return None

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> Any:
        """Type-specific parsing of raw input into a value (or None)."""
        raise NotImplementedError

    def to_rows(self, value: Any) -> list[AnswerRow]:
        """Flatten a normalised value into storage rows."""
        raise NotImplementedError

    def from_rows(self, rows: Sequence[AnswerRow]) -> Any:
        """Rebuild a value from this question's storage rows (``None`` when there are none)."""
        raise NotImplementedError

    def to_raw(self, value: Any, locale: str = "fi") -> dict[str, list[str]]:
        """Raw field values that would normalise back to ``value`` (to pre-fill a form)."""
        raise NotImplementedError

    # -- helpers for subclasses -----------------------------------------------------------

    def single(self, raw: Raw, name: str | None = None) -> str:
        """The one stripped value of field ``name`` (default the main field); "" if none."""
        name = name or self.field
        given = [v for v in field_values(raw, name) if v is not None and str(v).strip()]
        if len(given) > 1:
            raise AnswerError("multiple_values", N_("Give only one value."),
                              field=None if name == self.field else name)
        return str(given[0]).strip() if given else ""

    def many(self, raw: Raw, name: str | None = None) -> list[str]:
        """The stripped, non-blank values of field ``name`` (default the main field)."""
        values = field_values(raw, name or self.field)
        return [str(v).strip() for v in values if v is not None and str(v).strip()]
