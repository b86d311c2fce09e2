"""Public pages kept rendered: served again to the next visitor until a table they showed changes, their
minute ends, or the worker's store is full.

**Which requests.** Only requests that see a page as everyone does: GET or HEAD, nobody signed in, a
session holding nothing but the CSRF token and the chosen language (so no flash message, no draft, no
files waiting), production template loading (not `auto_reload`), and the setting `KEPT_PAGES` on.
Every other request renders as if this module did not exist.

**The key.** The address (the path, or the view's own key when the path holds a personal token) with the
query string and host, and the resolved language; a kept page is served only in the minute (UTC) it was
rendered in.

**What is kept.** The body only, encoded (UTF-8) once when kept and served as bytes: encoding a page on every
request cost more than the rest of serving it for the public results (250 KB of chart data URIs, held by
Python as two bytes per character). The view builds the Response, its headers and cookies, per
request. Three values belong to one request and are taken out of the body when it is kept and put back
when it is served: the CSRF token (`generate_csrf()`), the signed time a public form was shown
(`forms.public.shown_stamp()`), and a link token the view names (the survey invitation's). A render that
already contains a placeholder, or that changed the session beyond the CSRF token, is served and not kept.

**When a kept page is stale.** The SQL statements run while the page renders are recorded, and the
tables they name are the page's tables (a view adds, with `shows`, tables whose rows it loaded before
rendering). The page is kept with those tables' counters of `app/table_generations.py`, read in one
round trip *before* rendering, and served only while the counters are still the same. Reading them
first makes every race harmless: a page rendered from newer data is only kept under older counters,
and the next request renders again. Nothing has to be declared, so nothing can be forgotten: a channel
whose page reads a new table is covered by that read.

**Time.** What a page shows also moves with the clock (a survey or registration opening or closing at
its time, "upcoming" events, "today"). The minute bounds a kept page rather than a "valid until" computed by
each page, because every such moment is a whole minute (the staff forms take minutes), because it needs
no code in any page, and because it bounds what no counter sees (a commit while Redis was unreachable, a
write outside the session, Redis emptied) to one minute. It costs one render per page and minute per
worker.

**Without Redis** pages render fresh (`current_generations()` is None) and nothing fails.

**Memory.** At most `PAGES_MAX` pages and `BYTES_MAX` bytes of bodies per worker, the least recently
served dropped first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from flask import current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.i18n import current_language
from app.recently_used import RecentlyUsed
from app.table_generations import current_generations, table_names, tables_named_in
from forms.public import rendered_stamp, shown_stamp

PAGES_MAX = 512
BYTES_MAX = 32 * 1024 * 1024
#: session keys that do not make a visitor's pages their own: the CSRF token (put back per request)
#: and the chosen language (part of the key)
_SHARED_SESSION_KEYS = frozenset({"csrf_token", "lang", "_permanent"})
_LINK_TOKEN = "\x00link-token\x00"
# The SQL run by the render being kept (None when no render is being kept).
_reads: ContextVar[list[str] | None] = ContextVar("kept_page_reads", default=None)


@dataclass(frozen=True)
class _RequestValue:
    """A value of one request in a page: the one the render used (None when it used none) and a new one."""

    placeholder: str
    rendered: Callable[[], str | None]
    fresh: Callable[[], str]


def _rendered_csrf() -> str | None:
    return g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))


REQUEST_VALUES = (
    _RequestValue("\x00csrf-token\x00", _rendered_csrf, generate_csrf),
    _RequestValue("\x00form-stamp\x00", rendered_stamp, shown_stamp),
)


@dataclass(frozen=True)
class _Kept:
    body: bytes
    tables: tuple[str, ...]
    generations: tuple[int, ...]
    placeholders: tuple[_RequestValue, ...]
    has_link_token: bool
    minute: int

    def is_current(self, generations: dict[str, int], minute: int) -> bool:
        return minute == self.minute and tuple(generations.get(name, 0) for name in self.tables) == self.generations

    def served(self, link_token: str | None) -> bytes:
        body = self.body
        for value in self.placeholders:
            body = body.replace(value.placeholder.encode(), value.fresh().encode())
        if self.has_link_token:
            body = body.replace(_LINK_TOKEN.encode(), (link_token or "").encode())
        return body


def _store() -> RecentlyUsed[_Kept]:
    """One worker's kept pages, least recently served dropped first."""
    return (current_app.extensions.get("kept_pages")
            or current_app.extensions.setdefault("kept_pages", RecentlyUsed(PAGES_MAX, BYTES_MAX, _body_size)))


def _body_size(kept: _Kept) -> int:
    return len(kept.body)


def renders_alike_for_everyone() -> bool:
    """Whether this request sees the page as every anonymous visitor does (see the module's docstring)."""
    return (request.method in ("GET", "HEAD") and current_app.config.get("KEPT_PAGES", True)
            and not current_app.jinja_env.auto_reload and session.keys() <= _SHARED_SESSION_KEYS
            and not current_user.is_authenticated)


