"""The coordinator map's shapes, built once per areas version and kept for every app server (issue 31)

Revision ID: 4c0f5fe20de6
Revises: a7c3e9d2f1b4
Create Date: 2026-12-07 20:40:00
"""
import sqlalchemy as sa
from alembic import op

import outreach.models

# revision identifiers, used by Alembic.
revision = '4c0f5fe20de6'
down_revision = 'a7c3e9d2f1b4'
branch_labels = None
depends_on = None


def upgrade():
    # Empty at first: each operation's shapes are built at its next map view or areas change.
    op.create_table('map_shapes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('operation_id', sa.Integer(), nullable=False),
    sa.Column('neighborhood_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('built_at', outreach.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['operation_id'], ['operation.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('operation_id', 'neighborhood_id', 'version', name='uq_map_shapes_operation_neighborhood_version'))
    op.create_index('ix_map_shapes_operation_id', 'map_shapes', ['operation_id'])


def downgrade():
    op.drop_index('ix_map_shapes_operation_id', table_name='map_shapes')
    op.drop_table('map_shapes')
