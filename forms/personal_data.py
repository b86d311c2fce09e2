"""The personal-data request page's forms: the address asked about, its export and its erasure."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired

from forms.base import Form
from forms.fields import email_field

EXPORT_FORMATS = ("json", "pdf")


class PersonalDataSearchForm(Form):
    """Posted, never sent in the address: the e-mail address must stay out of URLs and server logs."""

    email = email_field(_l("The person's e-mail address"), required=_l("Enter the e-mail address of the person who asked."),
                        autocomplete="off")


class PersonalDataExportForm(PersonalDataSearchForm):
    file_format = HiddenField(validators=[DataRequired(), AnyOf(EXPORT_FORMATS)])


class PersonalDataEraseForm(PersonalDataSearchForm):
    # "yes" once the confirmation page with the counts has been shown and its button pressed
    confirmed = HiddenField()
