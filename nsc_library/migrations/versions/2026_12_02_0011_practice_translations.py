"""practice translations

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 01:40:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('practice_translation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=600), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('results', sa.Text(), nullable=False),
    sa.Column('evaluation_summary', sa.Text(), nullable=False),
    sa.Column('resources', sa.Text(), nullable=False),
    sa.Column('source_revision_id', sa.Integer(), nullable=False),
    sa.Column('translator_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], name=op.f('fk_practice_translation_practice_id_practice'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_revision_id'], ['revision.id'], name=op.f('fk_practice_translation_source_revision_id_revision'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['translator_id'], ['user_account.id'], name=op.f('fk_practice_translation_translator_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_translation')),
    sa.UniqueConstraint('practice_id', 'language', name=op.f('uq_practice_translation_practice_id'))
    )
    with op.batch_alter_table('practice_translation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_translation_source_revision_id'), ['source_revision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_translation_translator_id'), ['translator_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('practice_translation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_translation_translator_id'))
        batch_op.drop_index(batch_op.f('ix_practice_translation_source_revision_id'))

    op.drop_table('practice_translation')
