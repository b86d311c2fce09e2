"""report subject instead of survey_id

Revision ID: b7e2c5a1d9f4
Revises: a7c3e9d1b2f4
Create Date: 2026-12-06 01:20:00

A report names what it is about by a generic `subject` ("survey:12"), computed by its kind from its
parameters; the survey of a survey report moves into its parameters ("survey_id").
"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7e2c5a1d9f4'
down_revision = 'a7c3e9d1b2f4'
branch_labels = None
depends_on = None

reports = sa.table('reports', sa.column('id', sa.Integer), sa.column('survey_id', sa.Integer),
                   sa.column('subject', sa.String), sa.column('parameters_json', sa.Text))


def upgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f('ix_reports_subject'), ['subject'], unique=False)
    bind = op.get_bind()
    rows = bind.execute(sa.select(reports.c.id, reports.c.survey_id, reports.c.parameters_json)
                        .where(reports.c.survey_id.is_not(None))).all()
    for row in rows:
        parameters = json.loads(row.parameters_json or "{}")
        parameters["survey_id"] = row.survey_id
        bind.execute(reports.update().where(reports.c.id == row.id).values(
            subject=f"survey:{row.survey_id}", parameters_json=json.dumps(parameters, sort_keys=True)))
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_survey_id'))
        batch_op.drop_constraint(batch_op.f('fk_reports_survey_id_surveys'), type_='foreignkey')
        batch_op.drop_column('survey_id')


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('survey_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_reports_survey_id_surveys'), 'surveys', ['survey_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_reports_survey_id'), ['survey_id'], unique=False)
    bind = op.get_bind()
    rows = bind.execute(sa.select(reports.c.id, reports.c.subject).where(reports.c.subject.like('survey:%'))).all()
    for row in rows:
        bind.execute(reports.update().where(reports.c.id == row.id).values(survey_id=int(row.subject.split(":")[1])))
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_subject'))
        batch_op.drop_column('subject')
