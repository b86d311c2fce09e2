"""The whole path of a proposal: proposed with files, triaged, put on an agenda, decided in the minutes,
each step e-mailed to the proposer; the public pages and feed show only publishable proposals."""

from __future__ import annotations

import io
import re

import feedparser
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import Association, AuditLog, Meeting, OutboxMessage, Proposal, ProposalStatus
from tests.fixtures.councils import council_by_slug
from tests.fixtures.proposals import docx_bytes, jpeg_bytes, odt_bytes, pdf_bytes, png_bytes

pytestmark = pytest.mark.usefixtures("english_by_default")


def _mails(app, to: str) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == to)
                                       .order_by(OutboxMessage.id)))


def _tracking_link(body: str) -> str:
    found = re.search(r"http://localhost(/raakkyla/proposals/track/[A-Za-z0-9_\-]+)", body)
    assert found, body
    return found.group(1)


def test_proposal_with_every_file_type_goes_to_minutes_and_each_step_is_mailed(app, demo_councils, client, propose,
                                                                              signed_in_staff, csrf_token):
    files = [("ehdotus.pdf", pdf_bytes()), ("liite.docx", docx_bytes()), ("liite.odt", odt_bytes()),
             ("kuva.png", png_bytes()), ("kuva.jpeg", jpeg_bytes())]
    checked, sent = propose(client, "raakkyla", files=files, title="Tilat <b>yhdistyksille</b>")
    page = checked.get_data(as_text=True)
    assert "Check your proposal before sending it" in page
    assert "Tilat &lt;b&gt;yhdistyksille&lt;/b&gt;" in page and "ehdotus.pdf" in page and "kuva.jpeg" in page
    assert sent.status_code == 302
    confirmation = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Your proposal was sent" in confirmation

    with app.app_context():
        proposal = db.session.scalar(select(Proposal))
        assert proposal.status is ProposalStatus.RECEIVED and proposal.is_publishable
        assert sorted(f.content_type for f in proposal.attachments) == sorted([
            "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.oasis.opendocument.text", "image/png", "image/jpeg"])
        assert proposal.token_hash and len(proposal.token_hash) == 64
        proposal_id = proposal.id
    received = _mails(app, "maija@example.fi")
    assert len(received) == 1 and received[0].language == "fi"
    link = _tracking_link(received[0].body_text)
    assert link in confirmation
    tracked = client.get(link)
    assert "Tilat <b>yhdistyksille</b>" not in tracked.get_data(as_text=True)
    # the proposer's private page: kept by no cache, and its token in no Referer
    assert tracked.headers["Cache-Control"] == "no-store" and tracked.headers["Referrer-Policy"] == "no-referrer"

    staff = signed_in_staff("secretary", "raakkyla")
    base = f"/staff/raakkyla/proposals/{proposal_id}/"
    token = csrf_token(staff, base)
    assert staff.post(base + "notes", data={"csrf_token": token, "text": "Sisäinen huomio"}).status_code == 302
    assert staff.post(base + "status", data={"csrf_token": token, "status": "in_preparation",
                                             "note": "Valmistelussa"}).status_code == 302
    answer = staff.post(base + "status", data={"csrf_token": token, "status": "handled", "note": "Kesken"})
    assert answer.status_code == 400 and "Write the decision or answer." in answer.get_data(as_text=True)
    assert "Kesken" in answer.get_data(as_text=True)

    download = staff.get(base + f"files/{_first_file(app, proposal_id)}")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    meetings = "/staff/raakkyla/meetings/"
    answer = staff.post(meetings, data={"csrf_token": token, "title": "Kokous 1/2027", "day": "2027-01-20",
                                        "time": "17:30", "place": "Kunnantalo"})
    assert answer.status_code == 302
    meeting_url = answer.headers["Location"]
    meeting_id = int(meeting_url.rstrip("/").rsplit("/", 1)[1])
    assert staff.post(meeting_url + "items/own", data={"csrf_token": token, "title": "Talousarvio"}).status_code == 302
    assert staff.post(meeting_url + "items/proposal", data={"csrf_token": token,
                                                            "proposal": str(proposal_id)}).status_code == 302
    with app.app_context():
        items = db.session.get(Meeting, meeting_id).items
        own_id, item_id = items[0].id, items[1].id
    assert staff.post(meeting_url + "items/move", data={"csrf_token": token, "item": item_id,
                                                        "step": -1}).status_code == 302
    assert staff.post(meeting_url + "publish-agenda", data={"csrf_token": token}).status_code == 302

    agenda_page = client.get(f"/raakkyla/meetings/{meeting_id}").get_data(as_text=True)
    assert agenda_page.index("Tilat &lt;b&gt;") < agenda_page.index("Talousarvio")
    assert f"/raakkyla/proposals/{proposal_id}" in agenda_page
    pdf = client.get(f"/raakkyla/meetings/{meeting_id}.pdf")
    assert pdf.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    assert "Talousarvio" in "".join(p.extract_text() for p in reader.pages)
    assert "/StructTreeRoot" in reader.trailer["/Root"]

    missing = staff.post(meeting_url + "decisions", data={"csrf_token": token, f"decision-{item_id}": "Hyväksyttiin",
                                                          "publish": "1"})
    assert missing.status_code == 400 and "Record the decision of every item first" in missing.get_data(as_text=True)
    assert "Hyväksyttiin" in missing.get_data(as_text=True)
    assert staff.post(meeting_url + "decisions", data={
        "csrf_token": token, f"decision-{item_id}": "Hyväksyttiin", f"decision-{own_id}": "Merkittiin tiedoksi",
        "publish": "1"}).status_code == 302

    with app.app_context():
        proposal = db.session.get(Proposal, proposal_id)
        assert proposal.status is ProposalStatus.HANDLED and proposal.decision == "Hyväksyttiin"
        assert [event.status for event in proposal.events] == [
            ProposalStatus.RECEIVED, ProposalStatus.IN_PREPARATION, ProposalStatus.ON_AGENDA, ProposalStatus.HANDLED]
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "meeting.minutes_publish")) is not None
    mails = _mails(app, "maija@example.fi")
    assert len(mails) == 4, [m.subject for m in mails]
    assert "käsitelty" in mails[-1].subject.lower() or "Hyväksyttiin" in mails[-1].body_text

    tracking = client.get(link).get_data(as_text=True)
    assert "Hyväksyttiin" in tracking and "Sisäinen huomio" not in tracking
    minutes = client.get(f"/raakkyla/meetings/{meeting_id}").get_data(as_text=True)
    assert "Merkittiin tiedoksi" in minutes

    feed = feedparser.parse(client.get("/raakkyla/proposals/feed.atom").data)
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Decided: Tilat <b>yhdistyksille</b>", "New proposal: Tilat <b>yhdistyksille</b>"]


