"""The ranking question type: put options (or the top N of them) in order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from ..errors import N_, AnswerError, phrase
from ..fields import rank_field
from ..schema import Checker, child
from ..values import AnswerContext, AnswerRow
from .base import Question, Raw
from .choice import Option, parse_options
from .registry import register_type


@register_type
@dataclass(frozen=True, kw_only=True)
class Ranking(Question):
    """Give options ranks 1..n, each rank once; ``top: N`` ranks only the N most important.

    Raw input is one field per option, ``q_<key>__rank__<option>``, holding its rank or
    blank. Ranks must run 1, 2, 3... without gaps; when required, all ``top`` (or all
    options) must be ranked. The value is the tuple of option values in rank order.
    ``options_from: <key>`` ranks only the options chosen in that earlier multiple-choice
    question (whose option values are these options'); it reads the answers in the context.
    """

    type_name: ClassVar[str] = "ranking"
    own_required: ClassVar[tuple[str, ...]] = ("options",)
    own_optional: ClassVar[tuple[str, ...]] = ("top", "options_from")
    options: tuple[Option, ...] = ()
    top: int | None = None
    options_from: str | None = None

    @classmethod
    def parse_settings(cls, data: Mapping[str, Any], path: str, checker: Checker,
                       ) -> dict[str, Any]:
        out: dict[str, Any] = {"options": parse_options(data, path, checker)}
        if "top" in data:
            top = checker.integer(data["top"], child(path, "top"), "'top'", minimum=1)
            if top is not None and top > len(out["options"]):
                checker.problem(child(path, "top"), phrase(N_("'%(name)s' is %(value)s, but the question has "
                                                              "only %(count)s options"),
                                                           name="top", value=top, count=len(out["options"])))
            out["top"] = top
        if "options_from" in data:
            out["options_from"] = checker.key(data["options_from"], child(path, "options_from"),
                                              phrase(N_("the question of 'options_from'")))
        return out

    def offered(self, answers: Mapping[str, Any] | None) -> tuple[Option, ...]:
        """The options to rank: all of them, or with ``options_from`` those chosen there
        (all while ``answers`` is None, i.e. not known)."""
        if self.options_from is None or answers is None:
            return self.options
        chosen = answers.get(self.options_from)
        picked = set(getattr(chosen, "options", ()))
        return tuple(o for o in self.options if o.value in picked)

    @property
    def limit(self) -> int:
        """How many options are ranked at most."""
        return min(self.top or len(self.options), len(self.options))

    def field_names(self) -> tuple[str, ...]:
        return tuple(rank_field(self.key, o.value) for o in self.options)

    def condition_values(self) -> frozenset[str] | None:
        return frozenset(o.value for o in self.options)

    def normalise(self, raw: Raw, locale: str = "fi",
                  context: AnswerContext | None = None) -> Any:
        context = context or AnswerContext()
        value = self.parse(raw, locale, context)
        needed = min(self.limit, len(self.offered(context.answers)))
        if self.required and len(value or ()) < needed:
            raise AnswerError("required", N_("Rank %(count)d options."), {"count": needed})
        return value

    def parse(self, raw: Raw, locale: str, context: AnswerContext) -> tuple[str, ...] | None:
        ranks: dict[int, str] = {}
        offered = {o.value for o in self.offered(context.answers)}
        for option in self.options:
            name = rank_field(self.key, option.value)
            given = self.single(raw, name)
            if not given:
                continue
            if option.value not in offered:
                raise AnswerError("rank_not_chosen", N_("Rank only options you chose in the question "
                                                        "before this one."), field=name)
            if not given.isascii() or not given.isdigit() or not 1 <= int(given) <= self.limit:
                raise AnswerError("invalid_rank", N_("Use a rank from 1 to %(count)d."),
                                  {"count": self.limit}, field=name)
            if int(given) in ranks:
                raise AnswerError("duplicate_rank", N_("Rank %(rank)s is given twice; "
                                                       "use each rank only once."),
                                  {"rank": int(given)}, field=name)
            ranks[int(given)] = option.value
        if sorted(ranks) != list(range(1, len(ranks) + 1)):
            raise AnswerError("rank_gap", N_("Use ranks 1 to %(count)d without gaps."),
                              {"count": len(ranks)})
        return tuple(ranks[i] for i in sorted(ranks)) or None

    def to_rows(self, value: Any) -> list[AnswerRow]:
        return [AnswerRow(self.key, option=v, value_number=Decimal(rank))
                for rank, v in enumerate(value or (), start=1)]

    def from_rows(self, rows: Sequence[AnswerRow]) -> Any:
        known = {o.value for o in self.options}
        ranked = sorted((r.value_number, r.option) for r in rows
                        if r.option in known and r.value_number is not None)
        return tuple(option for _, option in ranked) or None

    def to_raw(self, value: Any, locale: str = "fi") -> dict[str, list[str]]:
        ranks = {v: str(i) for i, v in enumerate(value or (), start=1)}
        return {rank_field(self.key, o.value): [ranks[o.value]] if o.value in ranks else []
                for o in self.options}
