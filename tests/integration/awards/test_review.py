"""The committee's side: opening a round, blind review and recusal, the ranking, duplicates merged, winners with
consent, and the XLSX and PDF read back."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import AwardRound, Recusal, Role, Score, Winner
from tests.fixtures.awards import store_nomination, store_round

pytestmark = pytest.mark.usefixtures("english_by_default")


def _csrf(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    found = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
    return found.group(1)


@pytest.fixture
def committee(app, demo_councils, signed_in_staff):
    """A lappi round in review with two nominations, two assigned reviewers and a secretary."""
    first, second = signed_in_staff(Role.REVIEWER, "lappi"), signed_in_staff(Role.REVIEWER, "lappi")
    secretary = signed_in_staff(Role.SECRETARY, "lappi")
    with app.app_context():
        award_round = store_round("lappi", nominations_open=False, review_open=True,
                                  reviewer_ids=(first.staff_user.id, second.staff_user.id))
        kept = store_nomination(award_round, nominee_name="Aino Esimerkki", deed="Kirjasto auki koko talven.")
        other = store_nomination(award_round, nominee_name="Kylän talkooporukka", nominee_kind="group",
                                 nominator_email="toinen@example.fi", nominator_name="Toini Toinen")
        db.session.commit()
        ids = {"round": award_round.id, "kept": kept.id, "other": other.id,
               "criteria": [criterion.id for criterion in award_round.criteria]}
    return {"first": first, "second": second, "secretary": secretary, **ids}


def _score_url(c, nomination: str) -> str:
    return f"/staff/lappi/awards/{c['round']}/review/{c[nomination]}"


def _score(client, c, nomination: str, values: tuple[int, int], comment: str = "Hyvä."):
    url = _score_url(c, nomination)
    data = {"csrf_token": _csrf(client, url)}
    for criterion_id, value in zip(c["criteria"], values):
        data[f"score_{criterion_id}"], data[f"comment_{criterion_id}"] = str(value), comment
    return client.post(url, data=data)


def test_a_reviewer_sees_others_scores_only_after_submitting_their_own(app, committee):
    c = committee
    assert _score(c["first"], c, "kept", (5, 4), "Ensimmäisen perustelu").status_code == 302
    page = c["second"].get(_score_url(c, "kept")).get_data(as_text=True)
    assert "Ensimmäisen perustelu" not in page
    assert "scores once you have submitted your own." in page
    assert _score(c["second"], c, "kept", (3, 3), "Toisen perustelu").status_code == 302
    page = c["second"].get(_score_url(c, "kept")).get_data(as_text=True)
    assert "Ensimmäisen perustelu" in page
    with app.app_context():
        assert db.session.scalar(select(Score.value).where(Score.reviewer_id == c["second"].staff_user.id,
                                                           Score.criterion_id == c["criteria"][0])) == 3


def test_reviewers_never_see_nominators_contact_details_and_managing_staff_do(app, committee):
    c = committee
    page = c["first"].get(_score_url(c, "kept")).get_data(as_text=True)
    assert "Kirjasto auki koko talven." in page
    assert "eero.ehdottaja@example.fi" not in page and "Eero Ehdottaja" not in page and "040 123 4567" not in page
    staff_page = c["secretary"].get(f"/staff/lappi/awards/{c['round']}/nominations/{c['kept']}").get_data(as_text=True)
    assert "eero.ehdottaja@example.fi" in staff_page and "040 123 4567" in staff_page


def test_a_recused_reviewer_sees_nothing_more_of_the_nomination_and_their_scores_go(app, committee):
    c = committee
    _score(c["first"], c, "kept", (5, 5))
    url = f"{_score_url(c, 'kept')}/recuse"
    answer = c["first"].post(url, data={"csrf_token": _csrf(c["first"], _score_url(c, "kept"))})
    assert answer.status_code == 302
    page = c["first"].get(_score_url(c, "kept")).get_data(as_text=True)
    assert "Aino Esimerkki" not in page and "Kirjasto auki" not in page and "You recused yourself" in page
    listing = c["first"].get(f"/staff/lappi/awards/{c['round']}/review/").get_data(as_text=True)
    assert "Aino Esimerkki" not in listing and "you recused yourself" in listing
    assert "Kylän talkooporukka" in listing
    with app.app_context():
        assert db.session.scalar(select(Recusal)) is not None
        assert db.session.scalars(select(Score).where(Score.reviewer_id == c["first"].staff_user.id)).all() == []
    ranking = c["secretary"].get(f"/staff/lappi/awards/{c['round']}/ranking").get_data(as_text=True)
    assert "Aino Esimerkki" in ranking


def test_a_score_outside_one_to_five_is_refused_beside_the_field(app, committee):
    c = committee
    answer = _score(c["first"], c, "kept", (6, 3))
    assert answer.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Score)) is None


def test_the_ranking_shows_means_spread_counts_and_recusals(app, committee):
    c = committee
    _score(c["first"], c, "kept", (5, 4))
    _score(c["second"], c, "kept", (3, 2))
    _score(c["first"], c, "other", (2, 2))
    c["second"].post(f"{_score_url(c, 'other')}/recuse", data={"csrf_token": _csrf(c["second"], _score_url(c, "other"))})
    page = c["secretary"].get(f"/staff/lappi/awards/{c['round']}/ranking").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", page, re.S)
    assert "Aino Esimerkki" in rows[0] and "Kylän talkooporukka" in rows[1]
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", rows[0], re.S)]
    # Impact 4, Example 3, overall 3.5, 2 reviewers, 4 scores, spread 4.5 - 2.5 = 2, 0 recusals
    assert cells[:7] == ["4", "3", "3.5", "2", "4", "2", "0"]
    other_cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", rows[1], re.S)]
    assert other_cells[6] == "1"


def _post_page_form(client, url: str, action: str, fields: dict):
    return client.post(action, data={"csrf_token": _csrf(client, url), **fields})


def test_duplicates_are_shown_together_and_merged_keeping_every_nominators_text(app, committee):
    c = committee
    with app.app_context():
        award_round = db.session.get(AwardRound, c["round"])
        duplicate = store_nomination(award_round, nominee_name="aino  esimerkki", deed="Toisen ehdottajan kuvaus.",
                                     nominator_email="kolmas@example.fi")
        db.session.commit()
        duplicate_id = duplicate.id
    ranking_url = f"/staff/lappi/awards/{c['round']}/ranking"
    page = c["secretary"].get(ranking_url).get_data(as_text=True)
    assert "Possible duplicates" in page and f"{duplicate_id}: aino  esimerkki" in page
    url = f"/staff/lappi/awards/{c['round']}/nominations/{duplicate_id}"
    answer = _post_page_form(c["secretary"], url, f"{url}/merge", {"target_id": str(c["kept"])})
    assert answer.status_code == 302
    kept_page = c["secretary"].get(f"/staff/lappi/awards/{c['round']}/nominations/{c['kept']}").get_data(as_text=True)
    assert "Kirjasto auki koko talven." in kept_page and "Toisen ehdottajan kuvaus." in kept_page
    assert "kolmas@example.fi" in kept_page
    assert "Possible duplicates" not in c["secretary"].get(ranking_url).get_data(as_text=True)
    reviewer_page = c["first"].get(_score_url(c, "kept")).get_data(as_text=True)
    assert "Toisen ehdottajan kuvaus." in reviewer_page and "kolmas@example.fi" not in reviewer_page


def test_a_winner_gets_a_citation_and_recorded_consent(app, committee):
    c = committee
    url = f"/staff/lappi/awards/{c['round']}/nominations/{c['kept']}"
    answer = _post_page_form(c["secretary"], url, f"{url}/winner", {
        "citation_fi": "Kylän sydän.", "citation_sv": "Byns hjärta.", "citation_en": "The heart of the village.",
        "has_consent": "y", "action": "save"})
    assert answer.status_code == 302
    with app.app_context():
        winner = db.session.scalar(select(Winner))
        assert winner.citation("sv") == "Byns hjärta."
        assert winner.publication_consent_at is not None
        assert winner.publication_consent_by_id == c["secretary"].staff_user.id


def test_a_secretary_opens_a_round_with_criteria_in_three_languages(app, demo_councils, signed_in_staff):
    secretary = signed_in_staff(Role.SECRETARY, "lappi")
    answer = secretary.post("/staff/lappi/awards/new", data={
        "csrf_token": _csrf(secretary, "/staff/lappi/awards/new"), "year": "2027",
        "name": "Tehemä pois -vapaaehtoisteon palkinto", "criteria_fi": "Teko Lapissa.",
        "nomination_opens_at": "2027-01-01T09:00", "nomination_closes_at": "2027-02-01T16:00",
        "review_opens_at": "2027-02-02T09:00", "review_closes_at": "2027-03-01T16:00",
        "categories": "Nuoret\nAikuiset",
        "scoring_fi": "Vaikuttavuus: Kuinka paljon teko muutti\nEsimerkillisyys",
        "scoring_en": "Impact: How much it changed\nExample"})
    assert answer.status_code == 302
    with app.app_context():
        award_round = db.session.scalar(select(AwardRound))
        assert award_round.category_list == ["Nuoret", "Aikuiset"]
        assert [(criterion.label("en"), criterion.description("fi")) for criterion in award_round.criteria] == [
            ("Impact", "Kuinka paljon teko muutti"), ("Example", "")]
        assert award_round.nomination_opens_at.hour == 7  # 09:00 in Helsinki in winter


def test_the_spreadsheet_has_every_score_and_comment_per_reviewer(app, committee):
    c = committee
    _score(c["first"], c, "kept", (5, 4), "Ensimmäisen kommentti")
    _score(c["second"], c, "kept", (3, 2), "=HYPERLINK(\"http://x\")")
    answer = c["secretary"].get(f"/staff/lappi/awards/{c['round']}/export.xlsx")
    assert answer.status_code == 200 and "attachment" in answer.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(answer.data))
    nominations, scores = book.worksheets
    assert [cell.value for cell in nominations[2]][:2] == [c["kept"], "Aino Esimerkki"]
    rows = [[cell.value for cell in row] for row in scores.iter_rows(min_row=2)]
    assert len(rows) == 4
    assert {(row[3], row[4], row[5]) for row in rows if row[2].startswith("Reviewer lappi")} >= {
        ("Impact", 5, "Ensimmäisen kommentti"), ("Example", 2, "=HYPERLINK(\"http://x\")")}
    assert all(cell.data_type == "s" for row in scores.iter_rows(min_row=2) for cell in row[5:6])
    assert "eero.ehdottaja@example.fi" not in str([[cell.value for cell in row] for row in nominations.iter_rows()])


def test_the_dossier_has_one_nomination_a_page_without_contact_details(app, committee):
    answer = committee["secretary"].get(f"/staff/lappi/awards/{committee['round']}/dossier.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.data))
    assert len(reader.pages) == 2
    first, second = (page.extract_text() for page in reader.pages)
    assert "Aino Esimerkki" in first and "Kirjasto auki koko talven." in first
    assert "Kylän talkooporukka" in second
    text = first + second
    assert "eero.ehdottaja@example.fi" not in text and "Eero Ehdottaja" not in text and "040 123 4567" not in text
