"""How a request's transaction ends: what a view did not commit is never stored; a request that only
read ends with COMMIT on PostgreSQL, so that psycopg keeps its prepared statements."""

import pytest
from sqlalchemy import event, select, text

from app import create_app
from app.extensions import db
from app.models import Council


def _count_commits(app) -> list:
    commits = []
    with app.app_context():
        event.listen(db.engine, "commit", lambda connection: commits.append(connection))
    return commits


@pytest.mark.own_app
def test_what_a_view_does_not_commit_is_not_stored(app, client, demo):
    def add_without_commit():
        db.session.add(Council(slug="ei-tallennu", kind=db.session.scalar(select(Council.kind)),
                               region_code="12", name_fi="Ei tallennu",
                               contact_email="x@example.fi"))
        db.session.flush()
        return "flushed"

    def update_without_commit():
        db.session.execute(text("UPDATE councils SET name_fi = 'Muutettu' WHERE slug = 'raakkyla'"))
        return "updated"

    app.add_url_rule("/_test/add", view_func=add_without_commit)
    app.add_url_rule("/_test/update", view_func=update_without_commit)
    assert client.get("/_test/add").get_data(as_text=True) == "flushed"
    assert client.get("/_test/update").get_data(as_text=True) == "updated"
    with app.app_context():
        assert db.session.scalar(select(Council).where(Council.slug == "ei-tallennu")) is None
        assert db.session.scalar(select(Council.name_fi).where(Council.slug == "raakkyla")) != "Muutettu"


@pytest.mark.own_app
def test_a_request_that_only_reads_ends_with_commit_on_postgresql(app, client, demo):
    def read():
        return db.session.scalar(select(Council.name_fi).where(Council.slug == "raakkyla"))

    app.add_url_rule("/_test/read", view_func=read)
    commits = _count_commits(app)
    assert client.get("/_test/read").get_data(as_text=True) == "Rääkkylän paikallis-JANE"
    with app.app_context():
        dialect = db.engine.dialect.name
    assert len(commits) == (1 if dialect == "postgresql" else 0)



def test_the_embedded_sqlite_database_writes_ahead_and_syncs_the_log_at_checkpoints(tmp_path):
    # The embedded default whatever database the suite runs on: a SQLite file, as config.py makes it.
    embedded = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'embedded.db'}",
                          INSTANCE_DIR=str(tmp_path / "instance"))
    with embedded.app_context():
        connection = db.session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        # 1 = NORMAL: a commit is atomic and survives an application crash without waiting for an fsync.
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.session.remove()
        db.engine.dispose()
