"""Y-tunnus and association register number validation (python-stdnum)."""

import pytest
from stdnum.exceptions import ValidationError

from forms.validators import clean_email, normalise_business_id, normalise_register_number


@pytest.mark.parametrize(("raw", "expected"), [("2077474-0", "2077474-0"), (" 20774740 ", "2077474-0"), ("0737546-2", "0737546-2")])
def test_valid_business_ids_are_normalised(raw, expected):
    assert normalise_business_id(raw) == expected


@pytest.mark.parametrize("raw", ["2077474-1", "1234567", "abc", "2077474-00"])
def test_business_id_with_wrong_check_digit_or_form_is_rejected(raw):
    with pytest.raises(ValidationError):
        normalise_business_id(raw)


@pytest.mark.parametrize(("raw", "expected"), [("123.456", "123.456"), ("123456", "123.456"), ("1.234", "1.234")])
def test_register_numbers_are_normalised(raw, expected):
    assert normalise_register_number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1234567890", ""])
def test_bad_register_numbers_are_rejected(raw):
    with pytest.raises(ValidationError):
        normalise_register_number(raw)


def test_spaces_are_removed_from_pasted_email_addresses():
    assert clean_email(" matti.meikalainen @ example.fi ") == "matti.meikalainen@example.fi"
