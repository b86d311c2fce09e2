"""Managing staff keep a round: its settings, reviewers from the council's own staff, the shortlist and the
decision date; a reviewer's double submit never fails."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AwardReviewer, AwardRound, Nomination, ReviewSubmission, Role, Score
from tests.fixtures.awards import store_nomination, store_round

pytestmark = pytest.mark.usefixtures("english_by_default")


def _csrf(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def test_the_settings_page_shows_the_round_and_saves_changes(app, demo_councils, signed_in_staff):
    secretary = signed_in_staff(Role.SECRETARY, "lappi")
    with app.app_context():
        round_id = store_round("lappi", year=2026).id
        db.session.commit()
    url = f"/staff/lappi/awards/{round_id}/"
    page = secretary.get(url).get_data(as_text=True)
    assert "Vaikuttavuus: Kuinka paljon teko muutti." in page and "Impact: How much the deed changed." in page
    answer = secretary.post(url, data={
        "csrf_token": _csrf(secretary, url), "year": "2026", "name": "Tehemä pois -vapaaehtoisteon palkinto",
        "criteria_fi": "Uudet perusteet.", "nomination_opens_at": "2026-01-01T09:00",
        "nomination_closes_at": "2026-02-01T09:00", "review_opens_at": "2026-01-15T09:00",
        "scoring_fi": "Vaikuttavuus\nEsimerkillisyys"})
    assert answer.status_code == 400
    assert "The review can open only once the nominations have closed." in answer.get_data(as_text=True)
    answer = secretary.post(url, data={
        "csrf_token": _csrf(secretary, url), "year": "2026", "name": "Tehemä pois -vapaaehtoisteon palkinto",
        "criteria_fi": "Uudet perusteet.", "scoring_fi": "Vaikuttavuus: Uusi kuvaus\nEsimerkillisyys",
        "scoring_en": "Impact\nExample"})
    assert answer.status_code == 302
    with app.app_context():
        award_round = db.session.get(AwardRound, round_id)
        assert award_round.criteria_fi == "Uudet perusteet." and award_round.nomination_opens_at is None
        assert [c.description_fi for c in award_round.criteria] == ["Uusi kuvaus", ""]


def test_reviewers_are_chosen_from_the_councils_own_staff(app, demo_councils, signed_in_staff, staff_user):
    secretary = signed_in_staff(Role.SECRETARY, "lappi")
    reviewer = staff_user(Role.REVIEWER, "lappi")
    outsider = staff_user(Role.REVIEWER, "kainuu")
    with app.app_context():
        round_id = store_round("lappi").id
        db.session.commit()
    url = f"/staff/lappi/awards/{round_id}/reviewers"
    page = secretary.get(url).get_data(as_text=True)
    assert reviewer.email in page and outsider.email not in page
    refused = secretary.post(url, data={"csrf_token": _csrf(secretary, url), "reviewers": [str(outsider.id)]})
    assert refused.status_code == 400
    assert secretary.post(url, data={"csrf_token": _csrf(secretary, url),
                                     "reviewers": [str(reviewer.id)]}).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(AwardReviewer.user_id)).all() == [reviewer.id]


def test_the_shortlist_and_the_decision_date_are_saved(app, demo_councils, signed_in_staff):
    secretary = signed_in_staff(Role.SECRETARY, "lappi")
    with app.app_context():
        award_round = store_round("lappi")
        nomination_id = store_nomination(award_round).id
        round_id = award_round.id
        db.session.commit()
    ranking = f"/staff/lappi/awards/{round_id}/ranking"
    token = _csrf(secretary, ranking)
    secretary.post(f"/staff/lappi/awards/{round_id}/nominations/{nomination_id}/shortlist",
                   data={"csrf_token": token, "shortlisted": "1"})
    secretary.post(f"/staff/lappi/awards/{round_id}/decision", data={"csrf_token": token, "decided_on": "2026-11-30"})
    page = secretary.get(ranking).get_data(as_text=True)
    assert "Remove from the shortlist" in page
    with app.app_context():
        assert db.session.get(Nomination, nomination_id).is_shortlisted
        assert db.session.get(AwardRound, round_id).decided_on == date(2026, 11, 30)


def test_a_double_submit_of_scores_keeps_one_row_per_criterion(app, demo_councils, signed_in_staff):
    reviewer = signed_in_staff(Role.REVIEWER, "lappi")
    with app.app_context():
        award_round = store_round("lappi", nominations_open=False, review_open=True,
                                  reviewer_ids=(reviewer.staff_user.id,))
        nomination_id = store_nomination(award_round).id
        round_id, criteria = award_round.id, [c.id for c in award_round.criteria]
        db.session.commit()
    url = f"/staff/lappi/awards/{round_id}/review/{nomination_id}"
    data = {"csrf_token": _csrf(reviewer, url)}
    for criterion_id in criteria:
        data[f"score_{criterion_id}"] = "4"
    assert reviewer.post(url, data=data).status_code == 302
    data[f"score_{criteria[0]}"] = "2"
    assert reviewer.post(url, data=data).status_code == 302
    with app.app_context():
        assert sorted(db.session.scalars(select(Score.value)).all()) == [2, 4]
        assert len(db.session.scalars(select(ReviewSubmission)).all()) == 1
