"""The audit log page's filters: who, what, which object, and a date range."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp
from wtforms.validators import ValidationError as FormValidationError

from forms.base import Form
from forms.validators import strip_whitespace


class AuditFilterForm(Form):
    """Read from the address (a GET form needs no CSRF token); an empty field filters nothing out."""

    class Meta:
        csrf = False

    user = SelectField(_l("Who"), choices=[], validate_choice=False)
    action = SelectField(_l("What"), choices=[], validate_choice=False)
    target = StringField(_l("Object"), filters=[strip_whitespace],
                         description=_l("Its type and number, for example survey:12 or association:40."),
                         validators=[Optional(), Length(max=120),
                                     Regexp(r"^[a-z_]+:\d+$", message=_l("Write the object as type:number, for example survey:12."))])
    date_from = DateField(_l("From (date)"), validators=[Optional()],
                          description=_l("For example 2026-12-31."))
    date_to = DateField(_l("To (date)"), validators=[Optional()],
                        description=_l("For example 2026-12-31."))

    def __init__(self, *args, users=(), actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user.choices = [SelectChoice("", _l("Everyone")), *(SelectChoice(str(v), label) for v, label in users)]
        self.action.choices = [SelectChoice("", _l("All actions")), *(SelectChoice(v, label) for v, label in actions)]

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise FormValidationError(_l("The end date must be the same as or after the start date."))
