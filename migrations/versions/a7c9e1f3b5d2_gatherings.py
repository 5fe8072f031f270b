"""Gatherings: listening circles, community meetings, eCPR practice and debriefs, with reports and practice days

A gathering belongs to an operation and is held at a block or a place of it (foreign keys that include the
operation, so it can never point into another); its facilitators, its one report (counts, never names) and
the days volunteers practised eCPR at it hang off it the same way (issue 27, DESIGN section 8). A place gains
the (operation_id, id) key those foreign keys need.

Revision ID: a7c9e1f3b5d2
Revises: f1a2c3d4e5b6
Create Date: 2026-12-07 17:30:00
"""
import sqlalchemy as sa
from alembic import op

import outreach.models

# revision identifiers, used by Alembic.
revision = 'a7c9e1f3b5d2'
down_revision = 'f1a2c3d4e5b6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('place') as batch_op:
        batch_op.create_unique_constraint('uq_place_operation_id', ['operation_id', 'id'])
    op.create_table(
        'gathering',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('operation_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('starts_at', outreach.models.UTCDateTime(), nullable=False),
        sa.Column('ends_at', outreach.models.UTCDateTime(), nullable=False),
        sa.Column('block_id', sa.Integer(), nullable=True),
        sa.Column('place_id', sa.Integer(), nullable=True),
        sa.Column('language', sa.String(length=30), nullable=True),
        sa.Column('public', sa.Boolean(), nullable=False),
        sa.Column('planned_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', outreach.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['operation_id'], ['operation.id']),
        sa.ForeignKeyConstraint(['operation_id', 'block_id'], ['block.operation_id', 'block.id'],
                                name='fk_gathering_block_operation'),
        sa.ForeignKeyConstraint(['operation_id', 'place_id'], ['place.operation_id', 'place.id'],
                                name='fk_gathering_place_operation'),
        sa.ForeignKeyConstraint(['planned_by_id'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('operation_id', 'id', name='uq_gathering_operation_id'),
    )
    with op.batch_alter_table('gathering') as batch_op:
        batch_op.create_index('ix_gathering_operation_starts', ['operation_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_gathering_operation_id'), ['operation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_gathering_block_id'), ['block_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_gathering_place_id'), ['place_id'], unique=False)
    op.create_table(
        'gathering_facilitator',
        sa.Column('gathering_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('operation_id', sa.Integer(), nullable=False),
        sa.Column('shift_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['operation_id'], ['operation.id']),
        sa.ForeignKeyConstraint(['operation_id', 'gathering_id'], ['gathering.operation_id', 'gathering.id'],
                                name='fk_gathering_facilitator_gathering_operation'),
        sa.ForeignKeyConstraint(['shift_id'], ['shift.id']),
        sa.ForeignKeyConstraint(['user_id'], ['user.id']),
        sa.PrimaryKeyConstraint('gathering_id', 'user_id'),
    )
    with op.batch_alter_table('gathering_facilitator') as batch_op:
        batch_op.create_index(batch_op.f('ix_gathering_facilitator_operation_id'), ['operation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_gathering_facilitator_user_id'), ['user_id'], unique=False)
    op.create_table(
        'gathering_report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('operation_id', sa.Integer(), nullable=False),
        sa.Column('gathering_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.String(length=36), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('text_hash', sa.String(length=64), nullable=True),
        sa.Column('reported_by_id', sa.Integer(), nullable=True),
        sa.Column('reported_at', outreach.models.UTCDateTime(), nullable=False),
        sa.Column('held', sa.Boolean(), nullable=False),
        sa.Column('attendance', sa.Integer(), nullable=False),
        sa.Column('under_18', sa.Integer(), nullable=True),
        sa.Column('over_64', sa.Integer(), nullable=True),
        sa.Column('minutes', sa.Integer(), nullable=True),
        sa.Column('topics', sa.JSON(), nullable=False),
        sa.Column('referrals', sa.JSON(), nullable=False),
        sa.Column('need_ids', sa.JSON(), nullable=False),
        sa.Column('practised_user_ids', sa.JSON(), nullable=False),
        sa.Column('would_do_differently', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['operation_id'], ['operation.id']),
        sa.ForeignKeyConstraint(['operation_id', 'gathering_id'], ['gathering.operation_id', 'gathering.id'],
                                name='fk_gathering_report_gathering_operation'),
        sa.ForeignKeyConstraint(['reported_by_id'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('client_id'),
        sa.UniqueConstraint('gathering_id'),
    )
    with op.batch_alter_table('gathering_report') as batch_op:
        batch_op.create_index(batch_op.f('ix_gathering_report_operation_id'), ['operation_id'], unique=False)
    op.create_table(
        'practice',
        sa.Column('gathering_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('operation_id', sa.Integer(), nullable=False),
        sa.Column('practised_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['operation_id'], ['operation.id']),
        sa.ForeignKeyConstraint(['operation_id', 'gathering_id'], ['gathering.operation_id', 'gathering.id'],
                                name='fk_practice_gathering_operation'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id']),
        sa.PrimaryKeyConstraint('gathering_id', 'user_id'),
    )
    with op.batch_alter_table('practice') as batch_op:
        batch_op.create_index('ix_practice_user_day', ['user_id', 'practised_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_operation_id'), ['operation_id'], unique=False)


def downgrade():
    op.drop_table('practice')
    op.drop_table('gathering_report')
    op.drop_table('gathering_facilitator')
    op.drop_table('gathering')
    with op.batch_alter_table('place') as batch_op:
        batch_op.drop_constraint('uq_place_operation_id', type_='unique')
