"""Report forms: a survey report (language, formats, filters, crosstab), an annual summary, and a survey's
public results page (publishing it, picking the free texts it shows)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField
from wtforms.validators import AnyOf, DataRequired, NumberRange, Optional, Regexp, ValidationError
from wtforms.fields.choices import SelectChoice

from forms.base import Form
from forms.fields import CheckboxListField

LANGUAGE_CHOICES = [SelectChoice("fi", "Suomi"), SelectChoice("sv", "Svenska"), SelectChoice("en", "English")]


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class _ReportForm(Form):
    language = RadioField(_l("Language of the report"), choices=LANGUAGE_CHOICES, default="fi",
                          validators=[DataRequired(_l("Choose the language of the report."))])
    formats = CheckboxListField(_l("Files"), validators=[DataRequired(_l("Choose at least one file format."))])


class SurveyReportForm(_ReportForm):
    municipality = SelectField(_l("Municipality"), choices=[], validate_choice=True)
    sector = SelectField(_l("Sector"), choices=[], validate_choice=True)
    submitted_from = DateField(_l("Submitted on or after"), validators=[Optional()],
                               description=_l("Leave empty to include every response."))
    submitted_to = DateField(_l("Submitted on or before"), validators=[Optional()])
    crosstab_first = SelectField(_l("Crosstab: rows"), choices=[], validate_choice=True)
    crosstab_second = SelectField(_l("Crosstab: columns"), choices=[], validate_choice=True)
    include_contact = BooleanField(_l("Include contact details"), description=_l(
        "Names, e-mail addresses and phone numbers that respondents gave. Never in a publication version."))
    publication = BooleanField(_l("Publication version"),
                               description=_l("Hides counts under 5 and leaves out free-text answers and raw data."))

    def __init__(self, *args, municipalities=(), sectors=(), questions=(), formats=(), **kwargs):
        super().__init__(*args, **kwargs)
        anything = ("", _l("All"))
        self.municipality.choices = _choices([anything, *municipalities])
        self.sector.choices = _choices([anything, *sectors])
        self.crosstab_first.choices = _choices([("", _l("No crosstab")), *questions])
        self.crosstab_second.choices = _choices([("", _l("No crosstab")), *questions])
        self.formats.choices = _choices(formats)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        start, end = self.submitted_from.data, self.submitted_to.data
        if start and end and end < start:
            self.submitted_to.errors.append(_l("The end date must not be before the start date."))
            valid = False
        first, second = self.crosstab_first.data, self.crosstab_second.data
        if bool(first) != bool(second):
            (self.crosstab_second if first else self.crosstab_first).errors.append(
                _l("Choose both questions of the crosstab, or neither."))
            valid = False
        elif first and first == second:
            self.crosstab_second.errors.append(_l("Choose two different questions."))
            valid = False
        return valid

    def parameters(self) -> dict:
        """The validated values as report parameters."""
        return {
            "language": self.language.data,
            "formats": sorted(self.formats.data),
            "municipality": self.municipality.data or None,
            "sector": self.sector.data or None,
            "submitted_from": self.submitted_from.data.isoformat() if self.submitted_from.data else None,
            "submitted_to": self.submitted_to.data.isoformat() if self.submitted_to.data else None,
            "crosstab": [self.crosstab_first.data, self.crosstab_second.data] if self.crosstab_first.data else [],
            "publication": bool(self.publication.data),
            "include_contact": bool(self.include_contact.data) and not self.publication.data,
        }


class AnnualSummaryForm(_ReportForm):
    year = IntegerField(_l("Year"), validators=[DataRequired(_l("Enter the year.")),
                                                NumberRange(2000, 2100, _l("Enter a year between 2000 and 2100."))])

    def __init__(self, *args, formats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.formats.choices = _choices(formats)

    def parameters(self) -> dict:
        return {"language": self.language.data, "formats": sorted(self.formats.data), "year": self.year.data}


class ResultsPublicationForm(Form):
    """The button that publishes or unpublishes a survey's results page; `action` says which."""

    action = HiddenField(validators=[AnyOf(("publish", "unpublish"))])


class PublishedTextsForm(Form):
    """A checkbox per free-text answer listed on the staff page (rendered by the template, each
    `name="texts"`). `listed` names every answer listed, so that an unticked box unpicks its text
    while texts not listed keep their state."""

    texts = SelectMultipleField(coerce=int, validate_choice=False)
    listed = HiddenField(validators=[Regexp(r"^(?:[0-9]{1,18}(?:,[0-9]{1,18})*)?$")])

    def validate_texts(self, field) -> None:
        # Answer ids are database integers; anything else is a tampered form.
        if any(not 0 < value < 2**63 for value in field.data or ()):
            raise ValidationError(_l("Choose texts from the list."))

    def listed_ids(self) -> list[int]:
        return [int(value) for value in (self.listed.data or "").split(",") if value]
