"""the council's public page: contact phone, page texts, members, association agents, working groups, links

Revision ID: c4a8e2f61d07
Revises: 49538a14e413
Create Date: 2026-12-06 03:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4a8e2f61d07'
down_revision = '49538a14e413'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('councils', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('page_text_fi', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('page_text_sv', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('page_text_en', sa.Text(), nullable=True))

    op.create_table(
        'council_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('council_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('role', sa.Enum('chair', 'vice_chair', 'secretary', 'member', 'deputy_member',
                                  name='councilrole', native_enum=False, length=20), nullable=False),
        sa.Column('association_id', sa.Integer(), nullable=True),
        sa.Column('association_name', sa.String(length=200), nullable=False),
        sa.Column('sector', sa.String(length=30), nullable=True),
        sa.Column('deputy_of_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['association_id'], ['associations.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['council_id'], ['councils.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['deputy_of_id'], ['council_members.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_council_members_council_id', 'council_members', ['council_id'])

    op.create_table(
        'association_agents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('council_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('municipality_code', sa.String(length=3), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['council_id'], ['councils.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_association_agents_council_id', 'association_agents', ['council_id'])

    op.create_table(
        'working_groups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('council_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('working_committee', 'working_group', name='groupkind', native_enum=False,
                                  length=30), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('members_text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['council_id'], ['councils.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_working_groups_council_id', 'working_groups', ['council_id'])

    op.create_table(
        'council_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('council_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['council_id'], ['councils.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_council_links_council_id', 'council_links', ['council_id'])


def downgrade():
    op.drop_index('ix_council_links_council_id', table_name='council_links')
    op.drop_table('council_links')
    op.drop_index('ix_working_groups_council_id', table_name='working_groups')
    op.drop_table('working_groups')
    op.drop_index('ix_association_agents_council_id', table_name='association_agents')
    op.drop_table('association_agents')
    op.drop_index('ix_council_members_council_id', table_name='council_members')
    op.drop_table('council_members')
    # Plain DROP COLUMN (SQLite 3.35+, PostgreSQL): batch mode would copy and drop the councils table, which
    # SQLite refuses while foreign keys are on and other tables' rows point at the councils.
    for column in ('page_text_en', 'page_text_sv', 'page_text_fi', 'contact_phone'):
        op.drop_column('councils', column)
