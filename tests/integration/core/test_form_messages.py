"""WTForms' own messages come in the page's language."""

from werkzeug.datastructures import MultiDict
from wtforms import IntegerField

from forms.base import Form


class _NumberForm(Form):
    class Meta:
        csrf = False

    count = IntegerField()


def test_built_in_messages_follow_the_language_of_each_request(app):
    for language, message in (("fi", "Ei ole kelvollinen kokonaisluku"), ("sv", "Inte ett giltigt heltal"),
                              ("en", "Not a valid integer value.")):
        with app.test_request_context(f"/?lang={language}"):
            form = _NumberForm(formdata=MultiDict({"count": "kolme"}))
            assert not form.validate()
            assert form.count.errors == [message]
