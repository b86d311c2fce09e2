"""draft typed input: what a saved draft kept although it was not valid yet

Revision ID: 7c1d0e5a9b21
Revises: b7e2c5a1d9f4
Create Date: 2026-12-06 01:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1d0e5a9b21'
down_revision = 'b7e2c5a1d9f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('typed_input', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_column('typed_input')