def _first_file(app, proposal_id: int) -> int:
    with app.app_context():
        return db.session.get(Proposal, proposal_id).attachments[0].id


def test_public_list_and_feed_show_only_publishable_proposals(app, demo_councils, client, propose):
    propose(client, "raakkyla", title="Julkinen ehdotus")
    propose(client, "raakkyla", title="Yksityinen ehdotus", is_publishable=None, proposer_email="toinen@example.fi")
    listing = client.get("/raakkyla/proposals/").get_data(as_text=True)
    assert "Julkinen ehdotus" in listing and "Yksityinen ehdotus" not in listing
    assert "Maija" not in listing
    feed = feedparser.parse(client.get("/raakkyla/proposals/feed.atom").data)
    assert [entry.title for entry in feed.entries] == ["New proposal: Julkinen ehdotus"]
    with app.app_context():
        hidden = db.session.scalar(select(Proposal).where(Proposal.title == "Yksityinen ehdotus"))
        assert client.get(f"/raakkyla/proposals/{hidden.id}").status_code == 404
    found = client.get("/raakkyla/proposals/?q=julkinen&status=received").get_data(as_text=True)
    assert "Julkinen ehdotus" in found
    assert "Julkinen ehdotus" not in client.get("/raakkyla/proposals/?status=handled").get_data(as_text=True)
    assert "Propose a matter" in client.get("/raakkyla/").get_data(as_text=True)


