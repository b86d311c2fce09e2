"""outbox context: the template context of a message whose bodies its send job renders

Revision ID: a3f9d2c71e58
Revises: 8d3f2a6b1c57
Create Date: 2026-12-06 15:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3f9d2c71e58'
down_revision = '8d3f2a6b1c57'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('context', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('context')
