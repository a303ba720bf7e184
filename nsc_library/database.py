"""Database engine settings and schema migrations (Alembic, shipped in the package)."""

from __future__ import annotations

from functools import partial

from alembic import command
from alembic.config import Config
from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from nsc_library.extensions import db

MIGRATIONS = "nsc_library:migrations"


def configure_engine(app: Flask) -> None:
    """SQLite needs foreign keys switched on, a write-ahead log and a busy timeout for workers."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        busy_ms = int(float(app.config["SQLITE_BUSY_TIMEOUT"]) * 1000)
        event.listen(engine, "connect", partial(_sqlite_pragmas, busy_ms=busy_ms))


def _sqlite_pragmas(dbapi_connection, _record, busy_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # A writer waits this long for another process's write to finish; after it, "database is
    # locked" is answered with the 503 page (errors.py) and the transaction is rolled back whole.
    cursor.execute(f"PRAGMA busy_timeout = {busy_ms:d}")
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
