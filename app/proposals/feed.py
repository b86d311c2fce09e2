"""The Atom feed of a council's publishable proposals: one entry when a proposal arrives and one when it
is decided (handled or not taken up), written with feedgen."""

from __future__ import annotations

from feedgen.feed import FeedGenerator
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import Council, Proposal, ProposalStatus
from app.public_urls import public_url

FEED_ENTRIES = 50
DECIDED = (ProposalStatus.HANDLED, ProposalStatus.NOT_TAKEN_UP)


def proposals_feed(council: Council, language: str) -> bytes:
    """The feed's XML: the newest FEED_ENTRIES arrivals and decisions of publishable proposals."""
    recent = list(db.session.scalars(
        select(Proposal).where(Proposal.council_id == council.id, Proposal.is_publishable.is_(True))
        .order_by(Proposal.received_at.desc(), Proposal.id.desc()).limit(FEED_ENTRIES)))
    decided = list(db.session.scalars(
        select(Proposal).where(Proposal.council_id == council.id, Proposal.is_publishable.is_(True),
                               Proposal.status.in_(DECIDED), Proposal.handled_at.is_not(None))
        .order_by(Proposal.handled_at.desc(), Proposal.id.desc()).limit(FEED_ENTRIES)))
    entries = [(proposal.received_at, "new", proposal) for proposal in recent]
    entries += [(proposal.handled_at, "decided", proposal) for proposal in decided]
    entries.sort(key=lambda entry: (entry[0], entry[2].id), reverse=True)
    entries = entries[:FEED_ENTRIES]

    feed = FeedGenerator()
    list_url = public_url("proposals.index", council_slug=council.slug)
    feed.id(public_url("proposals.feed", council_slug=council.slug))
    feed.title(_("Proposals to %(council)s", council=council.name(language)))
    feed.link(href=list_url, rel="alternate")
    feed.link(href=public_url("proposals.feed", council_slug=council.slug), rel="self")
    feed.language(language)
    feed.author({"name": council.name(language)})
    feed.updated(entries[0][0] if entries else council.created_at)
    # feedgen prepends each added entry: add the oldest first, so the newest comes first in the file.
    for moment, what, proposal in reversed(entries):
        url = public_url("proposals.show", council_slug=council.slug, proposal_id=proposal.id)
        entry = feed.add_entry()
        entry.id(f"{url}#{what}")
        entry.link(href=url)
        entry.updated(moment)
        entry.published(moment)
        if what == "new":
            entry.title(_("New proposal: %(title)s", title=proposal.title))
            entry.summary(proposal.description[:1000])
        else:
            entry.title(_("Decided: %(title)s", title=proposal.title))
            entry.summary((proposal.decision or proposal.reason)[:1000])
    return feed.atom_str(pretty=False)
