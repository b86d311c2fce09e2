"""Sign-in, password change and password reset forms."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import DataRequired

from forms.base import Form
from forms.fields import email_field


class SignInForm(Form):
    email = email_field(check_format=False, autocomplete="username")
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
    email = email_field(autocomplete="username")


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
