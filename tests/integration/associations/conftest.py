"""Fixtures for the register tests: demo councils and staff, signed-in clients, associations and uploads."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from app.demo.councils import DEMO_PASSWORD
from app.extensions import db

SECRETARY = "sihteeri.raakkyla@example.fi"   # secretary of raakkyla (Rääkkylä, 707)
ADMIN = "admin@example.fi"                   # admin of pohjois-karjala: reaches raakkyla
KAINUU_ADMIN = "sihteeri.kainuu@example.fi"
REGISTER = "/staff/raakkyla/associations/"


@pytest.fixture(autouse=True)
def english_by_default(app):
    """Browsers without a language choice get English here, so that the tests read the msgids."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


@pytest.fixture
def demo(app):
    """The demo councils and staff; raakkyla's demo associations are removed for a known register."""
    from app.demo.loader import load_demo_data
    from app.models import Association, Council

    with app.app_context():
        load_demo_data()
        raakkyla = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        for association in db.session.scalars(select(Association).where(Association.council_id == raakkyla.id)):
            db.session.delete(association)
        db.session.commit()


@pytest.fixture
def staff_client(app, demo, login):
    """staff_client(email=SECRETARY): a test client signed in through the real form."""
    def make(email: str = SECRETARY):
        client = app.test_client()
        login(client, email, DEMO_PASSWORD)
        return client
    return make


@pytest.fixture
def make_association(app, demo):
    """make_association(**values): an association in raakkyla's register; returns its id."""
    from app.models import Association, Council

    def make(council_slug: str = "raakkyla", **values) -> int:
        defaults = {"name": "Rääkkylän kyläyhdistys ry", "municipality_code": "707", "sector": "village",
                    "email": "kyla@example.fi", "contact_person": "Aino Esimerkki", "language": "fi"}
        with app.app_context():
            council = db.session.scalar(select(Council).where(Council.slug == council_slug))
            association = Association(council_id=council.id, **{**defaults, **values})
            db.session.add(association)
            db.session.commit()
            return association.id
    return make


@pytest.fixture
def associations(app):
    """associations(): raakkyla's register as a list of dicts, sorted by name."""
    from app.models import Association, Council

    def read() -> list[dict]:
        with app.app_context():
            council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
            rows = db.session.scalars(select(Association).where(Association.council_id == council.id)
                                      .order_by(Association.name))
            return [{c.name: getattr(a, c.name) for c in Association.__table__.columns} for a in rows]
    return read


@pytest.fixture
def upload(csrf_token):
    """upload(client, filename, data): POST a file to the import page in English; returns the preview response."""
    def post(client, filename: str, data: bytes, url: str = REGISTER + "import"):
        url += "?lang=en"  # an export in another language has left that language in the session
        token = csrf_token(client, url)
        return client.post(url, data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
                           content_type="multipart/form-data")
    return post


@pytest.fixture
def confirm(csrf_token):
    """confirm(client, preview_page): press the preview's import button."""
    def post(client, preview: str):
        import re

        token = re.search(r'name="token" type="hidden" value="([^"]+)"|name="token" value="([^"]+)"', preview)
        assert token, "the preview offers no import button"
        return client.post(REGISTER + "import/confirm",
                           data={"csrf_token": csrf_token(preview), "token": token.group(1) or token.group(2)})
    return post
