"""The base of every form: Flask-WTF's FlaskForm, with WTForms' own messages loaded once per language."""

from functools import lru_cache

from babel import support
from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path


@lru_cache(maxsize=8)
def _wtforms_messages(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class Form(FlaskForm):
    """A FlaskForm whose built-in messages ("Not a valid integer value." ...) are in the page's language."""

    class Meta:
        def get_translations(self, form):
            # Flask-WTF reads WTForms' catalogue from disk again in every request; it never changes.
            if not has_request_context() or not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_messages(str(get_locale()))
