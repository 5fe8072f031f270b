"""field receipts: offline field actions stored exactly once

Revision ID: c4f1e2a9d7b3
Revises: c4d1e5a9b7f2
Create Date: 2026-12-01 09:55:00

"""
from alembic import op
import sqlalchemy as sa

import outreach.models


# revision identifiers, used by Alembic.
revision = 'c4f1e2a9d7b3'
down_revision = 'c4d1e5a9b7f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('field_receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('answer', sa.JSON(), nullable=False),
    sa.Column('received_at', outreach.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'client_id')
    )


def downgrade():
    op.drop_table('field_receipt')
