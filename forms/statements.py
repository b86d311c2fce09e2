"""Forms of the public statements: staff's part of the privacy notice, the supervisory authority's
contact text, and the accessibility feedback form the public sends."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forms.base import Form
from forms.fields import email_field
from forms.public import PublicForm
from forms.validators import strip_whitespace

EXTRA_MAX_LENGTH = 5000
FEEDBACK_MAX_LENGTH = 5000


def _text(label, description=None, max_length=EXTRA_MAX_LENGTH):
    return TextAreaField(label, description=description, filters=[strip_whitespace],
                         validators=[Optional(), Length(max=max_length)])


class PrivacyNoticeForm(Form):
    controller = _text(_l("Controller"), _l("The council's or its host organisation's legal name and postal "
                                            "address, as the controller of the data."), 1000)
    contact_person = StringField(_l("Contact person for data protection"), filters=[strip_whitespace],
                                 validators=[Optional(), Length(max=200)])
    contact_email = email_field(_l("Contact e-mail address for data protection"), required=_l(
        "Enter the e-mail address to which people send their data protection requests."), autocomplete="off",
        description=_l("People send their requests about their personal data here."))
    contact_phone = StringField(_l("Phone"), filters=[strip_whitespace], validators=[Optional(), Length(max=40)])
    extra_fi = _text(_l("Additional text in Finnish"), _l("Shown at the end of the notice. Empty lines separate "
                                                          "paragraphs."))
    extra_sv = _text(_l("Additional text in Swedish"), _l("Shown to readers of the Swedish page; if empty, the "
                                                          "Finnish text is shown."))
    extra_en = _text(_l("Additional text in English"), _l("Shown to readers of the English page; if empty, the "
                                                          "Finnish text is shown."))


class AuthorityTextForm(Form):
    text_fi = _text(_l("In Finnish"), _l("Leave empty to show the built-in text."), 2000)
    text_sv = _text(_l("In Swedish"), _l("Leave empty to show the built-in text."), 2000)
    text_en = _text(_l("In English"), _l("Leave empty to show the built-in text."), 2000)


class AccessibilityFeedbackForm(PublicForm):
    council = SelectField(_l("Whose service is it about?"), choices=[], validate_choice=True,
                          description=_l("Your feedback goes to that council. Choose “The service in general” if "
                                         "you are not sure."))
    name = StringField(_l("Your name (optional)"), filters=[strip_whitespace],
                       validators=[Optional(), Length(max=200)], render_kw={"autocomplete": "name"})
    email = email_field(_l("Your e-mail address"), description=_l(
        "We send a copy of your feedback here, and answer to it."))
    page = StringField(_l("Which page or part of the service? (optional)"), filters=[strip_whitespace],
                       validators=[Optional(), Length(max=500)])
    message = TextAreaField(_l("Your feedback"), filters=[strip_whitespace], description=_l(
        "Tell us what did not work, or what content you could not reach. We answer within 14 days."),
        validators=[DataRequired(_l("Write your feedback.")),
                    Length(max=FEEDBACK_MAX_LENGTH, message=_l("Write at most %(max)d characters."))])

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.council.choices = [("", _l("The service in general")), *councils]
