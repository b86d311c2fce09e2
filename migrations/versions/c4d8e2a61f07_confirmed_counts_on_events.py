"""confirmed counts on events: each event row holds its confirmed registrations per mode, kept by triggers

Revision ID: c4d8e2a61f07
Revises: b7e41c9d2f30
Create Date: 2026-12-07 04:00:00.000000

On PostgreSQL a registration is one statement: it locks the event row, decides confirmed or waiting and writes
the registration and its e-mail (`app/events/registering.py`). A statement reads the rest of the database as it
was when it began, before it waited for the lock, so the count it decides on must be on the locked row itself,
which PostgreSQL reads again after the wait. The triggers below keep `confirmed_onsite` and `confirmed_remote`
equal to the event's confirmed registrations on both databases, whatever writes them (a registration, a
cancellation, a promotion, a change of mode, a walk-in, a deletion).

SQLite drops a table's triggers when a batch migration copies the table anew: a migration that rebuilds
`event_registrations` must create them again (`create_triggers`). A test compares the counts with the rows
after every kind of change.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d8e2a61f07'
down_revision = 'b7e41c9d2f30'
branch_labels = None
depends_on = None

_MODES = ("onsite", "remote")

_POSTGRESQL_FUNCTION = """
CREATE FUNCTION event_registrations_count_confirmed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.mode = NEW.mode AND OLD.event_id = NEW.event_id THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.status = 'confirmed' THEN
        UPDATE events SET confirmed_onsite = confirmed_onsite - (OLD.mode = 'onsite')::integer,
                          confirmed_remote = confirmed_remote - (OLD.mode = 'remote')::integer
         WHERE id = OLD.event_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'confirmed' THEN
        UPDATE events SET confirmed_onsite = confirmed_onsite + (NEW.mode = 'onsite')::integer,
                          confirmed_remote = confirmed_remote + (NEW.mode = 'remote')::integer
         WHERE id = NEW.event_id;
    END IF;
    RETURN NULL;
END
$$
"""
_POSTGRESQL_TRIGGER = """
CREATE TRIGGER event_registrations_count_confirmed
AFTER INSERT OR DELETE OR UPDATE OF status, mode, event_id ON event_registrations
FOR EACH ROW EXECUTE FUNCTION event_registrations_count_confirmed()
"""


def _sqlite_change(row: str, sign: str) -> str:
    return (f"UPDATE events SET confirmed_onsite = confirmed_onsite {sign} ({row}.mode = 'onsite'), "
            f"confirmed_remote = confirmed_remote {sign} ({row}.mode = 'remote') WHERE id = {row}.event_id;")


_MOVED = "(NEW.mode <> OLD.mode OR NEW.event_id <> OLD.event_id)"
_UPDATE = "AFTER UPDATE OF status, mode, event_id ON event_registrations"
_SQLITE_TRIGGERS = (
    "CREATE TRIGGER event_registrations_confirmed_insert AFTER INSERT ON event_registrations "
    f"WHEN NEW.status = 'confirmed' BEGIN {_sqlite_change('NEW', '+')} END",
    "CREATE TRIGGER event_registrations_confirmed_delete AFTER DELETE ON event_registrations "
    f"WHEN OLD.status = 'confirmed' BEGIN {_sqlite_change('OLD', '-')} END",
    f"CREATE TRIGGER event_registrations_confirmed_leave {_UPDATE} "
    f"WHEN OLD.status = 'confirmed' AND (NEW.status <> 'confirmed' OR {_MOVED}) BEGIN {_sqlite_change('OLD', '-')} END",
    f"CREATE TRIGGER event_registrations_confirmed_enter {_UPDATE} "
    f"WHEN NEW.status = 'confirmed' AND (OLD.status <> 'confirmed' OR {_MOVED}) BEGIN {_sqlite_change('NEW', '+')} END",
)
_SQLITE_NAMES = ("insert", "delete", "leave", "enter")


def create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRESQL_FUNCTION)
        op.execute(_POSTGRESQL_TRIGGER)
    else:
        for trigger in _SQLITE_TRIGGERS:
            op.execute(trigger)


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER event_registrations_count_confirmed ON event_registrations")
        op.execute("DROP FUNCTION event_registrations_count_confirmed()")
    else:
        for name in _SQLITE_NAMES:
            op.execute(f"DROP TRIGGER event_registrations_confirmed_{name}")


# The columns are added and dropped by ALTER TABLE on both databases (SQLite 3.35 and later drop a column so): a batch
# operation would copy `events` anew on SQLite, and dropping the old table deletes its registrations by their
# foreign key's ON DELETE CASCADE.
def upgrade():
    for mode in _MODES:
        op.add_column('events', sa.Column(f'confirmed_{mode}', sa.Integer(), server_default='0', nullable=False))
    for mode in _MODES:
        op.execute(f"UPDATE events SET confirmed_{mode} = (SELECT count(*) FROM event_registrations AS r "
                   f"WHERE r.event_id = events.id AND r.mode = '{mode}' AND r.status = 'confirmed')")
    create_triggers()


def downgrade():
    drop_triggers()
    for mode in _MODES:
        op.drop_column('events', f'confirmed_{mode}')
