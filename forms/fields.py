"""Fields that several forms share: the e-mail address field and a list of checkboxes."""

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from forms.validators import EmailAddress, strip_whitespace

EMAIL_MAX_LENGTH = 254


def email_field(label=_l("E-mail address"), *, required=_l("Enter your e-mail address."),
                check_format: bool = True, autocomplete: str = "email", description=None,
                extra_validators: Sequence = (), browser_check: bool = True):
    """An e-mail address field: surrounding spaces stripped, required with ``required`` as the message.

    ``check_format`` adds the form check (name@example.fi) and the 254-character limit; sign-in
    leaves it out, since any unknown text fails there the same way. ``browser_check=False`` renders a
    plain text input, for forms where staff type addresses the browser's own check would block.
    """
    validators = [DataRequired(required)]
    if check_format:
        validators += [Length(max=EMAIL_MAX_LENGTH), *extra_validators,
                       EmailAddress(_l("Enter an e-mail address in the form name@example.fi."),
                                    check_deliverability=False)]
    field_class = EmailField if browser_check else StringField
    render_kw = {"spellcheck": "false"} if browser_check else None
    if browser_check:
        render_kw["autocomplete"] = autocomplete
    return field_class(label, filters=[strip_whitespace], validators=validators, description=description,
                       render_kw=render_kw)


class CheckboxListField(SelectMultipleField):
    """A list of checkboxes: several of the choices may be ticked. Render it with `choice_group`
    (`_macros/forms.html`): a fieldset with its legend, hint and error."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
