"""Shared filters and validators: Finnish business IDs and association numbers with python-stdnum."""

import re

from flask_babel import lazy_gettext as _l
from stdnum.fi import associationid, ytunnus
from stdnum.exceptions import ValidationError
from wtforms.validators import ValidationError as FormValidationError


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
