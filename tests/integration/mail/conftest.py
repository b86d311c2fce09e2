"""Demo data and helpers for the e-mail outbox tests."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from app.demo.councils import DEMO_PASSWORD
from app.demo.loader import load_demo_data
from app.extensions import db
from app.models import Council


@pytest.fixture
def demo(app):
    """The demo councils, associations and staff; returns the shared demo password."""
    with app.app_context():
        load_demo_data()
        db.session.commit()
    return DEMO_PASSWORD


@pytest.fixture
def write_email(app):
    """write_email(to=..., language="fi", council_slug=None, request_language="en", **context) queues a
    password-reset style message inside a request and commits, as a view does; returns the row id."""
    from app.mail.outbox import queue_email

    def write(to: str = "vastaanottaja@example.fi", language: str = "fi", council_slug: str | None = None,
              request_language: str = "en", template: str = "password_reset", attachment=None, **context) -> int:
        context = {"reset_url": "http://localhost/staff/password-reset/abc", "minutes": 60, **context}
        with app.test_request_context("/", headers={"Accept-Language": request_language}):
            council_id = None
            if council_slug:
                council_id = db.session.scalar(select(Council.id).where(Council.slug == council_slug))
            message = queue_email(to=to, template=template, language=language, context=context,
                                  council_id=council_id, attachment=attachment)
            db.session.commit()
            return message.id

    return write


@pytest.fixture
def mail_logs(caplog, monkeypatch):
    """caplog at INFO for the outbox's loggers. The Alembic run that builds the test schema calls
    logging.config.fileConfig, which disables every logger that existed then; switch ours back on."""
    for name in ("app.background", "app.mail.outbox", "app.jobs.mail", "app.scheduling"):
        monkeypatch.setattr(logging.getLogger(name), "disabled", False)
    caplog.set_level(logging.INFO)
    return caplog
