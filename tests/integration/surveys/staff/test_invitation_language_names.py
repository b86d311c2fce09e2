"""The invitation list names each invitation's language instead of showing its code."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import Invitation


def test_invitation_list_shows_language_names_not_codes(app, staff_client, make_survey, invite):
    survey = make_survey()
    invite(survey)
    with app.app_context():
        invitations = db.session.scalars(select(Invitation).where(Invitation.survey_id == survey.id)).all()
        assert len(invitations) >= 2
        invitations[0].language = "sv"
        for invitation in invitations[1:]:
            invitation.language = "fi"
        db.session.commit()
    page = staff_client().get(survey.url("invitations/?lang=fi")).get_data(as_text=True)
    cells = re.findall(r'<td data-label="Kieli">([^<]*)</td>', page)
    assert "Svenska" in cells and "Suomi" in cells
    assert not {"fi", "sv"} & set(cells)
