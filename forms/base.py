"""The base of every form: Flask-WTF's FlaskForm, with WTForms' own messages loaded once per language and its CSRF
token signed only when the form is shown."""

from functools import lru_cache

from babel import support
from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path


@lru_cache(maxsize=8)
def _wtforms_messages(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _TokenSignedWhenShown(FlaskForm.Meta.csrf_class):
    """Flask-WTF's CSRF of a form, whose token field signs the session's token when it is rendered rather than
    when the form is made: a form sent and stored is never shown again, and the signing (itsdangerous, ~170
    Python calls) was a twentieth of an event registration. Checking a sent token is unchanged."""

    def generate_csrf_token(self, csrf_token_field):
        return LazyString(super().generate_csrf_token, csrf_token_field)


class Form(FlaskForm):
    """A FlaskForm whose built-in messages ("Not a valid integer value." ...) are in the page's language and whose
    CSRF token is signed when the form is shown."""

    class Meta:
        csrf_class = _TokenSignedWhenShown

        def get_translations(self, form):
            # Flask-WTF reads WTForms' catalogue from disk again in every request; it never changes.
            if not has_request_context() or not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_messages(str(get_locale()))
