"""Locale selection (?lang= -> session -> Accept-Language -> fi) and locale-aware formatting."""

from functools import lru_cache
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, current_app, request, session
from flask_babel import format_decimal, get_locale, gettext
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from app.date_text import date_text, datetime_text, period_text
from app.extensions import babel
from app.reports.building import formatting
from surveys import DefinitionProblem

LANGUAGE_NAMES = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}
# A person's or association's language is shown by its own name, as the language switch does.
LANGUAGE_LABELS = {"fi": "Suomi", "sv": "Svenska", "en": "English"}


@lru_cache(maxsize=16)
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def select_locale() -> Locale:
    """Pick the request's locale and remember an explicit choice in the session.

    Returns a Locale, which Flask-Babel takes as it is, instead of a code it would parse again
    in every request.
    """
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return _locale(asked)
    remembered = session.get("lang")
    if remembered in languages:
        return _locale(remembered)
    return _locale(_best_match(request.headers.get("Accept-Language", ""), tuple(languages))
                   or current_app.config["BABEL_DEFAULT_LOCALE"])


@lru_cache(maxsize=256)
def _best_match(accept_language: str, languages: tuple[str, ...]) -> str | None:
    # Parsed once per header value (browsers send a handful), not in every request: parsing it and matching
    # were most of the cost of choosing a request's language.
    return parse_accept_header(accept_language, LanguageAccept).best_match(languages)


def current_language() -> str:
    """The request's language code: fi, sv or en."""
    return str(get_locale() or "fi")[:2]


def definition_problem_text(problem: DefinitionProblem) -> str:
    """What the survey engine found wrong in a definition, in the request's language: its message translated,
    then the question keys, counts and other values filled in, starting with a capital as a sentence on a page."""
    message = problem.translated(gettext)
    return message[:1].upper() + message[1:]


def url_with_language(lang: str) -> str:
    """The current URL with ?lang= set to another language, keeping the other parameters."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    return request.path + "?" + urlencode(args, doseq=True)


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def _language_context():
        return {
            "current_language": current_language(),
            "language_names": LANGUAGE_NAMES,
            "language_labels": LANGUAGE_LABELS,
            "url_with_language": url_with_language,
        }

    # One way of writing dates and times on every page: app/date_text.py, in Helsinki time.
    app.jinja_env.filters["date"] = lambda value, weekday=False: date_text(value, current_language(),
                                                                           weekday=weekday)
    app.jinja_env.filters["datetime"] = lambda value, weekday=False: datetime_text(value, current_language(),
                                                                                   weekday=weekday)
    # A share 0..1 as a percentage, rounded as the reports round it (12,5 %).
    app.jinja_env.filters["period"] = lambda start, end: period_text(start, end, current_language())
    app.jinja_env.filters["percent"] = lambda value: formatting.percent(100 * value, current_language())
    app.jinja_env.filters["definition_problem"] = definition_problem_text
    app.jinja_env.filters["decimal"] = lambda value: format_decimal(value) if value is not None else ""
    app.jinja_env.add_extension("jinja2.ext.do")
