"""Forms of a council's team: inviting, changing a role, removing, answering an invitation, one's own account."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from forms.base import Form
from forms.fields import email_field
from forms.validators import strip_whitespace

LANGUAGE_CHOICES = [SelectChoice("fi", "Suomi", render_kw={"lang": "fi"}),
                    SelectChoice("sv", "Svenska", render_kw={"lang": "sv"}),
                    SelectChoice("en", "English", render_kw={"lang": "en"})]
PASSWORD_HINT = _l("At least 12 characters. A few unrelated words make a good password.")


def _role_field(label):
    return RadioField(label, choices=[], validators=[DataRequired(_l("Choose the role."))])


def _role_choices(roles) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in roles]


class InviteForm(Form):
    """Invite a person by e-mail; the roles and the councils (this one and those below) come from the caller."""

    email = email_field(required=_l("Enter the e-mail address of the person you invite."),
                        description=_l("The invitation link is sent to this address."))
    council = SelectField(_l("Council"), choices=[], validators=[DataRequired(_l("Choose the council."))],
                          description=_l("This council or one of its local councils."))
    role = _role_field(_l("Role"))
    language = RadioField(_l("Language of the e-mails"), choices=LANGUAGE_CHOICES,
                          validators=[DataRequired(_l("Choose the language."))],
                          description=_l("The invitation and later e-mails are written in this language."))

    def __init__(self, *args, roles=(), councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices(roles)
        self.council.choices = [SelectChoice(value, label) for value, label in councils]


class RoleForm(Form):
    """A member's new role."""

    role = _role_field(_l("Role"))

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices(roles)


class ConfirmForm(Form):
    """A button that only needs the CSRF token."""


class NewAccountForm(Form):
    """Answer an invitation without an account: name, password and the language of e-mails."""

    name = StringField(_l("Your name"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter your name.")), Length(max=200)], render_kw={"autocomplete": "name"})
    new_password = PasswordField(_l("Password"), description=PASSWORD_HINT,
                                 validators=[DataRequired(_l("Enter a password."))],
                                 render_kw={"autocomplete": "new-password"})
    confirm_password = PasswordField(_l("Password again"),
                                     validators=[DataRequired(_l("Enter the password again."))],
                                     render_kw={"autocomplete": "new-password"})
    language = RadioField(_l("Language of e-mails"), choices=LANGUAGE_CHOICES,
                          validators=[DataRequired(_l("Choose the language."))])


class AcceptForm(Form):
    """Accept an invitation with an existing account; the password is asked when not signed in as it."""

    password = PasswordField(_l("Password"), render_kw={"autocomplete": "current-password"})


class AccountForm(Form):
    """One's own name and language of e-mails."""

    name = StringField(_l("Name"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter your name.")), Length(max=200)], render_kw={"autocomplete": "name"})
    language = RadioField(_l("Language of e-mails"), choices=LANGUAGE_CHOICES,
                          validators=[DataRequired(_l("Choose the language."))])
