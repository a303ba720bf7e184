"""city profiles and Nordic models

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 01:40:00
"""

import json
from importlib import resources

import sqlalchemy as sa
from alembic import op
from slugify import slugify

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

NORDIC_CODES = ("DK", "FI", "IS", "NO", "SE", "AX", "FO", "GL")


def upgrade() -> None:
    # Plain ADD COLUMN and CREATE INDEX only: on SQLite, a batch "move and copy" of city or
    # practice would drop a table that other rows reference (foreign keys are on).
    op.add_column('city', sa.Column('slug', sa.String(length=120), nullable=False, server_default=''))
    op.add_column('city', sa.Column('latitude', sa.Float(), nullable=True))
    op.add_column('city', sa.Column('longitude', sa.Float(), nullable=True))
    op.add_column('city', sa.Column('description', sa.String(length=600), nullable=False, server_default=''))
    op.add_column('city', sa.Column('member', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('city', sa.Column('member_since', sa.Integer(), nullable=True))
    fill_cities()
    op.create_index(op.f('ix_city_slug'), 'city', ['slug'], unique=True)
    if op.get_bind().dialect.name != 'sqlite':
        op.alter_column('city', 'slug', server_default=None)

    op.create_table('nordic_model',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('other_names', sa.JSON(), nullable=False),
    sa.Column('origin_country_code', sa.String(length=2), nullable=True),
    sa.Column('origin_year', sa.Integer(), nullable=True),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('idea', sa.Text(), nullable=False),
    sa.Column('how_it_works', sa.Text(), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('materials', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['origin_country_code'], ['country.code'], name=op.f('fk_nordic_model_origin_country_code_country')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nordic_model')),
    sa.UniqueConstraint('name', name=op.f('uq_nordic_model_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_nordic_model_slug'))
    )
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE practice ADD COLUMN model_id INTEGER '
                   'CONSTRAINT fk_practice_model_id_nordic_model '
                   'REFERENCES nordic_model (id)')
    else:
        op.add_column('practice', sa.Column('model_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_practice_model_id_nordic_model'), 'practice', 'nordic_model',
                              ['model_id'], ['id'])
    op.create_index(op.f('ix_practice_model_id'), 'practice', ['model_id'], unique=False)


def fill_cities() -> None:
    """A stable slug for every city; the coordinates of the demo library's cities; Nordic ones are members."""
    places = json.loads(resources.files('nsc_library.data').joinpath('places.json').read_text('utf-8'))
    known = {(p['name'], p['country']): p for p in places['cities']}
    connection = op.get_bind()
    city = sa.table('city', sa.column('id', sa.Integer), sa.column('name', sa.String),
                    sa.column('country_code', sa.String), sa.column('slug', sa.String),
                    sa.column('latitude', sa.Float), sa.column('longitude', sa.Float),
                    sa.column('member', sa.Boolean))
    taken: set[str] = set()
    rows = connection.execute(sa.select(city.c.id, city.c.name, city.c.country_code).order_by(city.c.id))
    for id_, name, country in rows.all():
        slug = slugify(name, max_length=100) or 'city'
        if slug in taken:
            slug = f'{slug}-{country.lower()}'
        n = 2
        while slug in taken:
            slug, n = f'{slugify(name, max_length=100)}-{country.lower()}-{n}', n + 1
        taken.add(slug)
        place = known.get((name, country), {})
        connection.execute(city.update().where(city.c.id == id_).values(
            slug=slug, latitude=place.get('latitude'), longitude=place.get('longitude'),
            member=country in NORDIC_CODES))


def downgrade() -> None:
    op.drop_index(op.f('ix_practice_model_id'), table_name='practice')
    if op.get_bind().dialect.name != 'sqlite':  # SQLite's is unnamed; the copy leaves it out
        op.drop_constraint(op.f('fk_practice_model_id_nordic_model'), 'practice', type_='foreignkey')
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.drop_column('model_id')
    op.drop_table('nordic_model')
    op.drop_index(op.f('ix_city_slug'), table_name='city')
    with op.batch_alter_table('city', schema=None) as batch_op:
        batch_op.drop_column('member_since')
        batch_op.drop_column('member')
        batch_op.drop_column('description')
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
        batch_op.drop_column('slug')
