"""The live view rounds and writes percentages as the reports do: one rule, one format."""

from sqlalchemy import select

from app.extensions import db
from app.models import Invitation
from app.reports.building import formatting


def test_one_in_eight_reads_twelve_and_a_half_percent_as_in_the_pdf(app, staff_client, make_survey, invite,
                                                                   invitation_ids, add_response):
    survey = make_survey()
    invite(survey)
    ids = invitation_ids(survey)[:8]
    with app.app_context():
        for invitation in db.session.scalars(select(Invitation).where(Invitation.id.not_in(ids))):
            db.session.delete(invitation)
        db.session.commit()
    add_response(survey, {}, invitation_id=ids[0])
    html = staff_client().get(survey.url("live/") + "?lang=fi").get_data(as_text=True)
    assert "12,5\u00a0%" in html
    assert "12 %" not in html and "13 %" not in html
    assert formatting.percent(100 / 8, "fi") == "12,5\u00a0%"


def test_whole_and_zero_percentages_share_one_format():
    assert [formatting.percent(v, "fi") for v in (0, 50, 100 / 3)] == ["0\u00a0%", "50\u00a0%", "33,3\u00a0%"]
    assert [formatting.percent(v, "en") for v in (0, 50)] == ["0%", "50%"]
    assert formatting.share(1, 8, "sv") == "12,5\u00a0%"
