"""The demo awards: Lapland's open round with nominations and two reviewers, last year's decided round with its
winner, loaded once however often the demo is loaded."""

from __future__ import annotations

from sqlalchemy import func, select

from app.demo.councils import DEMO_PASSWORD
from app.demo.loader import load_demo_data
from app.extensions import db
from app.models import AwardRound, Nomination, User
from app.models.base import utcnow
from app.periods import Phase


def test_the_demo_has_an_open_lappi_round_and_last_years_winners_once(app, demo, login):
    with app.app_context():
        assert load_demo_data()["award_rounds"] == 0
        db.session.commit()
        rounds = db.session.scalars(select(AwardRound).order_by(AwardRound.year)).all()
        assert [r.council.slug for r in rounds] == ["lappi", "lappi"]
        previous, current = rounds
        assert current.nomination_phase() is Phase.OPEN and current.year == utcnow().year
        assert len(current.reviewers) == 2 and len(current.criteria) == 3
        assert db.session.scalar(select(func.count(Nomination.id)).where(Nomination.round_id == current.id)) == 4
        assert previous.decided_on is not None and previous.year == current.year - 1
        assert db.session.scalar(select(func.count(User.id)).where(User.email.like("arvioija%lappi@example.fi"))) == 2
    client = app.test_client()
    assert "Pekka Malli" in client.get("/lappi/award/winners/?lang=fi").get_data(as_text=True)
    assert 'name="nominee_name"' in client.get("/lappi/award/?lang=fi").get_data(as_text=True)
    login(client, "arvioija2.lappi@example.fi", DEMO_PASSWORD)
    listing = client.get("/staff/lappi/awards/?lang=fi").get_data(as_text=True)
    assert f"/staff/lappi/awards/{current.id}/review/" in listing
    review = client.get(f"/staff/lappi/awards/{current.id}/review/?lang=fi").get_data(as_text=True)
    assert "Helmi Esimerkki" in review
