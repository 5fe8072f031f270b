"""SMS when data is down (issue 28): gateway phones, the volunteer's SMS number, the SMS log, the outgoing queue

Revision ID: a7c3e9d2f1b4
Revises: a7c9e1f3b5d2 (gatherings; both started from f1a2c3d4e5b6 and were chained when merged)
Create Date: 2026-12-07 17:30:00
"""
import sqlalchemy as sa
from alembic import op

import outreach.models

# revision identifiers, used by Alembic.
revision = 'a7c3e9d2f1b4'
down_revision = 'a7c9e1f3b5d2'
branch_labels = None
depends_on = None

WHEN = outreach.models.UTCDateTime


def upgrade():
    with op.batch_alter_table('user') as batch:
        batch.add_column(sa.Column('sms_phone', sa.String(length=16), nullable=True))
        batch.create_unique_constraint('uq_user_sms_phone', ['sms_phone'])
    op.create_table('sms_gateway',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('operation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('password_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', WHEN(), nullable=False),
    sa.Column('last_seen_at', WHEN(), nullable=True),
    sa.Column('revoked_at', WHEN(), nullable=True),
    sa.ForeignKeyConstraint(['operation_id'], ['operation.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name'))
    op.create_index('ix_sms_gateway_operation_id', 'sms_gateway', ['operation_id'])
    op.create_table('sms_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('operation_id', sa.Integer(), nullable=False),
    sa.Column('gateway_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=64), nullable=False),
    sa.Column('number_hash', sa.String(length=64), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('ref', sa.String(length=8), nullable=True),
    sa.Column('alert_id', sa.Integer(), nullable=True),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('last_four', sa.String(length=4), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reply', sa.String(length=160), nullable=False),
    sa.Column('sms_sent_at', WHEN(), nullable=True),
    sa.Column('received_at', WHEN(), nullable=False),
    sa.Column('acknowledged_at', WHEN(), nullable=True),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['operation_id'], ['operation.id']),
    sa.ForeignKeyConstraint(['gateway_id'], ['sms_gateway.id']),
    sa.ForeignKeyConstraint(['user_id'], ['user.id']),
    sa.ForeignKeyConstraint(['alert_id'], ['alert.id']),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id']),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['user.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('gateway_id', 'message_id', name='uq_sms_log_gateway_message'),
    sa.UniqueConstraint('operation_id', 'user_id', 'ref', name='uq_sms_log_sender_ref'))
    op.create_index('ix_sms_log_operation_id', 'sms_log', ['operation_id'])
    op.create_index('ix_sms_log_received_at', 'sms_log', ['received_at'])
    op.create_table('sms_outgoing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('operation_id', sa.Integer(), nullable=False),
    sa.Column('gateway_uuid', sa.String(length=36), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('created_at', WHEN(), nullable=False),
    sa.Column('offered_at', WHEN(), nullable=True),
    sa.Column('updated_at', WHEN(), nullable=True),
    sa.ForeignKeyConstraint(['operation_id'], ['operation.id']),
    sa.ForeignKeyConstraint(['user_id'], ['user.id']),
    sa.ForeignKeyConstraint(['operation_id', 'message_id'], ['message.operation_id', 'message.id'],
                            name='fk_sms_outgoing_message_operation'),
    sa.ForeignKeyConstraint(['operation_id', 'team_id'], ['team.operation_id', 'team.id'],
                            name='fk_sms_outgoing_team_operation'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('gateway_uuid'))
    op.create_index('ix_sms_outgoing_operation_id', 'sms_outgoing', ['operation_id'])
    op.create_index('ix_sms_outgoing_message_id', 'sms_outgoing', ['message_id'])
    op.create_index('ix_sms_outgoing_status', 'sms_outgoing', ['operation_id', 'status'])


def downgrade():
    op.drop_table('sms_outgoing')
    op.drop_table('sms_log')
    op.drop_table('sms_gateway')
    with op.batch_alter_table('user') as batch:
        batch.drop_constraint('uq_user_sms_phone', type_='unique')
        batch.drop_column('sms_phone')
