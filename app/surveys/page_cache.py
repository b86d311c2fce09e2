"""Survey pages with nothing filled in, kept rendered.

Until a respondent answers, a survey page looks the same to everyone who opens it in the same
language, except for two values: the respondent's link token (in the page's links) and their CSRF
token. A page rendered once is kept with those two values taken out, and every later request puts
its own back in. Only anonymous requests without query parameters or pending messages qualify,
so a kept page never holds anything that belongs to someone else.
"""

from collections.abc import Callable

from flask import current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

#: kept pages per application; emptied when full (a survey version has a handful of pages per language)
PAGES_MAX = 512
_TOKEN = "\x00token\x00"
_CSRF = "\x00csrf\x00"


def _pages() -> dict[tuple, str]:
    return current_app.extensions.setdefault("survey_page_cache", {})


def renders_alike_for_everyone() -> bool:
    """Whether this request would see a page with nothing of its own but the two tokens."""
    return (not current_app.jinja_env.auto_reload and not request.args and "_flashes" not in session
            and not current_user.is_authenticated)


def cached_page(key: tuple, token: str | None, render: Callable[[], str]) -> str:
    """The page kept under ``key`` with this request's tokens put in, rendering it on the first call.

    ``key`` must name everything the page shows (survey version, page, language, council area, the
    address without the token); ``token`` is the link token in the page's URLs (None for an open link).
    """
    csrf = generate_csrf()
    pages = _pages()
    kept = pages.get(key)
    if kept is None:
        html = render()
        kept = html.replace(csrf, _CSRF)
        if token:
            kept = kept.replace(token, _TOKEN)
        if _CSRF not in kept or _TOKEN in html or _CSRF in html:
            return html     # not the shape we expect: serve it, keep nothing
        if len(pages) >= PAGES_MAX:
            pages.clear()
        pages[key] = kept
        return html
    html = kept.replace(_CSRF, csrf)
    return html.replace(_TOKEN, token) if token else html
