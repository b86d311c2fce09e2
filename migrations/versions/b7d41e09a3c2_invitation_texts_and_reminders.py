"""invitation texts, scheduled reminders, Reply-To

Revision ID: b7d41e09a3c2
Revises: 7c1d0e5a9b21
Create Date: 2026-12-06 01:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d41e09a3c2'
down_revision = '7c1d0e5a9b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_texts', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('reminder_days', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('scheduled_reminder_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to', sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('reply_to')
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_column('scheduled_reminder_at')
        batch_op.drop_column('reminder_days')
        batch_op.drop_column('mail_texts')
