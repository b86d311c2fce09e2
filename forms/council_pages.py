"""Forms of the council's public page: its texts and contact, members, association agents, working groups, links."""

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.validators import ValidationError as FormValidationError

from forms.base import Form
from forms.fields import EMAIL_MAX_LENGTH, email_field
from forms.validators import EmailAddress, strip_whitespace

PHONE_PATTERN = r"^\+?[0-9 ()\-]{3,40}$"
PHONE_MESSAGE = _l("Enter a phone number with digits, spaces and a + only.")
TEXT_HINT = _l("Markdown: an empty line starts a new paragraph, **bold**, a list with - at the start of lines, "
               "a link as [text](https://example.fi). HTML is shown as typed.")


def _phone(label):
    return StringField(label, filters=[strip_whitespace], validators=[
        Optional(), Length(max=40), Regexp(PHONE_PATTERN, message=PHONE_MESSAGE)])


def _choices(pairs, empty_label=None) -> list[SelectChoice]:
    choices = [SelectChoice(value, label) for value, label in pairs]
    return [SelectChoice("", empty_label), *choices] if empty_label is not None else choices


def _optional_choice(value: str) -> int | None:
    return int(value) if value else None


class CouncilPageForm(Form):
    """The council's names, short descriptions, longer texts and contact details in fi, sv and en."""

    name_fi = StringField(_l("Name in Finnish"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter the council's name in Finnish.")), Length(max=200)])
    name_sv = StringField(_l("Name in Swedish"), filters=[strip_whitespace], validators=[Length(max=200)])
    name_en = StringField(_l("Name in English"), filters=[strip_whitespace], validators=[Length(max=200)])
    description_fi = TextAreaField(_l("Short description in Finnish"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter a short description in Finnish.")), Length(max=1000)],
        description=_l("One or two sentences: shown at the top of the page."))
    description_sv = TextAreaField(_l("Short description in Swedish"), filters=[strip_whitespace],
                                   validators=[Length(max=1000)])
    description_en = TextAreaField(_l("Short description in English"), filters=[strip_whitespace],
                                   validators=[Length(max=1000)])
    page_text_fi = TextAreaField(_l("Longer text in Finnish"), filters=[strip_whitespace],
                                 validators=[Length(max=20000)], description=TEXT_HINT)
    page_text_sv = TextAreaField(_l("Longer text in Swedish"), filters=[strip_whitespace],
                                 validators=[Length(max=20000)], description=TEXT_HINT)
    page_text_en = TextAreaField(_l("Longer text in English"), filters=[strip_whitespace],
                                 validators=[Length(max=20000)], description=TEXT_HINT)
    contact_email = email_field(_l("Contact e-mail address"), required=_l("Enter the council's contact e-mail address."),
                                browser_check=False)
    contact_phone = _phone(_l("Contact phone"))

    def values(self) -> dict:
        """The cleaned values as plain data; empty Swedish and English texts fall back to Finnish."""
        return {name: (field.data or None) if name.endswith(("_sv", "_en")) else (field.data or "")
                for name, field in self._fields.items() if name != "csrf_token"}


class MemberForm(Form):
    """A member of the council; the associations, sectors and other members come from the caller."""

    name = StringField(_l("Name"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter the member's name.")), Length(max=200)])
    role = RadioField(_l("Role in the council"), choices=[], default="member",
                      validators=[DataRequired(_l("Choose the role."))])
    association_id = SelectField(_l("Association from the register"), choices=[], validate_choice=True,
                                 description=_l("Pick the association if it is in the council's register."))
    association_name = StringField(_l("Or the association's name"), filters=[strip_whitespace],
                                   validators=[Length(max=200)],
                                   description=_l("If the association is not in the register, type its name."))
    sector = SelectField(_l("Sector"), choices=[])
    deputy_of_id = SelectField(_l("Deputy of"), choices=[],
                               description=_l("For a deputy member: the member whose deputy they are."))

    def __init__(self, *args, roles=(), associations=(), sectors=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = _choices(roles)
        self.association_id.choices = _choices(associations, _l("Not in the register"))
        self.sector.choices = _choices(sectors, _l("No sector"))
        self.deputy_of_id.choices = _choices(members, _l("Nobody"))

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        super().process(formdata, obj, data, extra_filters, **kwargs)
        if obj is not None:  # the views pass obj only to show a stored entry, never with a post
            # Select values are strings: show a stored id or enum as its choice's value.
            self.role.data = obj.role.value
            self.association_id.data = str(obj.association_id or "")
            self.deputy_of_id.data = str(obj.deputy_of_id or "")
            self.sector.data = obj.sector or ""

    def values(self) -> dict:
        return {"name": self.name.data, "role": self.role.data,
                "association_id": _optional_choice(self.association_id.data),
                "association_name": self.association_name.data or "", "sector": self.sector.data or None,
                "deputy_of_id": _optional_choice(self.deputy_of_id.data)}


class AgentForm(Form):
    """An association agent of a municipality in the council's area (the municipalities come from the caller)."""

    name = StringField(_l("Name"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter the agent's name.")), Length(max=200)])
    municipality_code = SelectField(_l("Municipality"), choices=[], validators=[
        DataRequired(_l("Choose the municipality."))])
    email = StringField(_l("E-mail address (optional)"), filters=[strip_whitespace], validators=[
        Optional(), Length(max=EMAIL_MAX_LENGTH),
        EmailAddress(_l("Enter an e-mail address in the form name@example.fi."), check_deliverability=False)])
    phone = _phone(_l("Phone (optional)"))

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_code.choices = _choices(municipalities, _l("Choose a municipality"))

    def values(self) -> dict:
        return {"name": self.name.data, "municipality_code": self.municipality_code.data,
                "email": self.email.data or "", "phone": self.phone.data or ""}


class GroupForm(Form):
    """The working committee or a working group."""

    kind = RadioField(_l("Kind"), choices=[], default="working_group", validators=[DataRequired(_l("Choose the kind."))])
    name = StringField(_l("Name"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter the group's name.")), Length(max=200)])
    description = TextAreaField(_l("Description"), filters=[strip_whitespace], validators=[Length(max=2000)],
                                description=_l("What the group works on."))
    members_text = TextAreaField(_l("Members"), filters=[strip_whitespace], validators=[Length(max=5000)],
                                 description=_l("One person a line, for example: Aino Esimerkki, chair."))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = _choices(kinds)

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        super().process(formdata, obj, data, extra_filters, **kwargs)
        if obj is not None:  # the views pass obj only to show a stored entry, never with a post
            self.kind.data = obj.kind.value

    def values(self) -> dict:
        return {"kind": self.kind.data, "name": self.name.data, "description": self.description.data or "",
                "members_text": self.members_text.data or ""}


def _web_address(form, field):
    parts = urlsplit(field.data or "")
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(char.isspace() for char in field.data):
        raise FormValidationError(_l("Enter a web address that starts with https:// or http://."))


class LinkForm(Form):
    """A link on the council's page."""

    label = StringField(_l("Link text"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter the link text.")), Length(max=200)],
        description=_l("Say where the link goes, for example: The council on Facebook."))
    url = StringField(_l("Web address"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Enter the web address.")), Length(max=500), _web_address],
        description=_l("For example https://www.facebook.com/..."))

    def values(self) -> dict:
        return {"label": self.label.data, "url": self.url.data}


class MoveForm(Form):
    """Move an entry up or down in its list."""

    direction = HiddenField(validators=[DataRequired(), Regexp("^(up|down)$")])


class ConfirmForm(Form):
    """A button that only needs the CSRF token (remove an entry)."""
