"""Scale question types: likert (one scale) and matrix (rows sharing one scale)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from ..errors import N_, AnswerError, phrase
from ..fields import OTHER, RANK, field_name
from ..schema import Checker, child
from ..texts import Text
from ..values import AnswerContext, AnswerRow
from .base import Question, Raw
from .registry import register_type

CANNOT_SAY = "cannot_say"


@dataclass(frozen=True)
class MatrixRow:
    """One row of a matrix question: a key and its label."""

    key: str
    label: Text


@dataclass(frozen=True, kw_only=True)
class _Scaled(Question):
    own_required: ClassVar[tuple[str, ...]] = ("scale",)
    scale: tuple[Text, ...] = ()
    cannot_say: Text | None = None

    @classmethod
    def parse_settings(cls, data: Mapping[str, Any], path: str, checker: Checker,
                       ) -> dict[str, Any]:
        here = child(path, "scale")
        items = checker.sequence(data.get("scale"), here, phrase(N_("'scale' (the labels of points 1..N)")),
                                 min_items=2) if "scale" in data else []
        labels = [checker.text(item, child(here, i), phrase(N_("the label of scale point %(number)s"), number=i + 1))
                  for i, item in enumerate(items)]
        out: dict[str, Any] = {"scale": tuple(t for t in labels if t is not None)}
        if "cannot_say" in data:
            out["cannot_say"] = checker.text(data["cannot_say"], child(path, "cannot_say"),
                                             phrase(N_("the 'cannot say' label")))
        return out

    @property
    def points(self) -> tuple[str, ...]:
        """Every allowed raw value: "1".."N" and "cannot_say" when enabled."""
        values = tuple(str(i) for i in range(1, len(self.scale) + 1))
        return values + ((CANNOT_SAY,) if self.cannot_say else ())

    def condition_values(self) -> frozenset[str] | None:
        return frozenset(self.points)

    def _point(self, value: str, name: str | None) -> int | str | None:
        if not value:
            return None
        if value not in self.points:
            raise AnswerError("invalid_choice", N_("%(value)s is not one of the choices."),
                              {"value": value}, field=name)
        return CANNOT_SAY if value == CANNOT_SAY else int(value)

    @staticmethod
    def _row(key: str, point: int | str, row: str | None = None) -> AnswerRow:
        if point == CANNOT_SAY:
            return AnswerRow(key, option=CANNOT_SAY, row=row)
        return AnswerRow(key, option=str(point), row=row, value_number=Decimal(point))

    @staticmethod
    def _unrow(row: AnswerRow) -> int | str | None:
        if row.option == CANNOT_SAY:
            return CANNOT_SAY
        return int(row.value_number) if row.value_number is not None else None


@register_type
@dataclass(frozen=True, kw_only=True)
class Likert(_Scaled):
    """A point on a labelled scale of N points (1..N), or "cannot say" when enabled."""

    type_name: ClassVar[str] = "likert"
    own_optional: ClassVar[tuple[str, ...]] = ("cannot_say",)

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> int | str | None:
        return self._point(self.single(raw), None)

    def to_rows(self, value: Any) -> list[AnswerRow]:
        return [] if value is None else [self._row(self.key, value)]

    def from_rows(self, rows: Sequence[AnswerRow]) -> Any:
        return next((p for p in map(self._unrow, rows) if p is not None), None)

    def to_raw(self, value: Any, locale: str = "fi") -> dict[str, list[str]]:
        return {self.field: [] if value is None else [str(value)]}


@register_type
@dataclass(frozen=True, kw_only=True)
class Matrix(_Scaled):
    """Several rows answered on one shared scale; the value maps row key -> point.

    ``required: true`` means every row must be answered.
    """

    type_name: ClassVar[str] = "matrix"
    own_required: ClassVar[tuple[str, ...]] = ("scale", "rows")
    own_optional: ClassVar[tuple[str, ...]] = ("cannot_say",)
    rows: tuple[MatrixRow, ...] = ()

    @classmethod
    def parse_settings(cls, data: Mapping[str, Any], path: str, checker: Checker,
                       ) -> dict[str, Any]:
        out = super().parse_settings(data, path, checker)
        here = child(path, "rows")
        rows: list[MatrixRow] = []
        seen: dict[str, int] = {}
        items = checker.sequence(data.get("rows"), here, "'rows'") if "rows" in data else []
        for index, item in enumerate(items):
            item_path = child(here, index)
            if not checker.mapping(item, item_path, phrase(N_("a matrix row")), required=("key", "label")):
                continue
            key = checker.key(item.get("key"), child(item_path, "key"), phrase(N_("a matrix row key")))
            label = checker.text(item.get("label"), child(item_path, "label"), phrase(N_("the row label")))
            if key in (OTHER, RANK):
                checker.problem(child(item_path, "key"), phrase(N_("row key %(key)s is reserved for field names; "
                                                                   "choose another key"), key=repr(key)))
            elif key is not None and key in seen:
                checker.problem(child(item_path, "key"), phrase(N_("row key %(key)s is already used by "
                                                                   "rows[%(index)s]; row keys must be unique "
                                                                   "within a question"), key=repr(key), index=seen[key]))
            elif key is not None:
                seen[key] = index
                if label is not None:
                    rows.append(MatrixRow(key, label))
        out["rows"] = tuple(rows)
        return out

    def row_field(self, row: str) -> str:
        """The field name of one row, ``q_<key>__<row>``."""
        return field_name(self.key, row)

    def field_names(self) -> tuple[str, ...]:
        return tuple(self.row_field(r.key) for r in self.rows)

    def condition_values(self) -> frozenset[str] | None:
        return frozenset()

    def normalise(self, raw: Raw, locale: str = "fi",
                  context: AnswerContext | None = None) -> Any:
        value = self.parse(raw, locale, context or AnswerContext())
        if self.required:
            missing = [r.key for r in self.rows if r.key not in (value or {})]
            if missing:
                raise AnswerError("required", N_("Answer every row."),
                                  field=self.row_field(missing[0]))
        return value

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> dict[str, Any] | None:
        value = {}
        for row in self.rows:
            name = self.row_field(row.key)
            point = self._point(self.single(raw, name), name)
            if point is not None:
                value[row.key] = point
        return value or None

    def to_rows(self, value: Any) -> list[AnswerRow]:
        return [self._row(self.key, value[r.key], r.key)
                for r in self.rows if r.key in (value or {})]

    def from_rows(self, rows: Sequence[AnswerRow]) -> Any:
        known = {r.key for r in self.rows}
        value = {r.row: self._unrow(r) for r in rows if r.row in known}
        return {k: v for k, v in value.items() if v is not None} or None

    def to_raw(self, value: Any, locale: str = "fi") -> dict[str, list[str]]:
        return {self.row_field(r.key): [str(value[r.key])] if value and r.key in value else []
                for r in self.rows}
