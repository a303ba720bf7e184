"""collections, questions to cities, correction reports

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 01:40:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('practice_collection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_collection')),
    sa.UniqueConstraint('slug', name=op.f('uq_practice_collection_slug'))
    )
    op.create_table('collection_item',
    sa.Column('collection_id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['collection_id'], ['practice_collection.id'], name=op.f('fk_collection_item_collection_id_practice_collection'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], name=op.f('fk_collection_item_practice_id_practice'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('collection_id', 'practice_id', name=op.f('pk_collection_item'))
    )
    with op.batch_alter_table('collection_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_collection_item_practice_id'), ['practice_id'], unique=False)

    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('study_visit', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('open', 'answered', name='questionstatus', native_enum=False, length=20, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'], name=op.f('fk_question_answered_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['city_id'], ['city.id'], name=op.f('fk_question_city_id_city')),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], name=op.f('fk_question_practice_id_practice'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question'))
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_city_id'), ['city_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_status'), ['status'], unique=False)

    op.create_table('correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='correctionstatus', native_enum=False, length=20, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=20), nullable=False),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('closed_by_user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['closed_by_user_id'], ['user_account.id'], name=op.f('fk_correction_closed_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], name=op.f('fk_correction_practice_id_practice'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correction'))
    )
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_status'))
        batch_op.drop_index(batch_op.f('ix_correction_practice_id'))
    op.drop_table('correction')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_status'))
        batch_op.drop_index(batch_op.f('ix_question_practice_id'))
        batch_op.drop_index(batch_op.f('ix_question_city_id'))
    op.drop_table('question')
    with op.batch_alter_table('collection_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_collection_item_practice_id'))
    op.drop_table('collection_item')
    op.drop_table('practice_collection')
