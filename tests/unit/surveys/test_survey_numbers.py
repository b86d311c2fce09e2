"""Parsing numbers typed in fi, sv and en, with hypothesis round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys import NumberFormatError, format_decimal, parse_decimal


@pytest.mark.parametrize("text,locale,expected", [
    ("1,5", "fi", "1.5"), ("1,5", "sv", "1.5"), ("1.5", "fi", "1.5"), ("1.5", "en", "1.5"),
    ("1 200", "fi", "1200"), ("1\u00a0200", "sv", "1200"), ("1\u202f200,5", "fi", "1200.5"),
    ("12 345 678", "en", "12345678"), ("1,200.5", "en", "1200.5"), ("\u22122,5", "fi", "-2.5"),
    ("+7", "fi", "7"), ("  0,25  ", "fi", "0.25"), ("1,200", "fi", "1.2"),
    ("1 200 €", "fi", "1200"), ("1\u00a0200\u00a0€", "sv", "1200"), ("15 %", "fi", "15"), ("12,5%", "sv", "12.5"),
    ("0,5", "en", "0.5"), ("1,25", "en", "1.25"), ("1,200", "en", "1200"), ("1 200,5", "en", "1200.5"),
    ("1,200 €", "en", "1200"),
])
def test_parse_decimal_accepts(text, locale, expected):
    assert parse_decimal(text, locale) == Decimal(expected)


@pytest.mark.parametrize("text,locale", [
    ("1,2,3", "fi"), ("abc", "fi"), ("NaN", "fi"), ("nan", "en"), ("inf", "fi"),
    ("Infinity", "en"), ("€", "fi"), ("1e5", "en"), ("12 00", "fi"), ("1 2", "fi"),
    ("1.2.3", "fi"), (",5", "fi"), ("5,", "fi"), ("--1", "fi"), ("١٢", "fi"), ("1,20,000", "en"),
])
def test_parse_decimal_rejects(text, locale):
    with pytest.raises(NumberFormatError):
        parse_decimal(text, locale)


def test_blank_is_none():
    assert parse_decimal("  ", "fi") is None


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    return separator.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def _typed(number: Decimal, point: str, separator: str) -> str:
    """Write ``number`` as a person would: sign, grouped integer part, decimal part."""
    whole, _, fraction = format(abs(number), "f").partition(".")
    sign = "-" if number < 0 else ""
    return sign + _group(whole, separator) + (point + fraction if fraction else "")


decimals = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4,
                       allow_nan=False, allow_infinity=False)


@given(decimals, st.sampled_from([" ", "\u00a0", "\u202f", ""]), st.sampled_from(["fi", "sv"]))
def test_finnish_and_swedish_style_round_trip(number, separator, locale):
    assert parse_decimal(_typed(number, ",", separator), locale) == number


@given(decimals, st.sampled_from([" ", ",", ""]))
def test_english_style_round_trip(number, separator):
    assert parse_decimal(_typed(number, ".", separator), "en") == number


@given(decimals, st.sampled_from(["fi", "sv", "en"]))
def test_format_decimal_parses_back(number, locale):
    assert parse_decimal(format_decimal(number, locale), locale) == number


def test_format_decimal_examples():
    assert format_decimal(Decimal("-1234567.5"), "fi") == "-1\u00a0234\u00a0567,5"
    assert format_decimal(Decimal("1234.5"), "en", group="") == "1234.5"


@pytest.mark.parametrize("stored,locale,shown", [
    (Decimal("45.0"), "fi", "45"), (Decimal("1200.0"), "fi", "1\u00a0200"), (Decimal("1E+3"), "sv", "1\u00a0000"),
    (Decimal("1.50"), "fi", "1,5"), (Decimal("0.0"), "en", "0"), (Decimal("-2.50"), "en", "-2.5"),
])
def test_whole_numbers_are_shown_without_decimals(stored, locale, shown):
    assert format_decimal(stored, locale) == shown


def test_refused_text_names_what_is_not_part_of_the_number():
    with pytest.raises(NumberFormatError) as refused:
        parse_decimal("noin 1200 euroa", "fi")
    assert refused.value.extra == "noin euroa"
