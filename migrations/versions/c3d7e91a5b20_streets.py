"""streets

Revision ID: c3d7e91a5b20
Revises: 84d84d66bf42
Create Date: 2026-12-01 10:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import outreach.models


# revision identifiers, used by Alembic.
revision = 'c3d7e91a5b20'
down_revision = '84d84d66bf42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('street',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('geometry', sa.JSON(), nullable=False),
    sa.Column('min_lon', sa.Double(), nullable=False),
    sa.Column('min_lat', sa.Double(), nullable=False),
    sa.Column('max_lon', sa.Double(), nullable=False),
    sa.Column('max_lat', sa.Double(), nullable=False),
    sa.Column('created_at', outreach.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('street', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_street_max_lon'), ['max_lon'], unique=False)
        batch_op.create_index(batch_op.f('ix_street_min_lon'), ['min_lon'], unique=False)


def downgrade():
    with op.batch_alter_table('street', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_street_min_lon'))
        batch_op.drop_index(batch_op.f('ix_street_max_lon'))
    op.drop_table('street')
