"""Each personal-data provider finds what it holds about an address (in any letter case), exports it
without tokens, and erases it while keeping counts; nothing of another council is touched."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.errors import DomainError
from app.extensions import db
from app.models import (Answer, Association, Invitation, Membership, OutboxMessage, Response, Role, StaffInvitation,
                        Survey, User)
from app.models.base import utcnow
from app.personal_data import PROVIDERS
from app.surveys.invitation_mail import send_invitations, send_reminders
from tests.fixtures.councils import ADMIN, council_by_slug
from tests.fixtures.surveys import store_invitation

pytestmark = pytest.mark.usefixtures("english_by_default")

EMAIL = "Maija@Example.fi"


@pytest.fixture
def held(app, person_everywhere):
    return person_everywhere(EMAIL.lower(), "raakkyla")


def _in_request(app, work):
    with app.test_request_context("/"):
        return work()


def _ids(*slugs) -> set[int]:
    return {council_by_slug(slug).id for slug in slugs}


def _exported(records) -> list[dict]:
    """What the JSON export holds: the records read back from JSON."""
    return json.loads(json.dumps([record.as_dict() for record in records]))


def test_association_contacts_are_found_exported_and_erased(app, held):
    provider = PROVIDERS["associations"]

    def work():
        assert provider.find(EMAIL, _ids("kainuu")) == []
        [found] = _exported(provider.find(EMAIL, _ids("raakkyla")))
        assert found["fields"]["Contact person"] == "Maija Meikäläinen"
        assert found["fields"]["Phone"] == "040 123 4567"
        assert provider.erase(EMAIL, _ids("raakkyla")) == 1
        db.session.commit()
        association = db.session.get(Association, held.association)
        assert (association.contact_person, association.email, association.phone) == ("", "", "")
        assert association.is_archived and association.name.startswith("Henkilöseura")
        assert provider.find(EMAIL, _ids("raakkyla")) == []
    _in_request(app, work)


def test_survey_invitations_and_contact_answers_are_found_exported_and_erased(app, held):
    provider = PROVIDERS["surveys"]

    def work():
        assert provider.find(EMAIL, _ids("outokumpu")) == []
        records = _exported(provider.find(EMAIL, _ids("raakkyla")))
        assert [r["kind"] for r in records] == ["Survey invitation", "Survey response"]
        assert records[0]["fields"]["E-mail address"] == EMAIL.lower()
        response_fields = records[1]["fields"]
        assert response_fields["Name of the contact person"] == "Maija Meikäläinen"
        assert response_fields["E-mail address"] == EMAIL.lower()
        assert response_fields["Name of the association"] == "Testiseura ry"
        answers_before = db.session.scalar(select(func.count(Answer.id)).where(Answer.response_id == held.response))

        assert provider.erase(EMAIL, _ids("raakkyla")) == 2
        db.session.commit()
        assert db.session.get(Invitation, held.invitation).email == ""
        kept = dict(db.session.execute(select(Answer.question_key, Answer.value_text)
                                       .where(Answer.response_id == held.response)).all())
        assert {"contact_name", "contact_email", "contact_phone"}.isdisjoint(kept)
        assert kept["association_name"] == "Testiseura ry"
        assert len(kept) < answers_before
        # The survey keeps both responses, and the other respondent's contact details.
        assert db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == held.survey)) == 2
        assert db.session.scalar(select(Answer.value_text).where(Answer.response_id == held.other_response,
                                                                 Answer.question_key == "contact_email")) \
            == "toinen@example.fi"
        assert provider.find(EMAIL, _ids("raakkyla")) == []
    _in_request(app, work)


def test_outbox_messages_are_found_without_tokens_and_deleted(app, held):
    provider = PROVIDERS["outbox"]

    def work():
        [found] = _exported(provider.find(EMAIL, _ids("raakkyla")))
        assert found["fields"]["Recipient"] == EMAIL.lower()
        assert "abcdefghijklmnopqrstu" not in json.dumps(found) and "/s/•••••" in found["fields"]["Text"]
        assert provider.find(EMAIL, _ids("kainuu")) == []
        assert provider.erase(EMAIL, _ids("raakkyla")) == 1
        db.session.commit()
        assert db.session.get(OutboxMessage, held.message) is None
    _in_request(app, work)


def test_staff_accounts_are_found_exported_and_anonymised(app, held):
    provider = PROVIDERS["staff"]

    def work():
        assert provider.find(EMAIL, _ids("kainuu")) == []
        [found] = _exported(provider.find(EMAIL, _ids("pohjois-karjala", "raakkyla")))
        assert found["fields"]["Name"] == "Maija Meikäläinen"
        assert found["fields"]["Memberships"] == "Rääkkylä local NGO council: secretary"
        assert "password" not in json.dumps(found).lower()
        assert provider.erase(EMAIL, _ids("raakkyla")) == 1
        db.session.commit()
        user = db.session.get(User, held.user)
        assert (user.name, user.is_active_user, user.memberships) == ("", False, [])
        assert user.email == f"erased-{user.id}@erased.invalid"
        assert provider.find(EMAIL, _ids("raakkyla")) == []
    _in_request(app, work)


def test_team_invitations_to_the_address_are_found_and_erased(app, demo_councils):
    provider = PROVIDERS["staff"]

    def work():
        council = council_by_slug("raakkyla")
        db.session.add(StaffInvitation(council_id=council.id, role=Role.REVIEWER, email="Kutsuttu@Example.fi",
                                       language="sv", token_hash="0" * 64, expires_at=utcnow() + timedelta(days=7)))
        db.session.commit()
        assert provider.find("kutsuttu@example.fi", _ids("kainuu")) == []
        [found] = _exported(provider.find("kutsuttu@example.fi", _ids("pohjois-karjala", "raakkyla")))
        assert found["fields"] == {"E-mail address": "Kutsuttu@Example.fi", "Role": "reviewer",
                                   "Language of e-mails": "sv"}
        assert provider.erase("kutsuttu@example.fi", _ids("raakkyla")) == 1
        db.session.commit()
        assert db.session.scalar(select(func.count(StaffInvitation.id))) == 0
    _in_request(app, work)


def test_the_last_admin_of_a_council_cannot_be_erased(app, demo_councils):
    provider = PROVIDERS["staff"]

    def work():
        with pytest.raises(DomainError) as refused:
            provider.erase(ADMIN, _ids("pohjois-karjala"))
        assert "only admin of" in refused.value.message and "another person an admin" in refused.value.message
        db.session.rollback()
        user = db.session.scalar(select(User).where(User.email == ADMIN))
        assert user.is_active_user and any(m.role is Role.ADMIN for m in user.memberships)
        assert db.session.scalar(select(func.count(Membership.id)).where(Membership.user_id == user.id)) == 1
    _in_request(app, work)


def test_an_erased_invitation_is_neither_sent_nor_reminded(app, held):
    def work():
        survey = db.session.get(Survey, held.survey)
        sent_to = store_invitation(survey, email="muu@example.fi")
        sent_to.sent_at = utcnow() - timedelta(days=7)
        db.session.get(Invitation, held.invitation).sent_at = None
        db.session.flush()
        PROVIDERS["surveys"].erase(EMAIL, _ids("raakkyla"))
        assert send_invitations(survey) == 0
        # Sent before the erasure: not reminded either.
        db.session.get(Invitation, held.invitation).sent_at = utcnow() - timedelta(days=7)
        assert send_reminders(survey).sent == 1
        db.session.commit()
        assert set(db.session.scalars(select(OutboxMessage.recipient).where(
            OutboxMessage.template.in_(("survey_invitation", "survey_reminder"))))) == {"muu@example.fi"}
    _in_request(app, work)
