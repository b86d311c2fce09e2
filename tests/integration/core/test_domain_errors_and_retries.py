"""A DomainError shown on its form (rolled back, input kept), and a change retried after a concurrent one."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError
from wtforms import StringField

from app.concurrency import ConcurrentChange, commit_with_retry
from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.models import User
from forms.base import Form


class NameForm(Form):
    class Meta:
        csrf = False

    name = StringField("Name")


def _users() -> int:
    return db.session.scalar(select(func.count(User.id)))


@pytest.mark.parametrize("field", ["name", None, "no_such_field"])
def test_domain_error_is_shown_beside_its_field_or_in_the_summary_and_the_change_is_rolled_back(app, field):
    with app.test_request_context("/", method="POST", data={"name": "Typed by the user"}):
        db.session.add(User(email="rolled.back@example.fi", password_hash="x"))
        db.session.flush()
        form = NameForm()
        form.validate()
        show_domain_error(form, DomainError("This breaks a rule.", field))
        assert _users() == 0
        assert form.name.data == "Typed by the user"
        if field == "name":
            assert (form.name.errors, form.form_errors) == (["This breaks a rule."], [])
        else:
            assert (list(form.name.errors), form.form_errors) == ([], ["This breaks a rule."])
        assert form.errors


def test_change_that_meets_a_concurrent_one_runs_again_and_is_stored(app):
    with app.app_context():
        db.session.add(User(email="taken@example.fi", password_hash="x"))
        db.session.commit()
        emails = iter(["taken@example.fi", "free@example.fi"])
        runs = []

        def work():
            runs.append(1)
            user = User(email=next(emails), password_hash="x")
            db.session.add(user)
            db.session.flush()
            return user.email

        assert commit_with_retry(work) == "free@example.fi"
        assert len(runs) == 2
        db.session.remove()
        assert sorted(db.session.scalars(select(User.email))) == ["free@example.fi", "taken@example.fi"]


def test_change_that_keeps_meeting_concurrent_ones_gives_a_neutral_message_and_stores_nothing(app):
    with app.test_request_context("/?lang=en"):
        def work():
            db.session.add(User(email="never@example.fi", password_hash="x"))
            db.session.flush()
            raise StaleDataError("the row changed meanwhile")

        with pytest.raises(ConcurrentChange) as raised:
            commit_with_retry(work)
        assert str(raised.value.message).startswith("Someone changed this at the same time")
        assert "answers" not in str(raised.value.message)
        assert _users() == 0


def test_domain_error_inside_the_change_passes_through_without_a_retry(app):
    with app.app_context():
        runs = []

        def work():
            runs.append(1)
            raise DomainError("Not allowed.", "name")

        with pytest.raises(DomainError, match="Not allowed."):
            commit_with_retry(work)
        assert runs == [1]
