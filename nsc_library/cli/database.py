"""`flask init-db`: create or upgrade the schema and add the seed vocabularies and countries."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from nsc_library import database, vocabularies
from nsc_library.extensions import db
from nsc_library.search import apply_pending_changes


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema and add the seed vocabularies and countries."""
    database.upgrade_schema()
    countries = vocabularies.seed_countries()
    terms = vocabularies.seed_vocabularies()
    models = vocabularies.seed_models()
    db.session.commit()
    # A new instance gets its (empty) search index here, so that search works from the start.
    apply_pending_changes()
    click.echo(
        f"Database ready: {countries} countries, {terms} vocabulary terms "
        f"and {models} Nordic models added."
    )


commands = [init_db]
