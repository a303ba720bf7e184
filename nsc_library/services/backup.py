"""Backup and restore: every table of the library in one JSON document (gzip-compressed if *.gz).

Tables are read from the database itself (reflection), so a table added by a later migration is
included without a change here. Left out: Alembic's bookkeeping, and the index outbox (the search
index is rebuilt after a restore). Password hashes only when asked for.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import import_module
from pathlib import Path
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData, Table, func, inspect, select, text
from sqlalchemy import table as table_named
from sqlalchemy import types as sqltypes

from nsc_library import progress
from nsc_library.database import alembic_config
from nsc_library.extensions import db

FORMAT = "nsc-library-backup"
FORMAT_VERSION = 1
SKIPPED_TABLES = {"alembic_version", "index_outbox"}
SECRET_COLUMNS = {("user_account", "password_hash")}
CONTENT_TABLES = ("practice", "user_account")  # an instance holding rows here is not empty
# Rows inserted per statement in a restore: progress shows between batches.
RESTORE_BATCH = 1000


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why."""


@dataclass
class BackupReport:
    path: Path
    schema_revision: str | None
    rows: dict[str, int] = field(default_factory=dict)
    indexed: int | None = None
    index_problem: str | None = None

    def summary(self) -> str:
        counts = ", ".join(f"{n} {t}" for t, n in self.rows.items() if t in CONTENT_TABLES)
        return f"{sum(self.rows.values())} rows in {len(self.rows)} tables ({counts})"


def write_backup(path: Path, with_password_hashes: bool = False) -> BackupReport:
    """Write every table, read in one transaction, to `path`; replaced only once complete."""
    with db.engine.connect() as connection:
        begin_snapshot(connection)
        tables = reflected_tables(connection)
        revision = schema_revision(connection)
        document: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "schema_revision": revision,
            "password_hashes": with_password_hashes,
            "tables": {},
        }
        rows_read = progress.Counter(
            "Reading tables", sum(row_count(connection, t) for t in tables)
        )
        for table in tables:
            dumped = dump_table(connection, table, with_password_hashes)
            document["tables"][table.name] = dumped
            rows_read.add(len(dumped["rows"]))
        connection.rollback()
    write_atomically(path, document)
    rows = {name: len(t["rows"]) for name, t in document["tables"].items()}
    return BackupReport(path, revision, rows)


