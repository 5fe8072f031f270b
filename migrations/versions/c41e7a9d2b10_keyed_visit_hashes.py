"""Keyed visit hashes: content_hash becomes an HMAC of the structured part; text_hash (new) covers notes and hints

The old content_hash was an unsalted SHA-256 over everything, notes and hints included,
so an erased hint or purged note could be confirmed by guessing. Every stored row is
rehashed with the keyed structure hash; text_hash stays empty for rows stored before
(whether their text was erased since cannot be told), so their replays are judged by
counts and categories alone.

Revision ID: c41e7a9d2b10
Revises: c4f1e2a9d7b3
Create Date: 2026-12-01 10:20:00
"""
from datetime import timezone

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c41e7a9d2b10'
down_revision = 'c4f1e2a9d7b3'
branch_labels = None
depends_on = None

VISIT = sa.table(
    'visit', sa.column('id', sa.Integer), sa.column('client_id', sa.String), sa.column('block_id', sa.Integer),
    sa.column('visited_at', sa.DateTime), sa.column('outcome', sa.String), sa.column('adults', sa.Integer),
    sa.column('children', sa.Integer), sa.column('older_adults', sa.Integer), sa.column('risks', sa.JSON),
    sa.column('reactions', sa.JSON), sa.column('ecpr', sa.JSON), sa.column('referrals', sa.JSON),
    sa.column('safety_concern', sa.Boolean), sa.column('follow_up', sa.Boolean),
    sa.column('content_hash', sa.String), sa.column('text_hash', sa.String))
NEED = sa.table('need', sa.column('id', sa.Integer), sa.column('visit_id', sa.Integer),
                sa.column('category', sa.String), sa.column('urgency', sa.String), sa.column('people', sa.Integer))


def upgrade():
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_hash', sa.String(length=64), nullable=True))
    rehash_stored_visits()


def rehash_stored_visits():
    """Replace every unsalted hash with the keyed hash of the row's counts and categories."""
    from flask import current_app

    from outreach.services.fieldwork.visits import hash_key, structure_hash

    key = hash_key(current_app.config['SECRET_KEY'])
    connection = op.get_bind()
    needs = {}
    for visit_id, category, urgency, people in connection.execute(
            sa.select(NEED.c.visit_id, NEED.c.category, NEED.c.urgency, NEED.c.people)
            .where(NEED.c.visit_id.is_not(None)).order_by(NEED.c.id)):
        needs.setdefault(visit_id, []).append({'category': category, 'urgency': urgency, 'people': people})
    updates = []
    for row in connection.execute(sa.select(VISIT)).mappings():
        values = {**row, 'visited_at': row['visited_at'].replace(tzinfo=timezone.utc)}
        digest = structure_hash(key, row['client_id'], row['block_id'], values, needs.get(row['id'], []))
        updates.append({'visit_id': row['id'], 'digest': digest})
    if updates:
        connection.execute(VISIT.update().where(VISIT.c.id == sa.bindparam('visit_id'))
                           .values(content_hash=sa.bindparam('digest'), text_hash=None), updates)


def downgrade():
    # The unsalted hashes are gone for good (that is the point); replays of old visits would answer 409.
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_column('text_hash')
