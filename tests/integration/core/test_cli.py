"""The flask commands: demo data and the first admin user."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Association, Council, Membership, Role, User


def test_demo_load_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    second = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert "0 councils, 0 associations, 0 users added" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Council.id))) == 9
        assert 290 <= db.session.scalar(select(func.count(Association.id))) <= 320
        raakkyla = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        assert raakkyla.parent.slug == "pohjois-karjala"
        assert raakkyla.municipality_codes == ["707"]


def test_users_create_makes_an_admin_who_can_sign_in(app, client, login):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    result = runner.invoke(
        args=["users", "create", "Uusi.Admin@Example.fi", "--council", "kainuu", "--role", "admin",
              "--password", "correct horse battery"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "uusi.admin@example.fi"))
        membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
        assert membership.role is Role.ADMIN and membership.council.slug == "kainuu"
    login(client, "uusi.admin@example.fi", "correct horse battery")
    assert client.get("/staff/kainuu/").status_code == 200


def test_users_create_refuses_unknown_council_and_short_password(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    unknown = runner.invoke(args=["users", "create", "a@example.fi", "--council", "nowhere", "--password", "long enough password"])
    short = runner.invoke(args=["users", "create", "a@example.fi", "--council", "kainuu", "--password", "short"])
    assert unknown.exit_code != 0 and "No council" in unknown.output
    assert short.exit_code != 0 and "12 characters" in short.output
