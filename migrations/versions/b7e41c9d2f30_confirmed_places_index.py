"""confirmed places index: the count of an event's confirmed places reads an index of the confirmed only

Revision ID: b7e41c9d2f30
Revises: a3f9d2c71e58
Create Date: 2026-12-06 23:30:00.000000

The registration counts the confirmed places of its mode under the event's row lock. With an index on
`event_id` alone beside the four-column one, PostgreSQL took the smaller one whenever its statistics
thought the event had few registrations (an event filling up since the last ANALYZE), and then read every
registration of the event, waiting ones included, to count the confirmed. The new partial index holds the
confirmed registrations only; every `event_id` look-up the dropped index served is served by the
four-column index, which starts with it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e41c9d2f30'
down_revision = 'a3f9d2c71e58'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.drop_index('ix_event_registrations_event_id')
        batch_op.create_index('ix_event_registrations_confirmed', ['event_id', 'mode'], unique=False,
                              postgresql_where=sa.text("status = 'confirmed'"),
                              sqlite_where=sa.text("status = 'confirmed'"))


def downgrade():
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.drop_index('ix_event_registrations_confirmed')
        batch_op.create_index('ix_event_registrations_event_id', ['event_id'], unique=False)
