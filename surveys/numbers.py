"""Parsing and formatting of numbers typed by people in Finnish, Swedish or English."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Finnish and Swedish write the decimal comma ("1,5") and group thousands with a space,
# often a no-break space (U+00A0) or narrow no-break space (U+202F) pasted from documents.
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_MINUS = "\u2212"
_PLAIN = re.compile(r"^[+-]?(\d+)(?:[.,](\d+))?$", re.ASCII)
_GROUPED = re.compile(r"^[+-]?(\d{1,3}(?:[ ]\d{3})+)(?:[.,](\d+))?$", re.ASCII)
_EN_COMMA_GROUPED = re.compile(r"^[+-]?(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$", re.ASCII)
COMMA_LOCALES = frozenset({"fi", "sv"})


#: a unit typed after the number that is dropped: euros and per cent ("1 200 €", "15 %")
_UNIT = re.compile(r"\s*[€%]$")
#: what is left of a refused text without digits, separators and signs: what to tell people to drop
_NOT_NUMBER = re.compile(r"[\d\s.,+\-\u2212]+")


class NumberFormatError(ValueError):
    """The text is not a number in the given locale; ``extra`` is what in it is not part of a number."""

    def __init__(self, raw: str) -> None:
        super().__init__(raw)
        self.extra = " ".join(_NOT_NUMBER.sub(" ", raw).split())


def parse_decimal(raw: str, locale: str = "fi") -> Decimal | None:
    """Parse a number typed in ``locale``; return ``None`` for blank input.

    Accepts "1.5" everywhere and "1,5" in fi and sv, and in en too where the comma cannot
    group thousands ("0,5", "1,25"; "1,200" is 1200 in en); digit groups of three separated by
    spaces, no-break spaces or narrow no-break spaces ("1 200"); in en also comma groups
    ("1,200.5"); a trailing € or % ("1 200 €"). Rejects "1,2,3", words, exponents, NaN and
    infinities with :class:`NumberFormatError`.
    """
    value = _UNIT.sub("", raw.strip()).replace(_MINUS, "-")
    if not value:
        if raw.strip():
            raise NumberFormatError(raw)
        return None
    value = _SPACES.sub(" ", value)
    # A sign may be followed by a space ("- 5"); thousands must then be grouped.
    value = re.sub(r"^([+-]) +", r"\1", value)
    match = _PLAIN.match(value) or _GROUPED.match(value)
    if match and "," in value and locale not in COMMA_LOCALES and not _decimal_comma(match):
        match = None
    if match is None and locale not in COMMA_LOCALES:
        match = _EN_COMMA_GROUPED.match(value)
        if match:
            value = value.replace(",", "")
    if match is None:
        raise NumberFormatError(raw)
    normalised = value.replace(" ", "").replace(",", ".")
    try:
        return Decimal(normalised)
    except InvalidOperation as exc:  # pragma: no cover - the patterns admit only digits
        raise NumberFormatError(raw) from exc


def _decimal_comma(match: re.Match) -> bool:
    """Whether the comma of an English-locale number can only be a decimal mark ("0,5", "1,25")."""
    whole, fraction = match.group(1), match.group(2)
    return fraction is not None and (len(fraction) != 3 or whole.lstrip("+-") == "0" or " " in whole)


def format_decimal(value: Decimal | int, locale: str = "fi", group: str = "\u00a0") -> str:
    """Format ``value`` for ``locale``: decimal comma in fi and sv, point in en.

    Digits are grouped by three with ``group`` (a no-break space by default; pass ""
    for no grouping). Trailing zeros are dropped, so a whole number has no decimals ("45",
    not "45,0", which is what a number read back from a float column looks like). The
    result parses back with :func:`parse_decimal`.
    """
    number = Decimal(value)
    if number.is_finite():
        number = number.normalize()
    sign = "-" if number.is_signed() and number != 0 else ""
    digits = format(abs(number), "f")
    whole, _, fraction = digits.partition(".")
    if group:
        head = len(whole) % 3 or 3
        whole = group.join([whole[:head], *(whole[i:i + 3] for i in range(head, len(whole), 3))])
    point = "," if locale in COMMA_LOCALES else "."
    return sign + whole + (point + fraction if fraction else "")
