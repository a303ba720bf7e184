"""index practice.updated_at: the library's last change is read on every API request

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 23:20:00
"""

from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_updated_at'), ['updated_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_updated_at'))
