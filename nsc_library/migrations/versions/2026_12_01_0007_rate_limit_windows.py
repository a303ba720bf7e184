"""rate limit windows

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 22:50:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rate_limit_window',
    sa.Column('bucket', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('window_start', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('expires_at', sa.Integer(), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('bucket', 'address', 'window_start', name=op.f('pk_rate_limit_window'))
    )
    with op.batch_alter_table('rate_limit_window', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_window_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rate_limit_window', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_window_expires_at'))

    op.drop_table('rate_limit_window')
