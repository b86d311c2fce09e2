"""Shared filters and validators: e-mail addresses, Finnish business IDs and association numbers with python-stdnum."""

import re

import email_validator
from flask_babel import lazy_gettext as _l
from stdnum.fi import associationid, ytunnus
from stdnum.exceptions import ValidationError
from wtforms.validators import Email
from wtforms.validators import ValidationError as FormValidationError

# An everyday address, ASCII only: dot-separated runs of letters, digits, _ + - before the @; after it, labels of
# letters, digits and single inner hyphens (never two in a row: email_validator's rule for "ab--", and IDNA's
# "xn--"), ending in a top-level domain of letters. Every such address within the lengths below and outside the
# special-use names is one email_validator accepts (tests/unit/test_validators.py checks it against the library).
_PLAIN_EMAIL = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@(?:[A-Za-z0-9](?:-?[A-Za-z0-9])*\.)+[A-Za-z]{2,}",
                          re.ASCII)
# email_validator's limits (rfc_constants): the address, the part before the @, the part after it, a label.
_EMAIL_MAX, _LOCAL_MAX, _DOMAIN_MAX, _LABEL_MAX = 254, 64, 253, 63


def strip_whitespace(value):
    """Remove surrounding spaces (and spaces pasted inside e-mail addresses)."""
    if isinstance(value, str):
        return value.strip()
    return value


def clean_email(value):
    """Remove every space from an e-mail address, as people paste them with spaces."""
    if isinstance(value, str):
        return re.sub(r"\s+", "", value)
    return value


def is_plainly_valid_email(address: str) -> bool:
    """Whether the address is an everyday one that email_validator (without DNS) certainly accepts; False says
    nothing: the library must decide."""
    if len(address) > _EMAIL_MAX or not _PLAIN_EMAIL.fullmatch(address):
        return False
    local, _at, domain = address.partition("@")
    if len(local) > _LOCAL_MAX or len(domain) > _DOMAIN_MAX or any(len(label) > _LABEL_MAX
                                                                    for label in domain.split(".")):
        return False
    domain = domain.lower()
    # The library's list as it is now (it may be changed at run time).
    return not any(domain == name or domain.endswith("." + name) for name in email_validator.SPECIAL_USE_DOMAIN_NAMES)


class EmailAddress(Email):
    """WTForms' Email check (email_validator), which accepts an everyday address at once (`is_plainly_valid_email`)
    and leaves every other to the library, with its message: checking the syntax of an address's domain character by
    character (IDNA) was a twentieth of an event registration. Without `check_deliverability` only (no DNS)."""

    def __call__(self, form, field):
        if not self.check_deliverability and isinstance(field.data, str) and is_plainly_valid_email(field.data):
            return
        super().__call__(form, field)


def normalise_business_id(value: str) -> str:
    """A Y-tunnus in its standard form 1234567-8; raises stdnum's ValidationError if invalid."""
    return ytunnus.format(ytunnus.validate(value))


def normalise_register_number(value: str) -> str:
    """An association register number as 123.456; raises ValidationError if invalid."""
    return associationid.format(associationid.validate(value))


def business_id_error(value: str):
    """The translated message for an invalid Y-tunnus, or None when it is valid."""
    try:
        normalise_business_id(value)
    except ValidationError:
        return _l("Enter a Y-tunnus in the form 1234567-8 with a correct check digit.")
    return None


def register_number_error(value: str):
    try:
        normalise_register_number(value)
    except ValidationError:
        return _l("Enter an association register number, for example 123.456.")
    return None


class BusinessId:
    """WTForms validator: an optional Y-tunnus, normalised to 1234567-8."""

    def __call__(self, form, field):
        if not field.data:
            return
        error = business_id_error(field.data)
        if error:
            raise FormValidationError(error)
        field.data = normalise_business_id(field.data)


class RegisterNumber:
    """WTForms validator: an optional association register number."""

    def __call__(self, form, field):
        if not field.data:
            return
        error = register_number_error(field.data)
        if error:
            raise FormValidationError(error)
        field.data = normalise_register_number(field.data)
