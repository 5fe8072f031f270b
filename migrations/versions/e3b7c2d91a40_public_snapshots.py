"""Public snapshots: what the public pages publish, taken once a day and kept (never live counts)

Revision ID: e3b7c2d91a40
Revises: d25a1c3e7f01
Create Date: 2026-12-07 11:40:00
"""
import sqlalchemy as sa
from alembic import op

import outreach.models

# revision identifiers, used by Alembic.
revision = 'e3b7c2d91a40'
down_revision = 'd25a1c3e7f01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('public_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('computed_at', outreach.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name', 'day')
    )


def downgrade():
    op.drop_table('public_snapshot')
