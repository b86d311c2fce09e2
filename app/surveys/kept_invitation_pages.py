"""An invitation link's answer pages served kept with no SQL: what the page view decided for the link, kept
per worker until the invitation, its survey, version, council or its own response changes.

**Why.** A kept page (`app/kept_pages.py`) spares the render, but the survey page's view still looked the
link up (the token's hash; the invitation, survey, version, council, area and response in one query) and
checked the visitor's response on every request before it could name the kept copy. That look-up cost
more than the rest of the request.

**What is kept.** Per link (the token's hash): the invitation's id, the survey's period, and for each page
the kept page's key the view chose, with the counters of what the view read to choose it. The view's own
code decides, on a request that runs it in full; the next requests for the same link and page serve the
kept copy while those counters are unchanged and the survey is open at the request's time (its period is
kept, so opening and closing show at their exact second). A redirect (a submitted response, a closed
survey, a page hidden by the answers) and a page rendered for one visitor (a draft with answers or typed
input) are never kept: such a request runs the view in full.

**The counters.** The tables the view's statements named before it chose the page (recorded, as kept
pages record a render's), except the responses and their answers: those are the invitation's own, and
their counter is the invitation's row counter (`app/table_generations.py::count_rows_by`), moved after
the commit of any flush of its response — a draft saved in another tab, a submission, a reopening, an
erasure — and not by other associations' saves. All are read in one round trip *before* the view's look-up
(the first request of a link in a worker learns the invitation's id, so only the next one can keep a
decision), which makes a race harmless as for kept pages: a decision made from newer data is kept under
older counters and made again on the next request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.auth.passwords import hash_token
from app.kept_pages import kept_copy, renders_alike_for_everyone
from app.models import Answer, Invitation, Response
from app.models.base import utcnow
from app.periods import Phase, phase_at
from app.recently_used import RecentlyUsed
from app.table_generations import count_rows_by, current_generations, row_field, tables_named_in

#: links remembered per worker, the least recently used dropped first
LINKS_MAX = 4096
# The invitation's response and its answers: counted per invitation, not per table.
_OWN_TABLES = frozenset({Response.__tablename__, Answer.__tablename__})
_VISIT = "kept_invitation_visit"

count_rows_by(Response, "invitation_id")


@dataclass
class _Link:
    """What the view decided for one link: the kept page's key per page, valid while `counters` hold."""

    invitation_id: int
    counters: dict[str, int] = field(default_factory=dict)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    pages: dict[str, tuple] = field(default_factory=dict)

    def holds(self, generations: dict[str, int]) -> bool:
        return bool(self.counters) and all(generations.get(name, 0) == count for name, count in self.counters.items())


@dataclass
class _Visit:
    """This request's counters, read before the view's look-up, and the statements the view ran since."""

    token_hash: str
    generations: dict[str, int] | None
    #: the invitation whose row counter is among `generations` (None on a link's first request)
    invitation_id: int | None
    reads: list[str] = field(default_factory=list)


def _links() -> RecentlyUsed[_Link]:
    return (current_app.extensions.get("kept_invitation_pages")
            or current_app.extensions.setdefault("kept_invitation_pages", RecentlyUsed(LINKS_MAX)))


def kept_answer_page(token: str | None, page_key: str) -> bytes | None:
    """The kept copy of an invitation link's answer page when nothing the view decided on has changed and
    the survey is open now; None to run the view (which then calls `keep_answer_page`)."""
    if not token or len(token) > 100 or not renders_alike_for_everyone():
        return None
    token_hash = hash_token(token)
    link = _links().get(token_hash)
    rows = (row_field(Response, link.invitation_id),) if link is not None else ()
    generations = current_generations(rows)
    g.setdefault(_VISIT, _Visit(token_hash, generations, link.invitation_id if link is not None else None))
    if link is None or generations is None or page_key not in link.pages or not link.holds(generations):
        return None
    if phase_at(link.opens_at, link.closes_at, utcnow()) is not Phase.OPEN:
        return None
    return kept_copy(link.pages[page_key], link_token=token, generations=generations)


def keep_answer_page(invitation: Invitation | None, page_key: str, key: tuple) -> dict[str, int] | None:
    """Remember that the view chose the kept page `key` for this link's page (the survey open); returns the
    counters read before the view's look-up, for `kept_page`. Does nothing for an open link."""
    visit: _Visit | None = g.pop(_VISIT, None) if invitation is not None else None
    if visit is None:
        return None
    links = _links()
    link = links.get(visit.token_hash)
    if visit.generations is None or visit.invitation_id != invitation.id:
        # The first request of this link here: the next one reads its row counter before the look-up.
        if link is None or link.invitation_id != invitation.id:
            links.put(visit.token_hash, _Link(invitation.id))
        return visit.generations
    generations = visit.generations
    names = (tables_named_in(visit.reads) - _OWN_TABLES) | {row_field(Response, invitation.id)}
    counters = {name: generations.get(name, 0) for name in names}
    if link is None or link.invitation_id != invitation.id or not link.holds(generations):
        link = _Link(invitation.id)
    link.counters.update(counters)
    link.opens_at, link.closes_at = invitation.survey.opens_at, invitation.survey.closes_at
    link.pages[page_key] = key
    links.put(visit.token_hash, link)
    return generations


@event.listens_for(Engine, "before_cursor_execute")
def _record_reads(_connection, _cursor, statement, _parameters, _context, _executemany) -> None:
    # Only a request that began with kept_answer_page records, until keep_answer_page.
    if has_app_context():
        visit = g.get(_VISIT)
        if visit is not None:
            visit.reads.append(statement)