class _Visit:
    """One request's look-up: a kept page to serve, or the render to keep."""

    def __init__(self, key: tuple, generations: dict[str, int], link_token: str | None, shows: Iterable) -> None:
        self.key = key
        # Beside the key rather than in it, so that a page of a new minute replaces the last one.
        self.minute = int(time.time() // 60)
        self.generations = generations
        self.link_token = link_token
        self.shows = shows

    @classmethod
    def begin(cls, key, link_token: str | None = None, shows: Iterable = (),
              generations: dict[str, int] | None = None) -> _Visit | None:
        if not renders_alike_for_everyone():
            return None
        if generations is None:
            generations = current_generations()
        if generations is None:
            return None
        full_key = (key if key is not None else request.path, request.query_string, request.host,
                    current_language())
        return cls(full_key, generations, link_token, shows)

    def kept(self) -> bytes | None:
        kept = _store().get(self.key)
        if kept is None or not kept.is_current(self.generations, self.minute):
            return None
        return kept.served(self.link_token)

    def render(self, render: Callable):
        """Run `render` recording its SQL; returns its result and the SQL texts."""
        session_before = dict(session)
        reads: list[str] = []
        reset = _reads.set(reads)
        try:
            result = render()
        finally:
            _reads.reset(reset)
        session_after = dict(session)
        session_after.pop("csrf_token", None)
        session_before.pop("csrf_token", None)
        self.session_changed = session_after != session_before
        return result, reads

    def keep(self, body: str | bytes, reads: list[str]) -> None:
        if self.session_changed:
            return
        if isinstance(body, bytes):
            # A feed or file made as bytes: kept only when it holds nothing of this request.
            mine = [value.rendered() for value in REQUEST_VALUES] + [self.link_token]
            if any(value and value.encode() in body for value in mine):
                return
            self._put(body, reads, (), False)
            return
        placeholders = []
        kept = body
        markers = [value.placeholder for value in REQUEST_VALUES] + [_LINK_TOKEN]
        if any(marker in body for marker in markers):
            return  # not the shape expected: serve the render, keep nothing
        for value in REQUEST_VALUES:
            used = value.rendered()
            if used and used in kept:
                kept = kept.replace(used, value.placeholder)
                placeholders.append(value)
        has_link_token = bool(self.link_token) and self.link_token in kept
        if has_link_token:
            kept = kept.replace(self.link_token, _LINK_TOKEN)
        self._put(kept.encode(), reads, tuple(placeholders), has_link_token)

    def _put(self, body: bytes, reads: list[str], placeholders: tuple, has_link_token: bool) -> None:
        tables = tuple(sorted(tables_named_in(reads) | table_names(self.shows)))
        _store().put(self.key, _Kept(body, tables, tuple(self.generations.get(name, 0) for name in tables),
                                     placeholders, has_link_token, self.minute))


def kept_page(render: Callable[[], str | bytes], *, key=None, link_token: str | None = None,
              shows: Iterable = (), generations: dict[str, int] | None = None) -> str | bytes:
    """The page's body for this request: a kept copy with this request's values put back, or `render()`
    (kept for the next visitors when the request qualifies).

    `key` replaces the path in the key when the path holds a personal token (name then everything the
    page shows that the path said); `link_token` is that token, taken out of the kept body and put back;
    `shows` adds models (or table names) whose rows the view loaded before calling this and the page shows;
    `generations` are the counters when the view has read them already (before its own queries).
    """
    visit = _Visit.begin(key, link_token, shows, generations)
    if visit is None:
        return render()
    body = visit.kept()
    if body is not None:
        return body
    body, reads = visit.render(render)
    visit.keep(body, reads)
    return body


def kept_copy(key, *, link_token: str | None = None, generations: dict[str, int] | None = None) -> bytes | None:
    """The kept copy of the page `kept_page` keeps under `key` when it is still current for this request
    (with this request's values put back), or None; renders nothing."""
    visit = _Visit.begin(key, link_token, (), generations)
    return None if visit is None else visit.kept()


def keeps_page(view: Callable) -> Callable:
    """A view whose GET answer is kept: a str, or a (str, 200) pair, is kept and served again; anything
    else (a redirect, another status, a Response) is returned as it is and nothing is kept. POST runs the
    view as it is."""

    @wraps(view)
    def kept_view(*args, **kwargs):
        visit = _Visit.begin(None)
        if visit is None:
            return view(*args, **kwargs)
        body = visit.kept()
        if body is not None:
            return body
        result, reads = visit.render(lambda: view(*args, **kwargs))
        if isinstance(result, tuple) and len(result) == 2 and result[1] == 200:
            body = result[0]
        else:
            body = result
        if isinstance(body, (str, bytes)):
            visit.keep(body, reads)
        return result

    return kept_view


@event.listens_for(Engine, "before_cursor_execute")
def _record_reads(_connection, _cursor, statement, _parameters, _context, _executemany) -> None:
    # On every engine (the app's, whichever it is): only a render being kept has a list to record into.
    reads = _reads.get()
    if reads is not None:
        reads.append(statement)
