"""Demo councils and staff for the core tests."""

import pytest

from app.demo.councils import DEMO_PASSWORD
from app.demo.loader import load_demo_data
from app.extensions import db


@pytest.fixture
def demo(app):
    """The demo councils, associations and staff; returns the shared demo password."""
    with app.app_context():
        load_demo_data()
        db.session.commit()
    return DEMO_PASSWORD
