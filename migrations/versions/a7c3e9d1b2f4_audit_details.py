"""audit details

Revision ID: a7c3e9d1b2f4
Revises: cd2e3158439e
Create Date: 2026-12-06 01:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9d1b2f4'
down_revision = 'cd2e3158439e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('details_json', sa.Text(), server_default='{}', nullable=False))


def downgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('details_json')
