"""one-time sign-in codes for phones

Revision ID: c41d2e7a9b10
Revises: c3d7e91a5b20
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import outreach.models


# revision identifiers, used by Alembic.
revision = 'c41d2e7a9b10'
down_revision = 'c3d7e91a5b20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signin_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', outreach.models.UTCDateTime(), nullable=False),
    sa.Column('expires_at', outreach.models.UTCDateTime(), nullable=False),
    sa.Column('used_at', outreach.models.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', outreach.models.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['issued_by_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    with op.batch_alter_table('signin_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signin_code_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('signin_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signin_code_user_id'))
    op.drop_table('signin_code')
