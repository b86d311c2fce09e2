"""The number question type: whole or decimal numbers typed in the respondent's locale."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from ..errors import N_, AnswerError, phrase
from ..numbers import NumberFormatError, format_decimal, parse_decimal
from ..schema import Checker, child
from ..values import AnswerContext, AnswerRow
from .base import Question, Raw
from .registry import register_type

#: digits a number answer may have: what a stored double keeps exactly
MAX_DIGITS = 15


@register_type
@dataclass(frozen=True, kw_only=True)
class Number(Question):
    """A number, optionally whole (``integer: true``), between ``min`` and ``max``.

    ``decimals`` limits the digits after the decimal separator. The value is a Decimal.
    """

    type_name: ClassVar[str] = "number"
    ordered_by: ClassVar[str | None] = "number"
    own_optional: ClassVar[tuple[str, ...]] = ("min", "max", "integer", "decimals")

    min: Decimal | None = None
    max: Decimal | None = None
    integer: bool = False
    decimals: int | None = None

    @classmethod
    def parse_settings(cls, data: Mapping[str, Any], path: str, checker: Checker,
                       ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("min", "max"):
            if name in data:
                out[name] = checker.decimal(data[name], child(path, name), f"'{name}'")
        if "integer" in data:
            out["integer"] = checker.flag(data["integer"], child(path, "integer"), "'integer'")
        if "decimals" in data:
            out["decimals"] = checker.integer(data["decimals"], child(path, "decimals"),
                                              "'decimals'", minimum=1)
            if out.get("integer"):
                checker.problem(child(path, "decimals"),
                                phrase(N_("'decimals' cannot be used with 'integer: true'")))
        low, high = out.get("min"), out.get("max")
        if low is not None and high is not None and low > high:
            checker.problem(child(path, "max"), phrase(N_("'max' (%(high)s) is smaller than 'min' (%(low)s)"),
                                                       high=high, low=low))
        return out

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> Decimal | None:
        try:
            value = parse_decimal(self.single(raw), locale)
        except NumberFormatError as error:
            # Say what to drop ("euroa", "kpl"): people type units and words after the number.
            if error.extra and locale in ("fi", "sv"):
                raise AnswerError("invalid_number", N_("Enter only the number, without “%(extra)s”, "
                                                       "such as 12 or 1,5."), {"extra": error.extra}) from None
            if error.extra:
                raise AnswerError("invalid_number", N_("Enter only the number, without “%(extra)s”, "
                                                       "such as 12 or 1.5."), {"extra": error.extra}) from None
            if locale in ("fi", "sv"):
                raise AnswerError("invalid_number",
                                  N_("Enter a number, such as 12 or 1,5.")) from None
            raise AnswerError("invalid_number", N_("Enter a number, such as 12 or 1.5.")) from None
        if value is None:
            return None
        # Answers are stored as double precision floats, exact to 15 significant digits.
        if value.adjusted() >= MAX_DIGITS or len(value.normalize().as_tuple().digits) > MAX_DIGITS:
            raise AnswerError("too_many_digits", N_("Enter a number with at most %(digits)d digits."),
                              {"digits": MAX_DIGITS})
        exponent = value.normalize().as_tuple().exponent  # "1,50" has one decimal
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if self.integer and value != value.to_integral_value():
            raise AnswerError("not_integer", N_("Enter a whole number."))
        if self.integer:
            value = value.quantize(Decimal(1))
        elif self.decimals is not None and places > self.decimals:
            raise AnswerError("too_many_decimals",
                              N_("Use at most %(decimals)d digits after the decimal separator."),
                              {"decimals": self.decimals})
        if self.min is not None and value < self.min:
            raise AnswerError("too_small", N_("The number must be at least %(min)s."),
                              {"min": format_decimal(self.min, locale)})
        if self.max is not None and value > self.max:
            raise AnswerError("too_large", N_("The number must be at most %(max)s."),
                              {"max": format_decimal(self.max, locale)})
        return value

    def to_rows(self, value: Any) -> list[AnswerRow]:
        return [] if value is None else [AnswerRow(self.key, value_number=Decimal(value))]

    def from_rows(self, rows: Sequence[AnswerRow]) -> Any:
        return next((Decimal(r.value_number) for r in rows if r.value_number is not None), None)

    def to_raw(self, value: Any, locale: str = "fi") -> dict[str, list[str]]:
        return {self.field: [] if value is None else [format_decimal(value, locale, group="")]}
