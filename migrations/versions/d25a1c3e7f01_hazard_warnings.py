"""Hazard warnings: a table of warnings kept until a coordinator clears each, instead of one note per block

A block's single hazard_note could be overwritten by any pair (issue 25 item 3). Each
block's standing note becomes one open warning, with the time and sender of the latest
`block_flagged_unsafe` audit event of the block when there is one (else the upgrade's
time); then the column goes.

Revision ID: d25a1c3e7f01
Revises: c41e7a9d2b10
Create Date: 2026-12-07 11:30:00
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

import outreach.models

# revision identifiers, used by Alembic.
revision = 'd25a1c3e7f01'
down_revision = 'c41e7a9d2b10'
branch_labels = None
depends_on = None

BLOCK = sa.table('block', sa.column('id', sa.Integer), sa.column('hazard_note', sa.Text))
AUDIT = sa.table('audit_event', sa.column('id', sa.Integer), sa.column('at', sa.DateTime),
                 sa.column('actor_id', sa.Integer), sa.column('action', sa.String),
                 sa.column('subject_type', sa.String), sa.column('subject_id', sa.Integer))
HAZARD = sa.table('hazard', sa.column('block_id', sa.Integer), sa.column('note', sa.Text),
                  sa.column('reported_by_id', sa.Integer), sa.column('reported_at', sa.DateTime),
                  sa.column('cleared_at', sa.DateTime))


def upgrade():
    op.create_table('hazard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('block_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('reported_at', outreach.models.UTCDateTime(), nullable=False),
    sa.Column('cleared_at', outreach.models.UTCDateTime(), nullable=True),
    sa.Column('cleared_by_id', sa.Integer(), nullable=True),
    sa.Column('clear_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['block_id'], ['block.id'], ),
    sa.ForeignKeyConstraint(['cleared_by_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['reported_by_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_block_id'), ['block_id'], unique=False)
        batch_op.create_index('ix_hazard_open_block', ['block_id'], unique=False,
                              sqlite_where=sa.text('cleared_at IS NULL'),
                              postgresql_where=sa.text('cleared_at IS NULL'))
    move_notes_to_warnings()
    # SQLite 3.35+ drops a plain column in place: recreating `block` would trip the foreign keys of every
    # table that points at it (the app turns them on), and would copy 100,000 polygons for nothing.
    with op.batch_alter_table('block', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('hazard_note')


def move_notes_to_warnings():
    """One open warning per block that had a note, dated and signed by the block's latest flag if audited."""
    connection = op.get_bind()
    now = datetime.now(timezone.utc).replace(tzinfo=None)  # stored as naive UTC, as UTCDateTime does
    rows = []
    for block_id, note in connection.execute(sa.select(BLOCK.c.id, BLOCK.c.hazard_note)
                                             .where(BLOCK.c.hazard_note.is_not(None))):
        flagged = connection.execute(
            sa.select(AUDIT.c.at, AUDIT.c.actor_id)
            .where(AUDIT.c.action == 'block_flagged_unsafe', AUDIT.c.subject_type == 'block',
                   AUDIT.c.subject_id == block_id)
            .order_by(AUDIT.c.at.desc(), AUDIT.c.id.desc()).limit(1)).first()
        rows.append({'block_id': block_id, 'note': note, 'reported_by_id': flagged.actor_id if flagged else None,
                     'reported_at': flagged.at if flagged else now, 'cleared_at': None})
    if rows:
        connection.execute(HAZARD.insert(), rows)


def downgrade():
    with op.batch_alter_table('block', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hazard_note', sa.Text(), nullable=True))
    connection = op.get_bind()
    newest = {}  # the newest open warning's note per block: the one note the old schema could hold
    for block_id, note in connection.execute(
            sa.select(HAZARD.c.block_id, HAZARD.c.note).where(HAZARD.c.cleared_at.is_(None))
            .order_by(HAZARD.c.reported_at)):
        newest[block_id] = note
    for block_id, note in newest.items():
        connection.execute(BLOCK.update().where(BLOCK.c.id == block_id).values(hazard_note=note))
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.drop_index('ix_hazard_open_block', sqlite_where=sa.text('cleared_at IS NULL'),
                            postgresql_where=sa.text('cleared_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_hazard_block_id'))
    op.drop_table('hazard')
