"""indexes for browsing the published library: newest first, and per city

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 05:10:00
"""

from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        'ix_practice_status_published', 'practice', ['status', 'published_at', 'id']
    )
    op.create_index('ix_practice_status_city', 'practice', ['status', 'city_id'])


def downgrade() -> None:
    op.drop_index('ix_practice_status_city', table_name='practice')
    op.drop_index('ix_practice_status_published', table_name='practice')
