"""Migrations build the models' schema from nothing and upgrade a database that holds data.

Run on the test run's database, so that CI checks both SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, create_engine, func, inspect, select
from sqlalchemy.pool import NullPool

from nsc_library import create_app
from nsc_library.database import alembic_config
from nsc_library.extensions import db
from nsc_library.models import Practice
from tests.support.databases import blank_database_url
from tests.support.factories import app_config

FIRST = ScriptDirectory.from_config(alembic_config()).get_base()


@pytest.fixture
def blank(tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    url = blank_database_url(tmp_path)
    engine = create_engine(url, poolclass=NullPool)
    yield url, engine
    engine.dispose()


def schema_differences(engine: Engine) -> list:
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), db.metadata)


def test_init_db_on_an_empty_database_builds_the_models_schema(blank, tmp_path: Path) -> None:
    url, engine = blank
    assert inspect(engine).get_table_names() == []
    app = create_app(app_config(tmp_path, DATABASE_URL=url))
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()
    assert schema_differences(engine) == []


def test_upgrade_keeps_the_data_of_an_existing_database(blank, tmp_path: Path) -> None:
    url, engine = blank
    command.upgrade(alembic_config(engine), FIRST)
    insert_a_practice_as_the_first_schema_knew_it(engine)

    app = create_app(app_config(tmp_path, DATABASE_URL=url))
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        practice = db.session.scalar(select(Practice))
        assert practice.title == "Night walkers" and practice.city.name == "Tromsø"
        assert practice.partners == ["Red Cross"]
    with app.app_context():
        db.engine.dispose()
    assert schema_differences(engine) == []


def test_downgrade_to_nothing_and_upgrade_again(blank) -> None:
    _, engine = blank
    config = alembic_config(engine)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    assert inspect(engine).get_table_names() == ["alembic_version"]
    command.upgrade(config, "head")
    assert schema_differences(engine) == []
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Practice.__table__)) == 0


def insert_a_practice_as_the_first_schema_knew_it(engine: Engine) -> None:
    """Rows written with the columns of the first migration, read back from the database."""
    tables = MetaData()
    tables.reflect(engine)
    now = datetime(2020, 5, 1, 12, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            tables.tables["country"].insert(), {"code": "NO", "name": "Norway", "nordic": True}
        )
        city = connection.execute(
            tables.tables["city"].insert(), {"name": "Tromsø", "country_code": "NO"}
        ).inserted_primary_key[0]
        connection.execute(
            tables.tables["practice"].insert(),
            {
                "slug": "night-walkers-tromso", "title": "Night walkers",
                "summary": "Adults walk the streets at night.", "description": "", "city_id": city,
                "organisation": "", "partners": ["Red Cross"], "evaluation_summary": "",
                "results": "", "resources": "", "contact_name": "", "contact_email": "",
                "contact_role": "", "language": "en", "status": "published",
                "created_at": now, "updated_at": now, "published_at": now, "version": 1,
            },
        )  # fmt: skip
