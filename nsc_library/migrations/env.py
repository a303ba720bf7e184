"""Alembic environment: runs against the engine the app passes in config.attributes."""

from alembic import context

from nsc_library import models  # noqa: F401  (registers every table on the metadata)
from nsc_library.extensions import db

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=db.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