def test_kept_list_and_feed_change_as_soon_as_a_proposal_changes(app, demo_councils, client, propose, signed_in_staff,
                                                                 csrf_token):
    propose(client, "raakkyla", title="Muuttuva ehdotus")
    assert "received" in client.get("/raakkyla/proposals/").get_data(as_text=True)
    assert len(feedparser.parse(client.get("/raakkyla/proposals/feed.atom").data).entries) == 1
    with app.app_context():
        proposal_id = db.session.scalar(select(Proposal.id))
    staff = signed_in_staff("secretary", "raakkyla")
    base = f"/staff/raakkyla/proposals/{proposal_id}/"
    token = csrf_token(staff, base)
    assert staff.post(base + "status", data={"csrf_token": token, "status": "not_taken_up",
                                             "reason": "Ei neuvoston asia"}).status_code == 302
    listing = client.get("/raakkyla/proposals/").get_data(as_text=True)
    assert "not taken up" in listing
    told = _mails(app, "maija@example.fi")[-1]
    assert "ei oteta käsittelyyn" in told.subject and "Ei neuvoston asia" in told.body_text
    assert [entry.title for entry in feedparser.parse(client.get("/raakkyla/proposals/feed.atom").data).entries] == [
        "Decided: Muuttuva ehdotus", "New proposal: Muuttuva ehdotus"]


def test_public_downloads_only_for_publishable_proposals_and_always_as_attachments(app, demo_councils, client, propose):
    propose(client, "raakkyla", files=[("julkinen.pdf", pdf_bytes())], title="Julkinen")
    propose(client, "raakkyla", files=[("salainen.pdf", pdf_bytes())], title="Salainen", is_publishable=None)
    with app.app_context():
        shown, hidden = (db.session.scalar(select(Proposal).where(Proposal.title == title)) for title in
                         ("Julkinen", "Salainen"))
        shown_file, hidden_file = shown.attachments[0].id, hidden.attachments[0].id
        shown_id, hidden_id = shown.id, hidden.id
    page = client.get(f"/raakkyla/proposals/{shown_id}").get_data(as_text=True)
    assert "julkinen.pdf" in page
    download = client.get(f"/raakkyla/proposals/{shown_id}/files/{shown_file}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert download.headers["Content-Disposition"] == "attachment; filename=julkinen.pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Type"] == "application/pdf"
    assert client.get(f"/raakkyla/proposals/{hidden_id}/files/{hidden_file}").status_code == 404
    assert client.get(f"/raakkyla/proposals/{shown_id}/files/{hidden_file}").status_code == 404
    assert client.get(f"/outokumpu/proposals/{shown_id}/files/{shown_file}").status_code == 404


def test_a_swedish_proposal_from_a_registered_association_is_answered_in_swedish(app, demo_councils, client, propose):
    with app.app_context():
        association = db.session.scalar(select(Association).where(
            Association.council_id == council_by_slug("raakkyla").id).order_by(Association.name))
        association_id, name = association.id, association.name
    _checked, sent = propose(client, "raakkyla", language="sv", association_id=str(association_id),
                             proposer_organisation="", proposer_email="sv@example.fi")
    assert sent.status_code == 302
    with app.app_context():
        proposal = db.session.scalar(select(Proposal))
        assert (proposal.association_id, proposal.proposer_organisation, proposal.language) == (association_id, name, "sv")
    mail = _mails(app, "sv@example.fi")[0]
    assert mail.language == "sv" and mail.subject.startswith("Ditt förslag har tagits emot")
