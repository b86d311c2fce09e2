"""A form's CSRF token is signed when the form is shown, and the shown token is the one the check accepts."""

import re

from flask import g, render_template_string
from flask_wtf.csrf import validate_csrf
from wtforms import StringField

from forms.base import Form


class _NameForm(Form):
    name = StringField()


def test_a_form_made_and_not_shown_signs_no_token_and_a_shown_one_carries_a_valid_token(app):
    with app.test_request_context("/"):
        form = _NameForm()
        assert "csrf_token" not in g  # Flask-WTF keeps the signed token of the request there once made
        page = render_template_string("{{ form.csrf_token }}", form=form)
        token = re.search(r'value="([^"]+)"', page).group(1)
        assert token == g.csrf_token
        validate_csrf(token)  # raises ValidationError for a token the check refuses
