"""server-side login sessions, device tokens tied to them, claims given back

Revision ID: c4d1e5a9b7f2
Revises: c41d2e7a9b10
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import outreach.models


# revision identifiers, used by Alembic.
revision = 'c4d1e5a9b7f2'
down_revision = 'c41d2e7a9b10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', outreach.models.UTCDateTime(), nullable=False),
    sa.Column('ended_at', outreach.models.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_session_user_id'), ['user_id'], unique=False)

    op.create_table('claim_return',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('returned_at', outreach.models.UTCDateTime(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['aid_group.id'], ),
    sa.ForeignKeyConstraint(['need_id'], ['need.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claim_return', schema=None) as batch_op:
        batch_op.create_index('ix_claim_return_group_at', ['group_id', 'returned_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_return_need_id'), ['need_id'], unique=False)

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_id', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_api_token_session_id'), ['session_id'], unique=False)
        batch_op.create_foreign_key('fk_api_token_session_id_login_session', 'login_session', ['session_id'], ['id'])


def downgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_constraint('fk_api_token_session_id_login_session', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_api_token_session_id'))
        batch_op.drop_column('session_id')

    with op.batch_alter_table('claim_return', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_return_need_id'))
        batch_op.drop_index('ix_claim_return_group_at')
    op.drop_table('claim_return')

    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_session_user_id'))
    op.drop_table('login_session')
