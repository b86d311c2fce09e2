"""Forms of the association register: an association, the search, the import upload and its confirmation."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.validators import ValidationError as FormValidationError

from forms.base import Form
from forms.fields import email_field
from forms.validators import BusinessId, RegisterNumber, strip_whitespace

LANGUAGE_CHOICES = [SelectChoice("fi", "Suomi"), SelectChoice("sv", "Svenska"), SelectChoice("en", "English")]


def _choices(pairs, empty_label=None) -> list[SelectChoice]:
    choices = [SelectChoice(value, label) for value, label in pairs]
    return [SelectChoice("", empty_label), *choices] if empty_label is not None else choices


def _no_spaces_inside(form, field):
    if field.data and any(char.isspace() for char in field.data):
        raise FormValidationError(_l("The e-mail address must not contain spaces."))


class AssociationForm(Form):
    """An association's details; the municipalities (council's area) and sectors come from the caller."""

    name = StringField(_l("Name"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter the name of the association.")), Length(max=200)])
    register_number = StringField(_l("Association register number"), filters=[strip_whitespace],
                                  validators=[Optional(), RegisterNumber()],
                                  description=_l("For example 123.456. Leave empty for an unregistered association."))
    business_id = StringField(_l("Y-tunnus"), filters=[strip_whitespace], validators=[Optional(), BusinessId()],
                              description=_l("For example 1234567-8."))
    municipality_code = SelectField(_l("Municipality"), choices=[], validators=[
        DataRequired(_l("Choose the municipality."))])
    sector = SelectField(_l("Sector"), choices=[], validators=[DataRequired(_l("Choose the sector."))])
    contact_person = StringField(_l("Contact person"), filters=[strip_whitespace], validators=[Length(max=200)])
    email = email_field(required=_l("Enter the e-mail address."), extra_validators=[_no_spaces_inside],
                        browser_check=False,
                        description=_l("Survey invitations and other messages go to this address."))
    phone = StringField(_l("Phone"), filters=[strip_whitespace], validators=[
        Optional(), Length(max=40),
        Regexp(r"^\+?[0-9 ()\-]{3,40}$", message=_l("Enter a phone number with digits, spaces and a + only."))])
    language = RadioField(_l("Preferred language"), choices=LANGUAGE_CHOICES, default="fi",
                          validators=[DataRequired(_l("Choose the language."))])
    has_listing_consent = BooleanField(_l("The association agrees to be listed publicly"),
                                       description=_l("Only associations that agree may be shown in public lists."))

    def __init__(self, *args, municipalities=(), sectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_code.choices = _choices(municipalities, _l("Choose a municipality"))
        self.sector.choices = _choices(sectors, _l("Choose a sector"))

    def values(self) -> dict:
        """The cleaned values as plain data for the domain functions."""
        return {
            "name": self.name.data, "register_number": self.register_number.data or None,
            "business_id": self.business_id.data or None, "municipality_code": self.municipality_code.data,
            "sector": self.sector.data, "contact_person": self.contact_person.data or "",
            "email": self.email.data, "phone": self.phone.data or "", "language": self.language.data,
            "has_listing_consent": bool(self.has_listing_consent.data),
        }


class RegisterSearchForm(Form):
    """The register's search, read from the address (a GET form needs no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by name, e-mail or contact person"), filters=[strip_whitespace],
                    validators=[Length(max=100)])
    municipality = SelectField(_l("Municipality"), choices=[], validate_choice=False)
    sector = SelectField(_l("Sector"), choices=[], validate_choice=False)
    archived = BooleanField(_l("Show archived associations too"))

    def __init__(self, *args, municipalities=(), sectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality.choices = _choices(municipalities, _l("All municipalities"))
        self.sector.choices = _choices(sectors, _l("All sectors"))


class ImportForm(Form):
    file = FileField(_l("CSV or Excel (XLSX) file"), validators=[
        FileRequired(_l("Choose a file to upload.")),
        FileAllowed(["csv", "xlsx", "txt"], _l("Upload a CSV or XLSX file."))],
        description=_l("The first row holds the column headers, in Finnish, Swedish or English. "
                       "At most 5000 rows."))


class ConfirmImportForm(Form):
    token = HiddenField(validators=[DataRequired()])


class ConfirmForm(Form):
    """A button that only needs the CSRF token."""
