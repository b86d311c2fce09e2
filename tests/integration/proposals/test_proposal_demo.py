"""The demo data holds proposals in several states and a meeting with published minutes for
Pohjois-Karjala and Rääkkylä, once however often it is loaded."""

from __future__ import annotations

import feedparser
import pytest
from sqlalchemy import func, select

from app.demo.loader import load_demo_data
from app.extensions import db
from app.models import Meeting, Proposal
from tests.fixtures.councils import council_by_slug

pytestmark = pytest.mark.usefixtures("english_by_default")


def test_demo_proposals_and_minutes_are_shown_and_loaded_once(app, demo, client):
    with app.app_context():
        load_demo_data()
        db.session.commit()
        for slug in ("pohjois-karjala", "raakkyla"):
            council = council_by_slug(slug)
            statuses = set(db.session.scalars(select(Proposal.status).where(Proposal.council_id == council.id)))
            assert len(statuses) == 4
            assert db.session.scalar(select(func.count(Meeting.id)).where(Meeting.council_id == council.id)) == 1
        meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.council_id == council_by_slug("raakkyla").id))
    listing = client.get("/raakkyla/proposals/").get_data(as_text=True)
    assert "Kokoustiloja yhdistysten käyttöön iltaisin" in listing and "Yksityinen palaute" not in listing
    minutes = client.get(f"/raakkyla/meetings/{meeting_id}").get_data(as_text=True)
    assert "Minutes" in minutes and "Kokous todettiin lailliseksi" in minutes
    assert client.get(f"/raakkyla/meetings/{meeting_id}.pdf").data.startswith(b"%PDF")
    feed = feedparser.parse(client.get("/pohjois-karjala/proposals/feed.atom").data)
    assert not feed.bozo and len(feed.entries) == 6
