"""Retention of award nominations: a real worker removes the personal data of non-winning nominations and every
nominator's contact details AWARD_RETENTION_MONTHS after the decision, keeping counts; the personal-data provider
finds, exports and erases a nominator's data."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from app.awards.figures import round_figures
from app.awards.retention import months_after
from app.extensions import db
from app.models import AwardRound, Nomination, Role, Score, Winner
from app.models.base import utcnow
from app.personal_data import PROVIDERS, PrivacyEntry
from tests.fixtures.awards import store_nomination, store_round
from tests.fixtures.councils import council_by_slug


def _decided(decided_on: date, reviewer_id: int, year: int) -> int:
    award_round = store_round("lappi", year=year, nominations_open=False, decided_on=decided_on,
                              reviewer_ids=(reviewer_id,))
    won = store_nomination(award_round, nominee_name="Voittaja Virtanen", nominator_email="a@example.fi")
    lost = store_nomination(award_round, nominee_name="Hävinnyt Hämäläinen", nominator_email="b@example.fi",
                            deed="Hämäläisen teko.")
    db.session.add(Winner(nomination=won, round_id=award_round.id, citation_fi="Perustelu.",
                          publication_consent_at=utcnow()))
    db.session.add(Score(nomination_id=lost.id, reviewer_id=reviewer_id, criterion_id=award_round.criteria[0].id,
                         value=3, comment="Tunnen Hämäläisen."))
    return award_round.id


def test_months_after_keeps_the_day_or_takes_the_months_last():
    assert months_after(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert months_after(date(2026, 8, 15), 6) == date(2027, 2, 15)


def test_a_real_worker_removes_personal_data_after_the_retention_time_and_keeps_counts(app, demo_councils,
                                                                                     staff_user, worker_process):
    reviewer = staff_user(Role.REVIEWER, "lappi")
    months = app.config["AWARD_RETENTION_MONTHS"]
    assert months == 6
    with app.app_context():
        expired = _decided(date.today() - timedelta(days=31 * months + 2), reviewer.id, 2024)
        recent = _decided(date.today() - timedelta(days=20), reviewer.id, 2025)
        db.session.commit()
    # A burst ends when the queues are empty: not a minute later, waiting on rq's command channel.
    assert worker_process(burst=True).wait(timeout=30) == 0
    with app.app_context():
        old = {n.nominee_name or "(removed)": n for n in db.session.scalars(
            select(Nomination).where(Nomination.round_id == expired))}
        assert set(old) == {"Voittaja Virtanen", "(removed)"}
        winner, loser = old["Voittaja Virtanen"], old["(removed)"]
        assert (winner.nominator_name, winner.nominator_email, winner.nominator_phone) == ("", "", "")
        assert winner.deed and winner.winner.citation_fi == "Perustelu."
        assert (loser.deed, loser.reason, loser.nominator_email) == ("", "", "")
        assert loser.municipality_code == "698" and loser.personal_data_removed_at is not None
        assert db.session.scalar(select(Score.comment).where(Score.nomination_id == loser.id)) == ""
        assert db.session.get(AwardRound, expired).personal_data_removed_at is not None
        assert round_figures(db.session.get(AwardRound, expired)).nominations == 2
        kept = db.session.scalars(select(Nomination.nominator_email).where(Nomination.round_id == recent)).all()
        assert sorted(kept) == ["a@example.fi", "b@example.fi"]


def test_the_provider_finds_exports_and_erases_a_nominators_data(app, demo_councils, staff_user):
    provider = PROVIDERS["awards"]
    reviewer = staff_user(Role.REVIEWER, "lappi")
    with app.test_request_context("/?lang=en"):
        round_id = _decided(date.today(), reviewer.id, 2025)
        db.session.commit()
        lappi, kainuu = council_by_slug("lappi").id, council_by_slug("kainuu").id
        assert provider.find("B@Example.fi ", {kainuu}) == []
        [record] = provider.find("B@Example.fi ", {lappi})
        assert record.council_id == lappi and record.kind == "Award nomination"
        assert record.fields["Your e-mail address"] == "b@example.fi"
        assert record.fields["What was the volunteer deed?"] == "Hämäläisen teko."
        assert record.fields["Municipality of the nominee"] == "Rovaniemi"
        assert provider.erase("b@example.fi", {lappi}) == 1
        assert provider.erase("a@example.fi", {lappi}) == 1
        db.session.commit()
        assert provider.find("b@example.fi", {lappi}) == [] and provider.find("a@example.fi", {lappi}) == []
        names = db.session.scalars(select(Nomination.nominee_name).where(Nomination.round_id == round_id)
                                   .order_by(Nomination.id)).all()
        assert names == ["Voittaja Virtanen", ""]
        assert db.session.scalar(select(func.count(Nomination.id))) == 2
        entry = provider.privacy_entry(app.config)
        assert isinstance(entry, PrivacyEntry) and "6 months after the committee's decision" in entry.retention
