"""Rendering an e-mail from its templates in the recipient's language.

Every e-mail `<name>` has three templates under `templates/mail/`:

- `<name>.subject.txt`: the subject line (whitespace is collapsed into one line),
- `<name>.txt`: the plain-text body,
- `<name>.html`: the HTML body, a fragment of block elements.

The bodies are fragments: `mail/_layout.txt` and `mail/_layout.html` wrap them with the service
name and the shared footer, so that no template repeats the frame and the HTML gets its `lang`.
All three are rendered with `flask_babel.force_locale(language)`, so `_()` in them is the
recipient's language, never the language of the request that queued the message.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup

from app.public_urls import public_base_url

SUBJECT_MAX_LENGTH = 300


@dataclass(frozen=True)
class ComposedEmail:
    subject: str
    text: str
    html: str
    language: str


def mail_language(language: str | None) -> str:
    """The language to write in: the asked one when the service has it, else the default (fi)."""
    config = current_app.config
    code = (language or "")[:2].lower()
    return code if code in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


def subject_line(rendered: str) -> str:
    """One line of subject: a template's line breaks would otherwise start new header lines."""
    return " ".join(rendered.split())[:SUBJECT_MAX_LENGTH]


def _gettext_in(translations):
    """The templates' `_()` for one language: Jinja's i18n extension in its newstyle form (the text marked
    safe where the template autoescapes, then its %(name)s parameters filled in), calling `translations`
    directly. An e-mail is written in one language: Flask-Babel's own `_()` looks up the request's
    context, locale and domain again at every call, most of an e-mail's rendering time."""
    @pass_context
    def gettext(context, string: str, **variables) -> str:
        text = translations.ugettext(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return gettext


def _render(name: str, context: dict) -> str:
    # The Jinja environment's own render, not Flask's render_template: an e-mail uses only what it is
    # given and the environment's globals (gettext, public_url), never the page context processors (the
    # request, the session, the signed-in user), which render_template runs for every template: five
    # times per e-mail, a fifth of the composing time.
    return current_app.jinja_env.get_template(name).render(context)


def _with_gettext(context: dict) -> dict:
    # `_` in the templates calls the context's gettext; call inside force_locale(language).
    return {**context, "gettext": _gettext_in(get_translations())}


def _gettext_of(language: str):
    # Made once per app and language (the catalogs do not change while it runs): looking the translations up
    # was a quarter of rendering a subject in the request.
    made = current_app.extensions.setdefault("mail_gettext", {})
    found = made.get(language)
    if found is None:
        with force_locale(language):
            found = made[language] = _gettext_in(get_translations())
    return found


def compose_subject(template: str, language: str, context: dict) -> str:
    """Render only the subject of `mail/<template>` in `language` (what the outbox lists while the bodies of a
    message composed by its send job wait for it)."""
    language = mail_language(language)
    with force_locale(language):
        return subject_line(_render(f"mail/{template}.subject.txt", {**context, "gettext": _gettext_of(language)}))


def compose_email(template: str, language: str, context: dict) -> ComposedEmail:
    """Render the subject, text and HTML of `mail/<template>` in `language`.

    Raises jinja2.TemplateNotFound when one of the three templates is missing.
    """
    language = mail_language(language)
    # A message with Reply-To says where replies go instead of "replies are not read".
    frame = {"language": language, "service_url": public_base_url(), "reply_to": context.get("reply_to")}
    with force_locale(language):
        context = _with_gettext(context)
        frame["gettext"] = context["gettext"]
        subject = subject_line(_render(f"mail/{template}.subject.txt", context))
        text_body = _render(f"mail/{template}.txt", context).strip()
        html_body = _render(f"mail/{template}.html", context).strip()
        text = _render("mail/_layout.txt", {"body": text_body, "subject": subject, **frame})
        # The body was rendered (and escaped) by its own autoescaping template.
        html = _render("mail/_layout.html", {"body": Markup(html_body), "subject": subject, **frame})
    return ComposedEmail(subject=subject, text=text.strip() + "\n", html=html, language=language)
