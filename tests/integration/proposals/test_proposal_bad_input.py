"""Bad input on the proposal form: disguised, scripted, exploding and oversized files, empty and huge texts,
HTML in every text, forged and foreign tracking links. Clear messages, what was typed kept, nothing stored."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app.errors import DomainError
from app.extensions import db
from app.models import OutboxMessage, Proposal, ProposalAttachment
from app.proposals.attachments import check_file
from tests.fixtures.proposals import (docx_bytes, exe_bytes, form_started, html_bytes, pdf_bytes, pdf_with_javascript,
                                      png_bytes, zip_bomb_docx)

pytestmark = pytest.mark.usefixtures("english_by_default")


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("name, content, message", [
    ("ohjelma.pdf", exe_bytes(), "is not a PDF, Word (DOCX), OpenDocument text (ODT), PNG or JPEG file"),
    ("sivu.pdf", html_bytes(), "is not a PDF, Word (DOCX), OpenDocument text (ODT), PNG or JPEG file"),
    ("skripti.pdf", pdf_with_javascript("open"), "the PDF contains JavaScript"),
    ("linkki.pdf", pdf_with_javascript("link"), "the PDF contains JavaScript"),
    ("pommi.docx", zip_bomb_docx(), "it unpacks to far more data than a document holds"),
    ("makro.docx", docx_bytes(extra={"word/vbaProject.bin": b"macro"}), "the document contains macros"),
    ("tyhja.pdf", b"", "is empty"),
    ("iso.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "is larger than 10 MB"),
])
def test_bad_file_is_refused_with_its_name_and_the_typed_text_kept(app, demo_councils, client, propose, name, content,
                                                                     message):
    checked, _sent = propose(client, "raakkyla", files=[(name, content), ("hyva.png", png_bytes())], send=False,
                             description="Tämä teksti säilyy")
    page = checked.get_data(as_text=True)
    assert checked.status_code == 400
    assert message in page.replace("&#39;", "'") and name in page
    assert "Tämä teksti säilyy" in page and "Kokoustiloja yhdistyksille" in page
    assert _count(app, ProposalAttachment) == 0 and _count(app, Proposal) == 0


def test_check_file_reads_the_type_from_the_content_not_the_name(app):
    with app.test_request_context():
        checked = check_file("kuva.pdf", io.BytesIO(png_bytes()))
        assert (checked.content_type, checked.filename) == ("image/png", "kuva.pdf.png")
        assert check_file("..\\..\\etc/ehdotus.PDF", io.BytesIO(pdf_bytes())).filename == "ehdotus.pdf"
        with pytest.raises(DomainError):
            check_file("x.docx", io.BytesIO(docx_bytes(main_type="application/vnd.ms-word.document.macroEnabled.main+xml")))


def test_six_files_are_refused(app, demo_councils, client, propose):
    checked, _ = propose(client, "raakkyla", files=[(f"{n}.png", png_bytes()) for n in range(6)], send=False)
    assert checked.status_code == 400 and "Attach at most 5 files." in checked.get_data(as_text=True)


def test_request_beyond_the_upload_limit_is_refused_before_reading(app, demo_councils, client, csrf_token):
    big = b"0" * (51 * 1024 * 1024 + 10)
    response = client.post("/raakkyla/proposals/new", data=big, content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413


@pytest.mark.parametrize("description, message", [
    ("", "Describe your proposal."),
    ("x" * 100_000, "Write the description in at most 10000 characters"),
])
def test_empty_or_huge_description_is_refused_and_the_rest_kept(app, demo_councils, client, propose, description,
                                                                message):
    checked, _ = propose(client, "raakkyla", description=description, send=False)
    page = checked.get_data(as_text=True)
    assert checked.status_code == 400 and message in page and "Maija Meikäläinen" in page
    assert _count(app, Proposal) == 0


def test_html_and_script_in_every_text_are_shown_as_text(app, demo_councils, client, propose, signed_in_staff):
    script = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    checked, sent = propose(client, "raakkyla", title="Otsikko " + script, description="Kuvaus " + script,
                            proposer_name="Nimi " + script, proposer_organisation="Seura " + script)
    assert sent.status_code == 302
    pages = [checked.get_data(as_text=True), client.get("/raakkyla/proposals/").get_data(as_text=True)]
    with app.app_context():
        proposal_id = db.session.scalar(select(Proposal.id))
    pages.append(client.get(f"/raakkyla/proposals/{proposal_id}").get_data(as_text=True))
    staff = signed_in_staff("secretary", "raakkyla")
    pages.append(staff.get(f"/staff/raakkyla/proposals/{proposal_id}/").get_data(as_text=True))
    pages.append(staff.get("/staff/raakkyla/proposals/").get_data(as_text=True))
    for page in pages:
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_forged_and_foreign_tracking_links_are_refused_clearly(app, demo_councils, client, propose):
    propose(client, "raakkyla")
    with app.app_context():
        body = db.session.scalar(select(OutboxMessage.body_text))
    token = body.split("/proposals/track/")[1].split()[0]
    assert client.get(f"/raakkyla/proposals/track/{token}").status_code == 200
    foreign = client.get(f"/outokumpu/proposals/track/{token}")
    forged = client.get("/raakkyla/proposals/track/" + "A" * 43)
    for response in (foreign, forged):
        assert response.status_code == 404
        assert "This tracking link is not valid" in response.get_data(as_text=True)


def test_spam_guard_refuses_a_filled_honeypot_and_keeps_the_text(app, demo_councils, client, propose):
    checked, _ = propose(client, "raakkyla", website="http://spam.example", send=False)
    page = checked.get_data(as_text=True)
    assert checked.status_code == 400 and "Leave this field empty" in page and "Kokoustiloja yhdistyksille" in page
    assert _count(app, Proposal) == 0


def test_privacy_notice_is_linked_from_the_form(app, demo_councils, client):
    page = client.get("/raakkyla/proposals/new").get_data(as_text=True)
    assert 'href="/raakkyla/privacy"' in page


def test_a_good_file_is_kept_while_a_typed_field_is_fixed_and_can_be_removed(app, demo_councils, client, propose,
                                                                             csrf_token):
    checked, _ = propose(client, "raakkyla", files=[("kuva.png", png_bytes())], title="", send=False)
    page = checked.get_data(as_text=True)
    assert checked.status_code == 400 and "Enter the title of the proposal." in page and "kuva.png" in page
    assert _count(app, ProposalAttachment) == 1
    again, sent = propose(client, "raakkyla")
    assert "kuva.png" in again.get_data(as_text=True) and sent.status_code == 302
    with app.app_context():
        proposal = db.session.scalar(select(Proposal))
        assert [file.filename for file in proposal.attachments] == ["kuva.png"]
    checked, _ = propose(client, "raakkyla", files=[("toinen.png", png_bytes())], title="", send=False)
    with app.app_context():
        pending = db.session.scalar(select(ProposalAttachment).where(ProposalAttachment.proposal_id.is_(None)))
    page = client.get("/raakkyla/proposals/new").get_data(as_text=True)
    removed = client.post("/raakkyla/proposals/new", data={"csrf_token": csrf_token(page),
                                                          "form_started": form_started(page),
                                                          "remove_file": str(pending.id), "title": "Pidetään"})
    assert removed.status_code == 200 and "toinen.png" not in removed.get_data(as_text=True)
    assert 'value="Pidetään"' in removed.get_data(as_text=True)
    assert _count(app, ProposalAttachment) == 1
