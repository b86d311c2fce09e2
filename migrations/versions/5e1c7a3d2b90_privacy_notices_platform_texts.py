"""privacy notices per council, editable platform texts

Revision ID: 5e1c7a3d2b90
Revises: b7d41e09a3c2
Create Date: 2026-12-06 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1c7a3d2b90'
down_revision = 'b7d41e09a3c2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'privacy_notices',
        sa.Column('council_id', sa.Integer(), nullable=False),
        sa.Column('controller', sa.Text(), nullable=False),
        sa.Column('contact_person', sa.String(length=200), nullable=False),
        sa.Column('contact_email', sa.String(length=254), nullable=False),
        sa.Column('contact_phone', sa.String(length=40), nullable=False),
        sa.Column('extra_fi', sa.Text(), nullable=False),
        sa.Column('extra_sv', sa.Text(), nullable=False),
        sa.Column('extra_en', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['council_id'], ['councils.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('council_id'),
    )
    op.create_table(
        'platform_texts',
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('text_fi', sa.Text(), nullable=False),
        sa.Column('text_sv', sa.Text(), nullable=False),
        sa.Column('text_en', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade():
    op.drop_table('platform_texts')
    op.drop_table('privacy_notices')
