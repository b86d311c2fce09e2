"""The association agents' provider of personal data finds an agent by e-mail address in the councils asked
about, exports readable fields and erases the entry from the council page."""

import json

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.extensions import db
from app.models import AssociationAgent
from app.personal_data import PROVIDERS
from tests.fixtures.councils import council_by_slug

pytestmark = pytest.mark.usefixtures("english_by_default")


def test_an_agent_is_found_exported_and_erased_only_in_the_councils_asked_about(app, client, demo_councils):
    provider = PROVIDERS["council_page_agents"]
    with app.test_request_context(), force_locale("en"):
        raakkyla, kainuu = council_by_slug("raakkyla"), council_by_slug("kainuu")
        db.session.add(AssociationAgent(council_id=kainuu.id, name="Marja Kuvitteellinen", municipality_code="205",
                                        email="marja.kuvitteellinen@example.fi"))
        db.session.commit()

        found = provider.find(" Marja.Kuvitteellinen@EXAMPLE.fi ", {raakkyla.id})
        assert [(record.council_id, record.kind, record.description) for record in found] == [
            (raakkyla.id, "Association agent", "Rääkkylä")]
        exported = json.dumps([record.fields for record in found], ensure_ascii=False)
        assert "Marja Kuvitteellinen" in exported and "+358 40 000 1708" in exported
        assert provider.find("marja.kuvitteellinen@example.fi", set()) == []

        assert provider.erase("marja.kuvitteellinen@example.fi", {raakkyla.id}) == 1
        db.session.commit()
        assert provider.find("marja.kuvitteellinen@example.fi", {raakkyla.id}) == []
        # Kainuu was not asked about: its entry stays.
        assert db.session.scalar(select(AssociationAgent.name).where(AssociationAgent.council_id == kainuu.id,
                                                                     AssociationAgent.email.like("marja%")))
        entry = provider.privacy_entry(app.config)
        assert entry.purpose and entry.legal_basis and entry.data and entry.retention
    assert "Marja Kuvitteellinen" not in client.get("/raakkyla/").get_data(as_text=True)
