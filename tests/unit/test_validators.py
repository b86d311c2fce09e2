"""Y-tunnus and association register number validation (python-stdnum), and e-mail addresses (email_validator)."""

import email_validator
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import ValidationError
from wtforms import Form, StringField

from forms.validators import (_PLAIN_EMAIL, EmailAddress, clean_email, is_plainly_valid_email, normalise_business_id,
                              normalise_register_number)


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


def _library_accepts(address: str) -> bool:
    try:
        email_validator.validate_email(address, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return False
    return True


# Addresses near the everyday form: its characters and the ones it leaves to the library, dots, hyphens and digits
# where they are allowed or not, special-use and numeric endings, long parts.
_NEAR_PLAIN = st.builds(
    "{}@{}{}".format,
    st.text(alphabet="aZ09_+-.'é ", min_size=0, max_size=70),
    st.text(alphabet="ab09-.", min_size=0, max_size=70),
    st.sampled_from(["fi", "com", "c", "f1", "local", "test", "invalid", "arpa", "onion", "localhost", "x--y",
                     "fi.", "-fi", "FI", ""]))


@settings(max_examples=600, deadline=None)
@given(st.one_of(_NEAR_PLAIN, st.from_regex(_PLAIN_EMAIL, fullmatch=True)))
def test_an_address_accepted_at_once_is_one_email_validator_accepts(address):
    if is_plainly_valid_email(address):
        assert _library_accepts(address), address


@pytest.mark.parametrize(("address", "plain"), [
    ("maija.meikalainen@example.fi", True), ("Post-Costs-1+x@Sub.Example.FI", True), ("a" * 64 + "@ab.fi", True),
    ("a" * 65 + "@ab.fi", False), ("a@" + "b" * 63 + ".fi", True), ("a@" + "b" * 64 + ".fi", False),
    ("a@" + ".".join(["b" * 60] * 4) + ".fi", True), ("a@" + ".".join(["b" * 62] * 4) + ".fi", False),
    ("a@x.local", False), ("a@mail.test", False), ("a@x.invalid", False), ("a@ab--cd.fi", False),
    ("a@xn--mnchen-3ya.de", False), ("a@1.23", False), ("a@x.f1", False), ("a@fi", False), ("a..b@x.fi", False),
    (".a@x.fi", False), ("a@-x.fi", False), ("a@x-.fi", False), ("o'brien@x.fi", False), ("mäki@x.fi", False),
    ("a b@x.fi", False), ("Maija <m@x.fi>", False)])
def test_the_everyday_address_is_told_at_once_and_the_rest_is_left_to_the_library(address, plain):
    assert is_plainly_valid_email(address) is plain
    if plain:
        assert _library_accepts(address)


def test_the_form_check_accepts_and_refuses_as_email_validator_does():
    class _Form(Form):
        email = StringField(validators=[EmailAddress("Wrong form.")])

    for address, accepted in [("maija@example.fi", True), ("o'brien@example.fi", True), ("a@x.local", False),
                              ("a@ab--cd.fi", False), ("no-at-sign", False), ("mäki@esimerkki.fi", True)]:
        form = _Form(data={"email": address})
        assert form.validate() is accepted and _library_accepts(address) is accepted, address
        assert form.errors == ({} if accepted else {"email": ["Wrong form."]})
