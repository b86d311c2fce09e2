"""Sign-in, password change and password reset forms."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from forms.base import Form
from forms.validators import strip_whitespace


class SignInForm(Form):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip_whitespace],
        validators=[DataRequired(_l("Enter your e-mail address."))],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )


class PasswordChangeForm(Form):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A few unrelated words make a good password."),
        validators=[DataRequired(_l("Enter a new password."))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[DataRequired(_l("Enter the new password again."))],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordResetRequestForm(Form):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip_whitespace],
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter an e-mail address in the form name@example.fi."), check_deliverability=False),
            Length(max=254),
        ],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )


class PasswordResetForm(Form):
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A few unrelated words make a good password."),
        validators=[DataRequired(_l("Enter a new password."))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[DataRequired(_l("Enter the new password again."))],
        render_kw={"autocomplete": "new-password"},
    )