def begin_snapshot(connection: Connection) -> None:
    """One consistent view of all tables while they are read, on both databases."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    elif connection.dialect.name == "sqlite":
        # pysqlite opens no transaction for reads; without one, each SELECT sees its own moment.
        connection.exec_driver_sql("BEGIN")


def reflected_tables(connection: Connection) -> list[Table]:
    metadata = MetaData()
    metadata.reflect(connection)
    return [t for t in metadata.sorted_tables if t.name not in SKIPPED_TABLES]


def schema_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.scalar(text("SELECT version_num FROM alembic_version"))


def row_count(connection: Connection, table: Table) -> int:
    return connection.scalar(select(func.count()).select_from(table)) or 0


def dump_table(connection: Connection, table: Table, with_password_hashes: bool) -> dict:
    columns = [c.name for c in table.columns]
    hidden = {c for t, c in SECRET_COLUMNS if t == table.name and not with_password_hashes}
    order = [*table.primary_key.columns]  # a stable order; json columns cannot be sorted
    rows = [
        [
            None if name in hidden else to_json(value)
            for name, value in zip(columns, row, strict=True)
        ]
        for row in connection.execute(select(table).order_by(*order))
    ]
    return {"columns": columns, "rows": rows}


def to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def write_atomically(path: Path, document: dict) -> None:
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if path.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)  # users' e-mail addresses, maybe password hashes
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_backup(path: Path) -> dict:
    """The backup document in `path`, checked for its format; BackupError if it is not one."""
    try:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        document = json.loads(data)
    except (OSError, EOFError, ValueError) as exc:
        raise BackupError(f"{path}: not a readable backup ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path}: not a library backup")
    if document.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{path}: backup format {document.get('format_version')} is unknown")
    for name, table in document.get("tables", {}).items():
        if not isinstance(table, dict) or any(
            len(row) != len(table.get("columns", ())) for row in table.get("rows", ())
        ):
            raise BackupError(f"{path}: table {name} is damaged")
    return document


def restore_backup(path: Path) -> BackupReport:
    """Restore into an empty instance (no tables, or only what init-db adds), then reindex."""
    document = read_backup(path)
    revision = document["schema_revision"]
    config = alembic_config(db.engine)
    if revision not in known_revisions():
        raise BackupError(f"the backup's schema {revision} is unknown to this version of the app")
    with db.engine.connect() as connection:
        current = schema_revision(connection)
    if current is None:
        # A new database: build the schema the backup was made with; newer migrations follow.
        command.upgrade(config, revision)
    elif current != revision:
        raise BackupError(
            f"the database's schema is {current}, the backup's {revision}: restore into a "
            "new, empty database so that the migrations can bring the backup up to date"
        )
    with db.engine.begin() as connection:
        refuse_unless_empty(connection)
        tables = {t.name: t for t in reflected_tables(connection)}
        rows = load_tables(connection, tables, document["tables"])
    command.upgrade(config, "head")
    report = BackupReport(path, revision, rows)
    try:
        report.indexed = rebuild_search_index()
    except Exception as exc:  # the data is in; the index can be rebuilt later with `reindex`
        report.index_problem = str(exc) or type(exc).__name__
    return report


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def refuse_unless_empty(connection: Connection) -> None:
    counts = {
        name: connection.scalar(select(func.count()).select_from(table_named(name)))
        for name in CONTENT_TABLES
    }
    if any(counts.values()):
        held = ", ".join(f"{n} rows in {t}" for t, n in counts.items() if n)
        raise BackupError(f"the database is not empty ({held}); restore only into a new instance")


def load_tables(connection: Connection, tables: dict[str, Table], saved: dict) -> dict[str, int]:
    unknown = set(saved) - set(tables)
    if unknown:
        raise BackupError(f"the backup holds tables this database lacks: {sorted(unknown)}")
    # Rows init-db seeded (countries, vocabularies) make way for the backup's own.
    for table in reversed(tables.values()):
        connection.execute(table.delete())
    rows: dict[str, int] = {}
    rows_written = progress.Counter(
        "Writing tables", sum(len(saved[name]["rows"]) for name in tables if name in saved)
    )
    for name, table in tables.items():
        if name not in saved:
            continue
        records = [decode_row(table, saved[name]["columns"], row) for row in saved[name]["rows"]]
        for start in range(0, len(records), RESTORE_BATCH):
            batch = records[start : start + RESTORE_BATCH]
            connection.execute(table.insert(), batch)
            rows_written.add(len(batch))
        rows[name] = len(records)
    if connection.dialect.name == "postgresql":
        restart_sequences(connection, tables.values())
    return rows


def decode_row(table: Table, columns: list[str], row: list) -> dict[str, Any]:
    record = {}
    for name, value in zip(columns, row, strict=True):
        if name not in table.columns:
            raise BackupError(f"the backup's column {table.name}.{name} is unknown here")
        kind = table.columns[name].type
        if value is not None and isinstance(kind, sqltypes.DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, sqltypes.Date):
            value = date.fromisoformat(value)
        record[name] = value
    return record


def restart_sequences(connection: Connection, tables) -> None:
    """Rows came with their ids: move each id sequence past them, or the next insert collides."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = connection.scalar(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            )
            if sequence:
                highest = connection.scalar(select(func.max(column)))
                connection.execute(
                    text("SELECT setval(:s, :v, :called)"),
                    {"s": sequence, "v": highest or 1, "called": highest is not None},
                )


def rebuild_search_index() -> int | None:
    """Rebuild the index if the search package offers it (imported late: it is optional here)."""
    try:
        search = import_module("nsc_library.search")
    except ImportError:
        return None
    rebuild = getattr(search, "rebuild_index", None)
    return rebuild() if rebuild else None
