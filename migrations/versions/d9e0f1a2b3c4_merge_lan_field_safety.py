"""merge the lan, field and safety branches' migrations (the lead may re-chain them instead)

Revision ID: d9e0f1a2b3c4
Revises: c41d2e7a9b10, c4f1e2a9d7b3, 84d84d66bf42
Create Date: 2026-12-01 10:05:00.000000

"""


# revision identifiers, used by Alembic.
revision = 'd9e0f1a2b3c4'
down_revision = ('c41d2e7a9b10', 'c4f1e2a9d7b3', '84d84d66bf42')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
