"""Staff forms of the survey editor: the CSRF-checked frame of each change, starting a survey, publishing.

The fields of a question or page are many and depend on its type, so the editor reads them from the
request itself (app/survey_editor/question_fields.py); these forms hold the fixed parts.
"""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import Length, Optional

from forms.base import Form


class EditForm(Form):
    """A change to the definition, made on the version whose content hash is `base`."""

    base = HiddenField()


class StartBlankForm(Form):
    """A new survey from a blank definition."""

    title = StringField(_l("Name of the survey (in Finnish)"), validators=[Length(max=200)])


class StartCopyForm(Form):
    """A new survey copied from a survey of a council the user manages."""

    source = SelectField(_l("Survey to copy"), coerce=int, validate_choice=False, validators=[Optional()])


class PublishForm(Form):
    """Opening the survey to answers, confirming when a language is missing."""

    missing_confirmed = BooleanField(_l("Publish even though some texts have no translation"))
