"""english summary of practices written in another language

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 23:05:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('english_summary', sa.String(length=600), nullable=False, server_default='')
        )


def downgrade() -> None:
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.drop_column('english_summary')
