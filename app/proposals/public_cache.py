"""The public proposals list and Atom feed, kept rendered until the council's proposals change.

Both look the same to every anonymous visitor asking the same address in the same language, and
they change only when a proposal of the council is added or changes (its row version moves). So
a page is kept under (address with its query, language, the proposals' signature) and served
again after one query for the signature. Signed-in staff, pending flash messages and development
template reloads get a fresh render, so a kept page never holds anything that belongs to someone.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request, session
from flask_login import current_user

from sqlalchemy import func, select

from app.extensions import db
from app.models import Council, Proposal

#: kept pages per application; emptied when full
PAGES_MAX = 512


def _pages() -> dict[tuple, bytes | str]:
    return current_app.extensions.setdefault("proposal_page_cache", {})


def _cacheable() -> bool:
    return (not current_app.jinja_env.auto_reload and "_flashes" not in session
            and not current_user.is_authenticated)


def _signature(council_slug: str) -> tuple:
    """Changes whenever a proposal of the council is added or changes (each change moves its row version)."""
    return tuple(db.session.execute(
        select(func.count(Proposal.id), func.max(Proposal.id), func.sum(Proposal.version))
        .join(Council, Council.id == Proposal.council_id).where(Council.slug == council_slug)).one())


def kept_page(council_slug: str, language: str, render: Callable[[], bytes | str]) -> bytes | str:
    """The page for this request, from the kept copy when the council's proposals have not changed;
    `render` (which loads the council, or answers 404) runs only for a page not kept yet."""
    if not _cacheable():
        return render()
    key = (request.full_path, language, _signature(council_slug))
    pages = _pages()
    page = pages.get(key)
    if page is None:
        page = render()
        if len(pages) >= PAGES_MAX:
            pages.clear()
        pages[key] = page
    return page
