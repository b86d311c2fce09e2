"""Staff forms for surveys: importing a definition, settings, choosing invitees, search and export."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateTimeLocalField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from forms.base import Form
from forms.fields import CheckboxListField
from forms.validators import strip_whitespace

LANGUAGE_CHOICES = [SelectChoice("fi", "Suomi"), SelectChoice("sv", "Svenska"), SelectChoice("en", "English")]
LOCAL_TIME_FORMAT = "%Y-%m-%dT%H:%M"


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class ImportDefinitionForm(Form):
    """A definition file to upload, or one of the library's definitions: exactly one of them."""

    definition = FileField(_l("Survey definition file (YAML or JSON)"),
                           description=_l("The format is described in the survey engine's documentation."))
    library = SelectField(_l("Or use a survey from the library"), choices=[], validate_choice=True)

    def __init__(self, *args, library=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.library.choices = _choices([("", _l("No, I upload a file")), *library])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        has_file = bool(self.definition.data and getattr(self.definition.data, "filename", ""))
        if has_file == bool(self.library.data):
            self.definition.errors = list(self.definition.errors) + [
                _l("Choose a file to upload or a survey from the library, not both.") if has_file
                else _l("Choose a file to upload or a survey from the library.")]
            valid = False
        return valid


class SurveySettingsForm(Form):
    slug = StringField(_l("Address of the survey"), filters=[strip_whitespace],
                       validators=[DataRequired(_l("Enter the address.")), Length(max=80),
                                   Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                                          message=_l("Use only lower-case letters a–z, digits and single hyphens."))],
                       description=_l("Part of the open link. Changing it breaks links already shared."))
    opens_at = DateTimeLocalField(_l("Opens"), format=LOCAL_TIME_FORMAT, validators=[Optional()],
                                  description=_l("Finnish time. Leave empty to keep the survey unpublished."))
    closes_at = DateTimeLocalField(_l("Closes"), format=LOCAL_TIME_FORMAT, validators=[Optional()],
                                   description=_l("Finnish time. Leave empty to keep it open until further notice."))
    access_mode = RadioField(_l("Who can answer"), choices=[
        SelectChoice("invitations", _l("Only invited associations, through their personal links")),
        SelectChoice("open", _l("Anyone with the open link")),
        SelectChoice("both", _l("Both: personal links and the open link")),
    ], validators=[DataRequired()])
    is_anonymous = BooleanField(_l("Anonymous answers"), description=_l(
        "Staff never see which association gave a response: not in the live view, not in exports."))
    allows_editing_after_submit = BooleanField(_l("Respondents may change their answers after sending, "
                                                  "until the survey closes"))


class RecipientsForm(Form):
    mode = RadioField(_l("Whom to invite"), choices=[
        SelectChoice("all", _l("Every association in the register")),
        SelectChoice("municipality", _l("Associations in chosen municipalities")),
        SelectChoice("sector", _l("Associations in chosen sectors")),
        SelectChoice("emails", _l("A list of e-mail addresses")),
    ], default="all", validators=[DataRequired(_l("Choose whom to invite."))])
    municipalities = CheckboxListField(_l("Municipalities"), choices=[])
    sectors = CheckboxListField(_l("Sectors"), choices=[])
    emails = TextAreaField(_l("E-mail addresses"), validators=[Length(max=200_000)], description=_l(
        "One or more per line. Addresses in the register are linked to their association; "
        "others get an invitation without one."))
    send_now = BooleanField(_l("Send the invitation e-mails now"), default=False)
    # The number of invitations the staff confirmed on the check page; empty before it.
    confirmed = IntegerField(widget=HiddenField.widget, validators=[Optional()])

    def __init__(self, *args, municipalities=(), sectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities.choices = _choices(municipalities)
        self.sectors.choices = _choices(sectors)


class ConfirmForm(Form):
    """A button that only needs the CSRF token."""


class MailTextsForm(Form):
    """The invitation and reminder messages in each language; the greeting, link and signature stay."""

    invitation_fi = TextAreaField(_l("Invitation in Finnish"), validators=[Length(max=5000)])
    invitation_sv = TextAreaField(_l("Invitation in Swedish"), validators=[Length(max=5000)])
    invitation_en = TextAreaField(_l("Invitation in English"), validators=[Length(max=5000)])
    reminder_fi = TextAreaField(_l("Reminder in Finnish"), validators=[Length(max=5000)])
    reminder_sv = TextAreaField(_l("Reminder in Swedish"), validators=[Length(max=5000)])
    reminder_en = TextAreaField(_l("Reminder in English"), validators=[Length(max=5000)])

    def texts(self) -> dict[str, dict[str, str]]:
        return {kind: {language: getattr(self, f"{kind}_{language}").data or "" for language in ("fi", "sv", "en")}
                for kind in ("invitation", "reminder")}


class ReminderScheduleForm(Form):
    reminder_days = StringField(_l("Remind automatically, days before closing"), filters=[strip_whitespace],
                                validators=[Length(max=40), Regexp(r"^(?:[0-9]{1,3}(?:\s*,\s*[0-9]{1,3})*)?$",
                                                                   message=_l("Give whole numbers separated by commas, such as 7, 2."))],
                                description=_l("For example 7, 2: a reminder a week and two days before the survey closes, "
                                               "to those who have not submitted. Leave empty for none."))

    def days(self) -> list[int]:
        return [int(part) for part in (self.reminder_days.data or "").split(",") if part.strip()]


class ResponseSearchForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Search by association"), filters=[strip_whitespace], validators=[Length(max=100)])
    status = SelectField(_l("Status"), choices=[
        SelectChoice("", _l("All")), SelectChoice("submitted", _l("Answered")), SelectChoice("draft", _l("Draft")),
    ], default="")


class InvitationSearchForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Search by name or e-mail"), filters=[strip_whitespace], validators=[Length(max=100)])
    status = SelectField(_l("Status"), choices=[
        SelectChoice("", _l("All")), SelectChoice("not_sent", _l("Not sent")), SelectChoice("sent", _l("Invitation sent")),
        SelectChoice("started", _l("Started")), SelectChoice("submitted", _l("Answered")),
    ], default="")


class ExportForm(Form):
    class Meta:
        csrf = False

    file_format = RadioField(_l("File"), choices=[SelectChoice("xlsx", _l("Excel (XLSX)")),
                                                  SelectChoice("csv", _l("CSV (UTF-8)"))],
                             default="xlsx", validators=[DataRequired()])
    language = RadioField(_l("Language of the labels"), choices=LANGUAGE_CHOICES, default="fi",
                          validators=[DataRequired()])
