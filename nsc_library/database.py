"""Database engine settings and schema migrations (Alembic, shipped in the package)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from flask import Flask
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine

from nsc_library.extensions import db

MIGRATIONS = "nsc_library:migrations"


def configure_engine(app: Flask) -> None:
    """SQLite needs foreign keys switched on, a write-ahead log and a busy timeout for workers."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 15000")
    cursor.close()
    # SQLite's own lower() changes ASCII letters only ('Ö' stays 'Ö'); PostgreSQL's changes every
    # letter. Case-insensitive lookups (cities, titles, e-mails) must match alike on both.
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade_schema() -> None:
    """Bring the current app's database to the newest migration."""
    command.upgrade(alembic_config(db.engine), "head")


def schema_exists() -> bool:
    return inspect(db.engine).has_table("practice")
