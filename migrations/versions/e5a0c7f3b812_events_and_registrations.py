"""events and registrations

Revision ID: e5a0c7f3b812
Revises: c4a8e2f19d07
Create Date: 2026-12-06 03:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a0c7f3b812'
down_revision = 'c4a8e2f19d07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('council_id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('status', sa.Enum('draft', 'published', 'cancelled', name='eventstatus', native_enum=False,
                                    length=20), nullable=False),
        sa.Column('title_fi', sa.String(length=300), nullable=False),
        sa.Column('title_sv', sa.String(length=300), nullable=False),
        sa.Column('title_en', sa.String(length=300), nullable=False),
        sa.Column('description_fi', sa.Text(), nullable=False),
        sa.Column('description_sv', sa.Text(), nullable=False),
        sa.Column('description_en', sa.Text(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('place', sa.String(length=300), nullable=False),
        sa.Column('venue_accessibility', sa.Text(), nullable=False),
        sa.Column('remote_link', sa.String(length=500), nullable=False),
        sa.Column('capacity_onsite', sa.Integer(), nullable=True),
        sa.Column('capacity_remote', sa.Integer(), nullable=True),
        sa.Column('asks_organisation', sa.Boolean(), nullable=False),
        sa.Column('asks_municipality', sa.Boolean(), nullable=False),
        sa.Column('asks_needs', sa.Boolean(), nullable=False),
        sa.Column('extra_questions', sa.Text(), nullable=False),
        sa.Column('reminder_days', sa.Integer(), nullable=False),
        sa.Column('reminder_sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('feedback_survey_id', sa.Integer(), nullable=True),
        sa.Column('feedback_hours', sa.Integer(), nullable=False),
        sa.Column('feedback_sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('personal_data_removed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('next_position', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_events_council_id_councils')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_events_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['feedback_survey_id'], ['surveys.id'],
                                name=op.f('fk_events_feedback_survey_id_surveys'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
        sa.UniqueConstraint('council_id', 'slug', name=op.f('uq_events_council_id_slug')),
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_starts_at'), ['starts_at'], unique=False)

    op.create_table(
        'event_registrations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.Enum('confirmed', 'waiting', 'cancelled', name='registrationstatus',
                                    native_enum=False, length=20), nullable=False),
        sa.Column('mode', sa.Enum('onsite', 'remote', name='attendancemode', native_enum=False, length=20),
                  nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('email_normalised', sa.String(length=254), nullable=True),
        sa.Column('organisation', sa.String(length=300), nullable=True),
        sa.Column('association_id', sa.Integer(), nullable=True),
        sa.Column('municipality_code', sa.String(length=3), nullable=True),
        sa.Column('needs', sa.Text(), nullable=True),
        sa.Column('answers', sa.JSON(), nullable=True),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=True),
        sa.Column('is_attended', sa.Boolean(), nullable=False),
        sa.Column('attended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('is_walk_in', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('feedback_sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['association_id'], ['associations.id'],
                                name=op.f('fk_event_registrations_association_id_associations'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_registrations_event_id_events'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registrations')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_event_registrations_token_hash')),
    )
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_registrations_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_registrations_email_normalised'), ['email_normalised'],
                              unique=False)
        batch_op.create_index('ix_event_registrations_event_status', ['event_id', 'mode', 'status', 'position'],
                              unique=False)
        batch_op.create_index('uq_event_registrations_live_email', ['event_id', 'email_normalised'], unique=True,
                              postgresql_where=sa.text("status <> 'cancelled' AND email_normalised IS NOT NULL"),
                              sqlite_where=sa.text("status <> 'cancelled' AND email_normalised IS NOT NULL"))


def downgrade():
    op.drop_table('event_registrations')
    op.drop_table('events')
