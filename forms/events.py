"""Forms of events: the public registration, the personal page's actions, and the staff's event, capacity,
message and walk-in forms."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateTimeLocalField, HiddenField, IntegerField, RadioField, SelectField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, URL

from forms.base import Form
from forms.fields import CheckboxListField, email_field
from forms.public import PublicForm
from forms.validators import strip_whitespace

MODE_LABELS = {"onsite": _l("On site"), "remote": _l("Remotely")}


class RegistrationForm(PublicForm):
    """A person's registration; the modes, and whether organisation, municipality and needs are asked,
    come from the event."""

    name = StringField(_l("Your name"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter your name.")), Length(max=200)], render_kw={"autocomplete": "name"})
    email = email_field(description=_l("Your confirmation and a personal link to your registration are sent here."))
    organisation = StringField(_l("Organisation (optional)"), filters=[strip_whitespace],
                               validators=[Optional(), Length(max=300)],
                               render_kw={"autocomplete": "organization"})
    municipality_code = SelectField(_l("Municipality (optional)"), choices=[], validators=[Optional()])
    mode = RadioField(_l("How will you take part?"), choices=[],
                      validators=[InputRequired(_l("Choose how you will take part."))])
    needs = TextAreaField(_l("Dietary or accessibility needs (optional)"), filters=[strip_whitespace],
                          validators=[Optional(), Length(max=1000)])
    consent = BooleanField(_l("I agree that my details are kept for organising this event"),
                           validators=[DataRequired(_l("Tick the box to agree, or you cannot register."))])
    step = HiddenField(default="review")

    def __init__(self, *args, modes=(), municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.mode.choices = [SelectChoice(mode, MODE_LABELS[mode]) for mode in modes]
        if len(modes) == 1 and not self.mode.data:
            self.mode.data = modes[0]
        self.municipality_code.choices = [SelectChoice("", _l("Choose a municipality")),
                                          *(SelectChoice(code, name) for code, name in municipalities)]


class ResendForm(Form):
    email = HiddenField(validators=[DataRequired()])


class ConfirmForm(Form):
    """A button that only needs the CSRF token."""


class CopyForm(Form):
    """When the copy of an event starts (Helsinki time); the rest of its times move by the same amount."""

    starts_at = DateTimeLocalField(_l("The copy starts"), format="%Y-%m-%dT%H:%M",
                                   validators=[InputRequired(_l("Enter when the copy starts."))])


class EventsReportForm(Form):
    """The year of the events report; the choices are the years the council has events in."""

    year = SelectField(_l("Year"), choices=[], validators=[InputRequired(_l("Choose the year."))])

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.year.choices = [SelectChoice(str(year), str(year)) for year in years]


def _capacity(label, description):
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=100000)], description=description)


class EventForm(Form):
    """An event's details as the staff type them; times are Helsinki wall-clock times."""

    title_fi = StringField(_l("Title in Finnish"), filters=[strip_whitespace],
                           validators=[DataRequired(_l("Enter the title in Finnish.")), Length(max=300)])
    title_sv = StringField(_l("Title in Swedish"), filters=[strip_whitespace], validators=[Length(max=300)])
    title_en = StringField(_l("Title in English"), filters=[strip_whitespace], validators=[Length(max=300)])
    description_fi = TextAreaField(_l("Description in Finnish"), validators=[Length(max=10000)])
    description_sv = TextAreaField(_l("Description in Swedish"), validators=[Length(max=10000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Length(max=10000)])
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M",
                                   validators=[InputRequired(_l("Enter when the event starts."))])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M",
                                 validators=[InputRequired(_l("Enter when the event ends."))])
    place = StringField(_l("Place (address)"), filters=[strip_whitespace], validators=[Length(max=300)])
    venue_accessibility = TextAreaField(_l("Accessibility of the venue"), validators=[Length(max=2000)])
    remote_link = StringField(_l("Link for remote participation"), filters=[strip_whitespace],
                              validators=[Optional(), URL(message=_l("Enter a web address starting with https://.")),
                                          Length(max=500)],
                              description=_l("Shown only to people registered to take part remotely."))
    capacity_onsite = _capacity(_l("Places on site"), _l("Empty for no limit, 0 if nobody takes part on site."))
    capacity_remote = _capacity(_l("Places for remote participants"),
                                _l("Empty for no limit, 0 if nobody takes part remotely."))
    opens_at = DateTimeLocalField(_l("Registration opens"), format="%Y-%m-%dT%H:%M", validators=[Optional()],
                                  description=_l("Empty keeps registration closed."))
    closes_at = DateTimeLocalField(_l("Registration closes"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    asks_organisation = BooleanField(_l("Ask for the organisation"), default=True)
    asks_municipality = BooleanField(_l("Ask for the municipality"), default=True)
    asks_needs = BooleanField(_l("Ask for dietary and accessibility needs"), default=True)
    extra_questions = TextAreaField(_l("Extra questions"), validators=[Length(max=20000)],
                                    description=_l("Questions in the survey definition format (YAML), optional."))
    reminder_days = IntegerField(_l("Reminder, days before the event"), default=2,
                                 validators=[InputRequired(), NumberRange(min=0, max=60)])
    feedback_survey_id = SelectField(_l("Feedback survey"), choices=[], validators=[Optional()])
    feedback_hours = IntegerField(_l("Feedback survey sent, hours after the end"), default=2,
                                  validators=[InputRequired(), NumberRange(min=0, max=24 * 14)])

    def __init__(self, *args, surveys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.feedback_survey_id.choices = [SelectChoice("", _l("No feedback survey")),
                                           *(SelectChoice(str(id_), title) for id_, title in surveys)]

    def values(self, to_utc) -> dict:
        """The cleaned values for the domain functions; `to_utc` turns a Helsinki time into UTC."""
        local: dict[str, datetime | None] = {name: getattr(self, name).data
                                             for name in ("starts_at", "ends_at", "opens_at", "closes_at")}
        values = {name: to_utc(value) for name, value in local.items()}
        for name in ("title_fi", "title_sv", "title_en", "description_fi", "description_sv", "description_en",
                     "place", "venue_accessibility", "remote_link", "extra_questions"):
            values[name] = getattr(self, name).data or ""
        for name in ("asks_organisation", "asks_municipality", "asks_needs"):
            values[name] = bool(getattr(self, name).data)
        values["capacity_onsite"] = self.capacity_onsite.data
        values["capacity_remote"] = self.capacity_remote.data
        values["reminder_days"] = self.reminder_days.data
        values["feedback_hours"] = self.feedback_hours.data
        values["feedback_survey_id"] = int(self.feedback_survey_id.data) if self.feedback_survey_id.data else None
        return values


class CapacityForm(Form):
    capacity_onsite = _capacity(_l("Places on site"), _l("Empty for no limit, 0 if nobody takes part on site."))
    capacity_remote = _capacity(_l("Places for remote participants"),
                                _l("Empty for no limit, 0 if nobody takes part remotely."))


class MessageForm(Form):
    modes = CheckboxListField(_l("Mode"), choices=[], validators=[DataRequired(_l("Choose at least one mode."))])
    statuses = CheckboxListField(_l("Status"), choices=[],
                                 validators=[DataRequired(_l("Choose at least one status."))])
    subject = StringField(_l("Subject"), filters=[strip_whitespace],
                          validators=[DataRequired(_l("Enter the subject.")), Length(max=200)])
    body = TextAreaField(_l("Message"), validators=[DataRequired(_l("Enter the message.")), Length(max=10000)])
    confirmed = HiddenField(default="")


class WalkInForm(Form):
    name = StringField(_l("Name"), filters=[strip_whitespace],
                       validators=[DataRequired(_l("Enter the name.")), Length(max=200)])
    email = StringField(_l("E-mail address (optional)"), filters=[strip_whitespace],
                        validators=[Optional(), Length(max=254)])
    organisation = StringField(_l("Organisation (optional)"), filters=[strip_whitespace],
                               validators=[Optional(), Length(max=300)])
