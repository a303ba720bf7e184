"""implementation, evidence level and adaptation reports (exchange format 2)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

LEVELS = ('not_assessed', 'described', 'theory_based', 'promising', 'effective', 'did_not_work')


def upgrade() -> None:
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'evidence_level',
            sa.Enum(*LEVELS, name='evidencelevel', native_enum=False, create_constraint=True,
                    length=20),
            nullable=False,
            server_default='not_assessed',
        ))
        batch_op.add_column(sa.Column('implementation', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_practice_evidence_level'), ['evidence_level'],
                              unique=False)

    op.create_table('practice_adaptation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('components', sa.JSON(), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('what_happened', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], name=op.f('fk_practice_adaptation_practice_id_practice'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['practice.id'], name=op.f('fk_practice_adaptation_source_id_practice'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_adaptation')),
    sa.UniqueConstraint('practice_id', 'source_id', name=op.f('uq_practice_adaptation_practice_id'))
    )
    with op.batch_alter_table('practice_adaptation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_adaptation_source_id'), ['source_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('practice_adaptation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_adaptation_source_id'))
    op.drop_table('practice_adaptation')
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_evidence_level'))
        batch_op.drop_column('implementation')
        # The level's CHECK constraint names the column: it goes first (SQLite copies it).
        batch_op.drop_constraint(op.f('ck_practice_evidencelevel'), type_='check')
        batch_op.drop_column('evidence_level')
