"""Forms of the award rounds: the public nomination, and the staff's round, reviewers, scores and winners."""

from functools import lru_cache

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, DateTimeLocalField, HiddenField, IntegerField, RadioField, SelectField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from forms.base import Form
from forms.fields import CheckboxListField, email_field
from forms.public import PublicForm
from forms.survey_staff import LOCAL_TIME_FORMAT
from forms.validators import strip_whitespace

NOMINEE_KINDS = [SelectChoice("person", _l("A person")), SelectChoice("group", _l("A group of people")),
                 SelectChoice("association", _l("An association"))]
SCORE_CHOICES = [SelectChoice(str(value), str(value)) for value in range(1, 6)]


def _with_empty(pairs, empty_label) -> list[SelectChoice]:
    return [SelectChoice("", empty_label), *(SelectChoice(str(value), label) for value, label in pairs)]


@lru_cache(maxsize=64)
def _municipality_choices(pairs: tuple[tuple[str, str], ...]) -> tuple[SelectChoice, ...]:
    # The same few areas in three languages on every request: the choices (never changed by WTForms) are made
    # once; the empty choice's label is lazy, so it is in each request's language.
    return tuple(_with_empty(pairs, _l("Choose a municipality")))


class NominationForm(PublicForm):
    """A nomination; municipalities, associations of the register and categories come from the round."""

    nominee_kind = RadioField(_l("Who do you nominate?"), choices=NOMINEE_KINDS,
                              validators=[InputRequired(_l("Choose whom you nominate."))])
    nominee_name = StringField(_l("Name of the nominee"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter the name of the person, group or association.")), Length(max=200)])
    association_id = SelectField(_l("Association in the register (optional)"), choices=[], default="",
                                 validators=[Regexp(r"^[0-9]*$", message=_l("Choose an association from the list."))],
                                 description=_l("If you nominate an association of the area, you may pick it here."))
    municipality_code = SelectField(_l("Municipality of the nominee"), choices=[],
                                    validators=[DataRequired(_l("Choose the municipality."))])
    deed = TextAreaField(_l("What was the volunteer deed?"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Describe the volunteer deed.")), Length(max=5000)])
    reason = TextAreaField(_l("Why does it deserve the award?"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Tell why the deed deserves the award.")), Length(max=5000)])
    category = SelectField(_l("Category"), choices=[], default="")
    nominator_name = StringField(_l("Your name"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter your name.")), Length(max=200)], render_kw={"autocomplete": "name"})
    nominator_email = email_field(_l("Your e-mail address"),
                                  description=_l("We send a confirmation of the nomination to this address."))
    nominator_phone = StringField(_l("Your phone number (optional)"), filters=[strip_whitespace], validators=[
        Optional(), Length(max=40),
        Regexp(r"^\+?[0-9 ()\-]{3,40}$", message=_l("Enter a phone number with digits, spaces and a + only."))],
        render_kw={"autocomplete": "tel", "inputmode": "tel"})
    may_contact_nominee = BooleanField(_l("The council may contact the nominee about the nomination"), validators=[
        DataRequired(_l("Confirm that the council may contact the nominee."))])

    def __init__(self, *args, municipalities: tuple[tuple[str, str], ...] = (), associations=None,
                 categories=(), sending: bool = False, **kwargs):
        """`municipalities`: (code, name) pairs. `associations` None: not listed yet (`offer_associations`
        before rendering). `sending`: the picked association, municipality and category are left for the
        domain function to check (`app.awards.nominating.submit_nomination` does), not compared with the
        lists here."""
        super().__init__(*args, **kwargs)
        self.municipality_code.choices = _municipality_choices(tuple(municipalities))
        self.municipality_code.validate_choice = not sending
        self.association_id.validate_choice = associations is not None and not sending
        self.offer_associations(associations or ())
        if categories:
            self.category.choices = _with_empty([(name, name) for name in categories], _l("No category"))
            self.category.validate_choice = not sending
        else:
            del self.category

    def offer_associations(self, associations) -> None:
        """The register's associations to pick from: (id, name) pairs."""
        self.association_id.choices = _with_empty(associations, _l("Not in the register, or not an association"))

    @property
    def lists_associations(self) -> bool:
        return self.association_id.validate_choice

    def values(self) -> dict:
        """The cleaned values as plain data for the domain function."""
        return {
            "nominee_kind": self.nominee_kind.data, "nominee_name": self.nominee_name.data,
            "association_id": int(self.association_id.data) if self.association_id.data else None,
            "municipality_code": self.municipality_code.data, "deed": self.deed.data, "reason": self.reason.data,
            "category": self.category.data if "category" in self._fields else "",
            "nominator_name": self.nominator_name.data, "nominator_email": self.nominator_email.data,
            "nominator_phone": self.nominator_phone.data or "",
            "may_contact_nominee": bool(self.may_contact_nominee.data),
        }


class RoundForm(Form):
    year = IntegerField(_l("Year"), validators=[InputRequired(_l("Enter the year.")), NumberRange(2000, 2100)])
    name = StringField(_l("Name of the award"), filters=[strip_whitespace],
                       validators=[DataRequired(_l("Enter the name of the award.")), Length(max=200)])
    criteria_fi = TextAreaField(_l("Criteria of the award in Finnish"), validators=[
        DataRequired(_l("Write the criteria in Finnish.")), Length(max=5000)],
        description=_l("Shown on the nomination form."))
    criteria_sv = TextAreaField(_l("Criteria of the award in Swedish"), validators=[Length(max=5000)])
    criteria_en = TextAreaField(_l("Criteria of the award in English"), validators=[Length(max=5000)])
    nomination_opens_at = DateTimeLocalField(_l("Nominations open"), format=LOCAL_TIME_FORMAT,
                                             validators=[Optional()],
                                             description=_l("Finnish time. Leave empty to keep the round unpublished."))
    nomination_closes_at = DateTimeLocalField(_l("Nominations close"), format=LOCAL_TIME_FORMAT,
                                              validators=[Optional()], description=_l("Finnish time."))
    review_opens_at = DateTimeLocalField(_l("Review opens"), format=LOCAL_TIME_FORMAT, validators=[Optional()],
                                         description=_l("Finnish time."))
    review_closes_at = DateTimeLocalField(_l("Review closes"), format=LOCAL_TIME_FORMAT, validators=[Optional()],
                                          description=_l("Finnish time."))
    categories = TextAreaField(_l("Categories (optional)"), validators=[Length(max=2000)],
                               description=_l("One category a line. Leave empty for a round without categories."))
    scoring_fi = TextAreaField(_l("Scoring criteria in Finnish"), validators=[Length(max=5000)], description=_l(
        "One criterion a line: its name, a colon and what it means. Each is scored from 1 to 5."))
    scoring_sv = TextAreaField(_l("Scoring criteria in Swedish"), validators=[Length(max=5000)])
    scoring_en = TextAreaField(_l("Scoring criteria in English"), validators=[Length(max=5000)])


class ReviewersForm(Form):
    reviewers = CheckboxListField(_l("Reviewers"), choices=[], coerce=int,
                                  description=_l("Staff members of the council, usually those with the reviewer role."))


class ScoreForm(Form):
    """A reviewer's scores: fields score_<criterion id> and comment_<criterion id> are added per round."""

    @classmethod
    def for_criteria(cls, criteria, locale: str, *args, **kwargs) -> "ScoreForm":
        class RoundScoreForm(cls):
            pass

        for criterion in criteria:
            setattr(RoundScoreForm, f"score_{criterion.id}", RadioField(
                criterion.label(locale), choices=SCORE_CHOICES, description=criterion.description(locale),
                validators=[InputRequired(_l("Give a score from 1 to 5."))]))
            setattr(RoundScoreForm, f"comment_{criterion.id}", TextAreaField(
                _l("Comment"), filters=[strip_whitespace], validators=[Length(max=5000)]))
        return RoundScoreForm(*args, **kwargs)


class WinnerForm(Form):
    citation_fi = TextAreaField(_l("Citation in Finnish"), validators=[Length(max=5000)])
    citation_sv = TextAreaField(_l("Citation in Swedish"), validators=[Length(max=5000)])
    citation_en = TextAreaField(_l("Citation in English"), validators=[Length(max=5000)])
    has_consent = BooleanField(_l("The nominee has agreed to the publication of their name and citation"))


class DecisionForm(Form):
    decided_on = DateField(_l("Date of the decision"), validators=[Optional()],
                           description=_l("Winners with publication consent are shown publicly from this day."))


class MergeForm(Form):
    target_id = SelectField(_l("Merge this nomination into"), choices=[], coerce=int,
                            validators=[DataRequired(_l("Choose the nomination to keep."))])


class ShortlistForm(Form):
    shortlisted = HiddenField()


class ConfirmForm(Form):
    """A button that only needs the CSRF token."""
