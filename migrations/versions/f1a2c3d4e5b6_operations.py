"""Operations: today's data becomes the first operation, every role a membership in it (issue 26)

Every operational table gains its operation; uniqueness moves into the operation
(block and neighborhood codes are unique per operation), and the foreign keys between
operational tables include the operation, so a visit, need, hazard, assignment, alert
or shift can never point at another operation's block or pair (DESIGN section 7).

An instance with data (any account or area) gets one operation, `main`, holding all
of it, and each account's role becomes a membership in it; an empty database gets
none (`create-operation` or `seed-demo` makes the first). SQLite rebuilds the tables
(batch mode) with its foreign keys off for the rebuild, as SQLite documents
(migrations/env.py); PostgreSQL alters them in place.

Revision ID: f1a2c3d4e5b6
Revises: e3b7c2d91a40
Create Date: 2026-12-07 15:20:00
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

import outreach.models

# revision identifiers, used by Alembic.
revision = 'f1a2c3d4e5b6'
down_revision = 'e3b7c2d91a40'
branch_labels = None
depends_on = None

FIRST = {'id': 1, 'slug': 'main', 'name': 'Main operation'}
# Names the unnamed constraints of the earlier schema get when SQLite's batch mode reflects them.
CONVENTION = {'uq': 'uq_%(table_name)s_%(column_0_name)s', 'fk': 'fk_%(table_name)s_%(column_0_name)s'}
# Every table that belongs to an operation, and whether its operation may be empty (the audit log's may).
SCOPED = ('neighborhood', 'block', 'place', 'street', 'team', 'assignment', 'shift', 'alert', 'message',
          'message_recipient', 'visit', 'field_receipt', 'need', 'hazard', 'data_version', 'public_snapshot',
          'signin_code', 'api_token')
# Unique constraints that move into the operation: (table, old columns, new name, new columns).
UNIQUES = (('neighborhood', ('name',), 'uq_neighborhood_operation_name', ('operation_id', 'name')),
           ('neighborhood', ('code',), 'uq_neighborhood_operation_code', ('operation_id', 'code')),
           ('block', ('code',), 'uq_block_operation_code', ('operation_id', 'code')),
           ('data_version', ('name',), 'uq_data_version_operation_name', ('operation_id', 'name')),
           ('public_snapshot', ('name', 'day'), 'uq_public_snapshot_operation_name_day',
            ('operation_id', 'name', 'day')))
# Tables other rows point at with the operation: (operation_id, id) is unique in each.
PARENTS = ('neighborhood', 'team', 'block', 'visit', 'message')
# Foreign keys that gain the operation: (table, column, parent, new name), in the order the tables are rebuilt.
LINKS = (('block', 'neighborhood_id', 'neighborhood', 'fk_block_neighborhood_operation'),
         ('visit', 'block_id', 'block', 'fk_visit_block_operation'),
         ('visit', 'team_id', 'team', 'fk_visit_team_operation'),
         ('assignment', 'team_id', 'team', 'fk_assignment_team_operation'),
         ('assignment', 'block_id', 'block', 'fk_assignment_block_operation'),
         ('shift', 'team_id', 'team', 'fk_shift_team_operation'),
         ('alert', 'team_id', 'team', 'fk_alert_team_operation'),
         ('alert', 'block_id', 'block', 'fk_alert_block_operation'),
         ('need', 'visit_id', 'visit', 'fk_need_visit_operation'),
         ('need', 'block_id', 'block', 'fk_need_block_operation'),
         ('hazard', 'block_id', 'block', 'fk_hazard_block_operation'),
         ('hazard', 'team_id', 'team', 'fk_hazard_team_operation'),
         ('message_recipient', 'message_id', 'message', 'fk_message_recipient_message_operation'),
         ('message_recipient', 'team_id', 'team', 'fk_message_recipient_team_operation'))
USER = sa.table('user', sa.column('id', sa.Integer), sa.column('role', sa.String))
MEMBERSHIP = sa.table('membership', sa.column('user_id', sa.Integer), sa.column('operation_id', sa.Integer),
                      sa.column('role', sa.String), sa.column('created_at', sa.DateTime))
OPERATION = sa.table('operation', sa.column('id', sa.Integer), sa.column('slug', sa.String),
                     sa.column('name', sa.String), sa.column('status', sa.String),
                     sa.column('exercise', sa.Boolean), sa.column('created_at', sa.DateTime))


def upgrade():
    op.create_table('operation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('exercise', sa.Boolean(), nullable=False),
    sa.Column('created_at', outreach.models.UTCDateTime(), nullable=False),
    sa.Column('closed_at', outreach.models.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    op.create_table('membership',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('operation_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', outreach.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['operation_id'], ['operation.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('user_id', 'operation_id')
    )
    op.create_index('ix_membership_operation_role', 'membership', ['operation_id', 'role'], unique=False)
    first = make_first_operation()
    for table in SCOPED + ('audit_event',):
        op.add_column(table, sa.Column('operation_id', sa.Integer(), nullable=True))
        if first is not None:
            op.execute(sa.table(table, sa.column('operation_id', sa.Integer)).update().values(operation_id=first))
    for table in SCOPED + ('audit_event',):
        with op.batch_alter_table(table, naming_convention=CONVENTION) as batch:
            if table != 'audit_event':
                batch.alter_column('operation_id', existing_type=sa.Integer(), nullable=False)
            batch.create_index(f'ix_{table}_operation_id', ['operation_id'], unique=False)
            batch.create_foreign_key(f'fk_{table}_operation', 'operation', ['operation_id'], ['id'])
            for _table, old, name, columns in (u for u in UNIQUES if u[0] == table):
                batch.drop_constraint(old_name(table, 'uq', old), type_='unique')
                batch.create_unique_constraint(name, list(columns))
            if table in PARENTS:
                batch.create_unique_constraint(f'uq_{table}_operation_id', ['operation_id', 'id'])
            for _table, column, parent, name in (link for link in LINKS if link[0] == table):
                batch.drop_constraint(old_name(table, 'fk', (column,), parent), type_='foreignkey')
                batch.create_foreign_key(name, parent, ['operation_id', column], ['operation_id', 'id'])
    with op.batch_alter_table('user', naming_convention=CONVENTION) as batch:
        batch.drop_index('ix_user_role')
        batch.drop_column('role')


def make_first_operation() -> int | None:
    """Today's data as the operation `main`, with every account's role a membership in it; None when empty."""
    connection = op.get_bind()
    users = connection.execute(sa.select(USER.c.id, USER.c.role)).all()
    has_areas = connection.execute(sa.text('SELECT 1 FROM neighborhood LIMIT 1')).first() is not None
    if not users and not has_areas:
        return None
    now = datetime.now(timezone.utc).replace(tzinfo=None)  # stored as naive UTC, as UTCDateTime does
    connection.execute(OPERATION.insert().values(status='active', exercise=False, created_at=now, **FIRST))
    if users:
        connection.execute(MEMBERSHIP.insert(), [{'user_id': user_id, 'operation_id': FIRST['id'], 'role': role,
                                                  'created_at': now} for user_id, role in users])
    if connection.dialect.name == 'postgresql':  # the next operation must not take id 1 again
        connection.execute(sa.text("SELECT setval(pg_get_serial_sequence('operation', 'id'), 1)"))
    return FIRST['id']


def old_name(table: str, kind: str, columns: tuple, parent: str = '') -> str:
    """The name an unnamed constraint of the earlier schema has: PostgreSQL's own, or the batch convention's."""
    if op.get_bind().dialect.name == 'postgresql':
        return f"{table}_{'_'.join(columns)}_{'key' if kind == 'uq' else 'fkey'}"
    return CONVENTION[kind] % {'table_name': table, 'column_0_name': columns[0]}


def downgrade():
    connection = op.get_bind()
    count = connection.execute(sa.text('SELECT count(*) FROM operation')).scalar()
    if count > 1:
        raise RuntimeError('This database holds several operations; the schema before operations holds one. '
                           'Export and remove the others first.')
    with op.batch_alter_table('user') as batch:
        batch.add_column(sa.Column('role', sa.String(length=16), nullable=True))
    connection.execute(sa.text(
        'UPDATE "user" SET role = (SELECT role FROM membership WHERE membership.user_id = "user".id)'))
    connection.execute(sa.text('UPDATE "user" SET role = \'volunteer\' WHERE role IS NULL'))
    with op.batch_alter_table('user') as batch:
        batch.alter_column('role', existing_type=sa.String(length=16), nullable=False)
        batch.create_index('ix_user_role', ['role'], unique=False)
    for table in reversed(SCOPED + ('audit_event',)):
        with op.batch_alter_table(table) as batch:
            for _table, column, parent, name in (link for link in LINKS if link[0] == table):
                batch.drop_constraint(name, type_='foreignkey')
                batch.create_foreign_key(old_name(table, 'fk', (column,), parent), parent, [column], ['id'])
            if table in PARENTS:
                batch.drop_constraint(f'uq_{table}_operation_id', type_='unique')
            for _table, old, name, _columns in (u for u in UNIQUES if u[0] == table):
                batch.drop_constraint(name, type_='unique')
                batch.create_unique_constraint(old_name(table, 'uq', old), list(old))
            batch.drop_constraint(f'fk_{table}_operation', type_='foreignkey')
            batch.drop_index(f'ix_{table}_operation_id')
            batch.drop_column('operation_id')
    op.drop_index('ix_membership_operation_role', table_name='membership')
    op.drop_table('membership')
    op.drop_table('operation')
