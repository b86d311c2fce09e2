"""Choice question types: single_choice, multiple_choice and yes_no, and their options."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from ..errors import N_, AnswerError, phrase
from ..fields import OTHER, other_field
from ..schema import OPTION_VALUE, Checker, child
from ..texts import Text
from ..values import AnswerContext, AnswerRow, Selection
from .base import Question, Raw
from .registry import register_type

OTHER_LABEL = Text(fi="Muu, mikä?", sv="Annat, vad?", en="Other, please specify")
OTHER_MAX_LENGTH = 200


@dataclass(frozen=True)
class Option:
    """One option of a choice or ranking question: a stable value and its label."""

    value: str
    label: Text


def parse_options(data: Mapping[str, Any], path: str, checker: Checker,
                  reserved: tuple[str, ...] = ()) -> tuple[Option, ...]:
    """Read ``options``: a list of ``{value, label}`` with values unique in the question."""
    if "options" not in data:
        return ()  # the missing key itself is already reported
    here = child(path, "options")
    items = checker.sequence(data.get("options"), here, "'options'", min_items=2)
    options: list[Option] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        item_path = child(here, index)
        if not checker.mapping(item, item_path, phrase(N_("an option")), required=("value", "label")):
            continue
        value = checker.key(item.get("value"), child(item_path, "value"), phrase(N_("an option value")),
                            OPTION_VALUE)
        label = checker.text(item.get("label"), child(item_path, "label"), phrase(N_("the option label")))
        if value is None:
            continue
        if value in seen:
            checker.problem(child(item_path, "value"),
                            phrase(N_("option value %(value)s is already used by options[%(index)s]; option values "
                                      "must be unique within a question"), value=repr(value), index=seen[value]))
        elif value in reserved:
            checker.problem(child(item_path, "value"),
                            phrase(N_("option value %(value)s is reserved here (it is the value of the built-in "
                                      "\"other\" option); choose another value"), value=repr(value)))
        seen.setdefault(value, index)
        if label is not None:
            options.append(Option(value, label))
    return tuple(options)


@dataclass(frozen=True, kw_only=True)
class _Choice(Question):
    own_required: ClassVar[tuple[str, ...]] = ("options",)
    options: tuple[Option, ...] = ()
    other: bool = False
    other_label: Text | None = None

    @classmethod
    def parse_settings(cls, data: Mapping[str, Any], path: str, checker: Checker,
                       ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "other" in data:
            out["other"] = checker.flag(data["other"], child(path, "other"), "'other'")
        if "other_label" in data:
            out["other_label"] = checker.text(data["other_label"], child(path, "other_label"),
                                              phrase(N_("the other_label")))
            if not out.get("other"):
                checker.problem(child(path, "other_label"),
                                phrase(N_("'other_label' needs 'other: true' in the same question")))
        out["options"] = parse_options(data, path, checker,
                                       reserved=(OTHER,) if out.get("other") else ())
        return out

    @property
    def values(self) -> tuple[str, ...]:
        """Every allowed value, "other" included when enabled."""
        return tuple(o.value for o in self.options) + ((OTHER,) if self.other else ())

    @property
    def other_option_label(self) -> Text:
        """The label of the "Other, please specify" option."""
        return self.other_label or OTHER_LABEL

    def field_names(self) -> tuple[str, ...]:
        return (self.field, other_field(self.key)) if self.other else (self.field,)

    def condition_values(self) -> frozenset[str] | None:
        return frozenset(self.values)

    def _select(self, chosen: list[str], raw: Raw) -> Selection | None:
        unknown = [v for v in chosen if v not in self.values]
        if unknown:
            raise AnswerError("invalid_choice", N_("%(value)s is not one of the choices."),
                              {"value": unknown[0]})
        ordered = tuple(v for v in self.values if v in chosen)
        if not ordered:
            return None
        other_text = None
        if OTHER in ordered:
            other_text = " ".join(self.single(raw, other_field(self.key)).split())
            if not other_text:
                raise AnswerError("other_required", N_("Please specify what \"other\" means."),
                                  field=other_field(self.key))
            if len(other_text) > OTHER_MAX_LENGTH:
                raise AnswerError("too_long", N_("The text is too long: %(length)d characters, "
                                                 "at most %(max_length)d allowed."),
                                  {"length": len(other_text), "max_length": OTHER_MAX_LENGTH},
                                  field=other_field(self.key))
        return Selection(ordered, other_text)

    def to_rows(self, value: Any) -> list[AnswerRow]:
        if value is None:
            return []
        return [AnswerRow(self.key, option=v, value_text=value.other if v == OTHER else None)
                for v in value.options]

    def from_rows(self, rows: Sequence[AnswerRow]) -> Any:
        chosen = {r.option: r for r in rows if r.option is not None}
        options = tuple(v for v in self.values if v in chosen)
        if not options:
            return None
        return Selection(options, chosen[OTHER].value_text if OTHER in chosen else None)

    def to_raw(self, value: Any, locale: str = "fi") -> dict[str, list[str]]:
        raw = {self.field: list(value.options) if value else []}
        if self.other:
            raw[other_field(self.key)] = [value.other] if value and value.other else []
        return raw


@register_type
@dataclass(frozen=True, kw_only=True)
class SingleChoice(_Choice):
    """Pick one option, shown as radio buttons or a dropdown (``display``)."""

    type_name: ClassVar[str] = "single_choice"
    own_optional: ClassVar[tuple[str, ...]] = ("display", "other", "other_label")
    display: str = "radio"

    @classmethod
    def parse_settings(cls, data: Mapping[str, Any], path: str, checker: Checker,
                       ) -> dict[str, Any]:
        out = super().parse_settings(data, path, checker)
        if "display" in data:
            out["display"] = checker.choice(data["display"], child(path, "display"),
                                            "'display'", ("radio", "dropdown")) or "radio"
        return out

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> Selection | None:
        value = self.single(raw)
        return self._select([value] if value else [], raw)


@register_type
@dataclass(frozen=True, kw_only=True)
class MultipleChoice(_Choice):
    """Pick any number of options, between ``min_selections`` and ``max_selections``."""

    type_name: ClassVar[str] = "multiple_choice"
    own_optional: ClassVar[tuple[str, ...]] = ("min_selections", "max_selections", "other",
                                               "other_label")
    min_selections: int | None = None
    max_selections: int | None = None

    @classmethod
    def parse_settings(cls, data: Mapping[str, Any], path: str, checker: Checker,
                       ) -> dict[str, Any]:
        out = super().parse_settings(data, path, checker)
        count = len(out["options"]) + (1 if out.get("other") else 0)
        for name in ("min_selections", "max_selections"):
            if name in data:
                value = checker.integer(data[name], child(path, name), f"'{name}'", minimum=1)
                if value is not None and value > count:
                    checker.problem(child(path, name), phrase(N_("'%(name)s' is %(value)s, but the question has "
                                                                 "only %(count)s options"),
                                                              name=name, value=value, count=count))
                out[name] = value
        low, high = out.get("min_selections"), out.get("max_selections")
        if low and high and low > high:
            checker.problem(child(path, "max_selections"),
                            phrase(N_("'max_selections' (%(high)s) is smaller than 'min_selections' (%(low)s)"),
                                   high=high, low=low))
        return out

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> Selection | None:
        selection = self._select(list(dict.fromkeys(self.many(raw))), raw)
        count = len(selection.options) if selection else 0
        if count and self.min_selections and count < self.min_selections:
            raise AnswerError("too_few_selections", N_("Choose at least %(min)d options."),
                              {"min": self.min_selections})
        if self.max_selections and count > self.max_selections:
            raise AnswerError("too_many_selections", N_("Choose at most %(max)d options."),
                              {"max": self.max_selections})
        return selection


@register_type
@dataclass(frozen=True, kw_only=True)
class YesNo(Question):
    """Yes or no; the value is True or False, raw input ``yes`` or ``no``."""

    type_name: ClassVar[str] = "yes_no"

    def condition_values(self) -> frozenset[str] | None:
        return frozenset({"yes", "no"})

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> bool | None:
        value = self.single(raw)
        if not value:
            return None
        if value not in ("yes", "no"):
            raise AnswerError("invalid_choice", N_("%(value)s is not one of the choices."),
                              {"value": value})
        return value == "yes"

    def to_rows(self, value: Any) -> list[AnswerRow]:
        if value is None:
            return []
        return [AnswerRow(self.key, option="yes" if value else "no",
                          value_number=Decimal(1 if value else 0))]

    def from_rows(self, rows: Sequence[AnswerRow]) -> Any:
        return next((r.option == "yes" for r in rows if r.option in ("yes", "no")), None)

    def to_raw(self, value: Any, locale: str = "fi") -> dict[str, list[str]]:
        return {self.field: [] if value is None else ["yes" if value else "no"]}
