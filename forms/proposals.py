"""Forms of agenda proposals: the public proposal form, the staff list's search, triage, notes, meetings."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import (BooleanField, DateField, IntegerField, RadioField, SelectField, StringField,
                     TextAreaField, TimeField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from forms.base import Form
from forms.fields import email_field
from forms.public import PublicForm
from forms.validators import strip_whitespace

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
LANGUAGE_CHOICES = [SelectChoice("fi", "Suomi"), SelectChoice("sv", "Svenska"), SelectChoice("en", "English")]


class ProposalForm(PublicForm):
    """What the proposer types; the files come in a separate field, checked by app.proposals.attachments."""

    title = StringField(_l("Title of the proposal"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter the title of the proposal.")),
        Length(max=TITLE_MAX, message=_l("Write the title in at most %(max)d characters."))],
        description=_l("A short name for the matter, for example “Meeting rooms for associations”."))
    description = TextAreaField(_l("What do you propose, and why?"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Describe your proposal.")),
        Length(max=DESCRIPTION_MAX, message=_l("Write the description in at most %(max)d characters. Attach "
                                               "a longer text as a file."))])
    attachments = MultipleFileField(_l("Attachments (optional)"), description=_l(
        "PDF, Word (DOCX), OpenDocument text (ODT), PNG or JPEG; at most 5 files of 10 MB each."))
    proposer_name = StringField(_l("Your name"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter your name.")), Length(max=200)], render_kw={"autocomplete": "name"})
    association_id = SelectField(_l("Association in the council's register (optional)"), choices=[],
                                 validators=[Optional()])
    proposer_organisation = StringField(_l("Organisation (optional)"), filters=[strip_whitespace],
                                        validators=[Length(max=200)], render_kw={"autocomplete": "organization"},
                                        description=_l("If your organisation is not in the list above."))
    proposer_email = email_field(description=_l("We send the confirmation and each change of status here."))
    language = RadioField(_l("Language of our messages to you"), choices=LANGUAGE_CHOICES, default="fi",
                          validators=[InputRequired(_l("Choose a language."))])
    is_publishable = BooleanField(_l("The proposal may be published on the council's proposals page"),
                                  description=_l("Its title, text, attachments, status and decision are shown; "
                                                 "your name and e-mail address never are."))

    def __init__(self, *args, associations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.association_id.choices = [SelectChoice("", _l("None")),
                                       *(SelectChoice(str(value), label) for value, label in associations)]


class ProposalSearchForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Words"), filters=[strip_whitespace], validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Status"), choices=[], validators=[Optional()])
    year = SelectField(_l("Year"), choices=[], validators=[Optional()])

    def __init__(self, *args, statuses=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [SelectChoice("", _l("All")), *(SelectChoice(value, label) for value, label in statuses)]
        self.year.choices = [SelectChoice("", _l("All")), *(SelectChoice(str(year), str(year)) for year in years)]


class MoveForm(Form):
    """A status change with its note and what the new status needs."""

    status = SelectField(_l("New status"), choices=[], validators=[DataRequired(_l("Choose the new status."))])
    note = TextAreaField(_l("Note to the proposer (shown in the history)"), filters=[strip_whitespace],
                         validators=[Length(max=DESCRIPTION_MAX)])
    decision = TextAreaField(_l("Decision or answer (when handled)"), filters=[strip_whitespace],
                             validators=[Length(max=DESCRIPTION_MAX)])
    reason = TextAreaField(_l("Reason (when not taken up)"), filters=[strip_whitespace],
                           validators=[Length(max=DESCRIPTION_MAX)])
    merged_into = SelectField(_l("Merge into (when merged)"), choices=[], validators=[Optional()])


class NoteForm(Form):
    text = TextAreaField(_l("Internal note"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Write the note.")), Length(max=DESCRIPTION_MAX)],
        description=_l("Only staff see internal notes."))


class ConfirmForm(Form):
    """A button that only needs the CSRF token."""


class MeetingForm(Form):
    title = StringField(_l("Title"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter the meeting's title.")), Length(max=200)],
        description=_l("For example “Council meeting 2/2027”."))
    day = DateField(_l("Date"), format=["%Y-%m-%d", "%d.%m.%Y"], validators=[InputRequired(_l("Enter the date as dd.mm.yyyy or yyyy-mm-dd."))])
    time = TimeField(_l("Starts at"), validators=[InputRequired(_l("Enter the time, for example 17:30."))])
    place = StringField(_l("Place"), filters=[strip_whitespace], validators=[Length(max=200)])
    is_remote = BooleanField(_l("Remote meeting"))


class ProposalItemForm(Form):
    proposal = SelectField(_l("Proposal in preparation"), choices=[], validators=[
        DataRequired(_l("Choose a proposal."))])


class OwnItemForm(Form):
    title = StringField(_l("Title of the item"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Write the item's title.")), Length(max=200)])
    text = TextAreaField(_l("Text"), filters=[strip_whitespace], validators=[Length(max=DESCRIPTION_MAX)])


class MoveItemForm(Form):
    item = IntegerField(validators=[InputRequired()])
    step = IntegerField(validators=[InputRequired()])
