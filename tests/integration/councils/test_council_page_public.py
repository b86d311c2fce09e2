"""The public council pages with the demo data: Kainuu's and Rääkkylä's pages are full, loading the demo again adds
nothing, and the council and front pages ask the database a fixed number of times however much they show."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select

from app.demo.loader import load_demo_data
from app.extensions import db
from app.models import AssociationAgent, Council, CouncilKind, CouncilLink, CouncilMember, WorkingGroup
from tests.fixtures.councils import council_by_slug

pytestmark = pytest.mark.usefixtures("english_by_default")


def _counts() -> dict:
    return {model.__name__: db.session.scalar(select(func.count(model.id)))
            for model in (CouncilMember, AssociationAgent, WorkingGroup, CouncilLink)}


def test_the_demo_pages_of_kainuu_and_raakkyla_are_full_and_loading_again_adds_nothing(app, client, demo_councils):
    with app.app_context():
        before = _counts()
        load_demo_data(with_surveys=False)
        db.session.commit()
        assert _counts() == before
    kainuu = client.get("/kainuu/").get_data(as_text=True)
    for heading in ("About the council", "Members", "Deputy members", "Working committee and working groups",
                    "Association agents", "Links", "Contact"):
        assert f">{heading}</h" in kainuu, heading
    assert "<dt>Kajaani</dt>" in kainuu and "+358 40 000 1021" in kainuu
    raakkyla = client.get("/raakkyla/?lang=sv").get_data(as_text=True)
    assert "Vad vi har gjort" in raakkyla and "Ordförande" in raakkyla and "Föreningsagenter" in raakkyla


@contextmanager
def _queries():
    seen = []

    def count(*_args):
        seen.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _more_of_everything(council: Council, number: int) -> None:
    for n in range(number):
        db.session.add_all([
            CouncilMember(council_id=council.id, name=f"Lisäjäsen {n}", sector="sports"),
            AssociationAgent(council_id=council.id, name=f"Lisäagentti {n}",
                             municipality_code=council.municipality_codes[n % len(council.municipality_codes)]),
            WorkingGroup(council_id=council.id, name=f"Lisäryhmä {n}"),
            CouncilLink(council_id=council.id, label=f"Linkki {n}", url=f"https://example.fi/{n}"),
        ])


def test_council_and_front_pages_take_a_fixed_number_of_queries(app, client, demo_councils):
    def asked(url: str) -> int:
        with app.app_context(), _queries() as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    client.get("/")  # the session's first request sets up what later ones reuse
    council_page, front_page = asked("/kainuu/"), asked("/?municipality=Joensuu")
    assert council_page >= 5 and front_page >= 3  # the counter sees the requests' queries
    with app.app_context():
        kainuu = council_by_slug("kainuu")
        _more_of_everything(kainuu, 12)
        parent = council_by_slug("pohjois-karjala")
        for n in range(6):
            db.session.add(Council(slug=f"lisa-{n}", kind=CouncilKind.LOCAL, parent_id=parent.id, region_code="12",
                                   name_fi=f"Lisäneuvosto {n}", contact_email=f"lisa{n}@example.fi"))
        db.session.commit()
    assert asked("/kainuu/") == council_page
    assert asked("/?municipality=Joensuu") == front_page
