"""The test run's database: SQLite files (default) or PostgreSQL (NSC_TEST_DATABASE=postgresql).

On PostgreSQL each xdist worker migrates one template database once and clones it
(`CREATE DATABASE ... TEMPLATE`) whenever a test needs a database and none is free. When a test
ends, its databases are emptied (rows deleted, sequences restarted) and reused by the next test:
cloning costs about half a second here, emptying a few hundredths. A database whose schema a test
changed is dropped instead. Databases made for module- or session-scoped fixtures live until the
end of the run. Without a server the tests skip, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from nsc_library.database import alembic_config

CHOICE = os.environ.get("NSC_TEST_DATABASE", "sqlite").strip().lower()
# The server scripts/postgres.sh starts, on its port (NSC_PG_PORT, as the script reads it).
PG_PORT = os.environ.get("NSC_PG_PORT", "54329")
SERVER_URL = os.environ.get(
    "NSC_TEST_POSTGRES_URL", f"postgresql+psycopg://postgres@127.0.0.1:{PG_PORT}/postgres"
)
PREFIX = "nsc_t_"
# One round trip: end the connections a test left open (waiting up to 5 s for each, so that no
# lock holds up the deletes), then empty every table, in any order (replica mode skips the
# foreign-key triggers), and restart every sequence.
EMPTY_DATABASE = """
DO $$
DECLARE item record;
BEGIN
  PERFORM pg_terminate_backend(pid, 5000) FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid();
  SET LOCAL session_replication_role = replica;
  FOR item IN SELECT tablename FROM pg_tables
      WHERE schemaname = 'public' AND tablename <> 'alembic_version' LOOP
    EXECUTE format('DELETE FROM %I', item.tablename);
  END LOOP;
  FOR item IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
    EXECUTE format('ALTER SEQUENCE %I RESTART', item.sequencename);
  END LOOP;
END $$
"""


def is_postgresql() -> bool:
    return CHOICE in ("postgresql", "postgres", "pg")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(reason: str) -> None:
    """Skip a test that needs PostgreSQL, or fail it in CI, where nothing may be skipped."""
    if in_ci():
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not available: {reason}")


class PostgresDatabases:
    """This worker's databases on one PostgreSQL server: created, lent to tests, reused, dropped."""

    def __init__(self, server_url: str) -> None:
        self.server = make_url(server_url)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        # The pid keeps names apart between workers and between runs sharing a server.
        self.prefix = f"{PREFIX}{os.getpid()}_{worker}_"
        self.template = f"{self.prefix}tmpl"
        self.numbers = count(1)
        self.kept: list[str] = []  # lent to wider-scoped fixtures, dropped at the end of the run
        self.lent: list[str] = []  # lent during the current test
        self.scratch: list[str] = []  # blank databases of the current test, never reused
        self.free: list[str] = []
        self.by_key: dict[str, str] = {}
        self.failure: str | None = None
        self.head: str | None = None

    def url(self, name: str) -> URL:
        return self.server.set(database=name)

    @contextmanager
    def connect(self, name: str | None = None) -> Iterator[Connection]:
        url = self.url(name) if name else self.server
        engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with engine.connect() as connection:
                yield connection
        finally:
            engine.dispose()

    def execute(self, *statements: str) -> None:
        with self.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))

    def prepare(self) -> None:
        """Once per worker: check the server, drop leftovers of dead runs, migrate the template."""
        if self.failure:
            unavailable(self.failure)
        if self.head:
            return
        try:
            self.drop_leftovers()
            # Left by a migration that failed for an earlier test of this worker: try again.
            self.drop([self.template])
            self.execute(f'CREATE DATABASE "{self.template}"')
        except OperationalError as exc:
            self.failure = f"{self.server.render_as_string()}: {exc.orig}"
            unavailable(self.failure)
        engine = create_engine(self.url(self.template), poolclass=NullPool)
        try:
            command.upgrade(alembic_config(engine), "head")
        finally:
            engine.dispose()
        self.head = self.version_of(self.template)

    def drop_leftovers(self) -> None:
        with self.connect() as connection:
            names = connection.scalars(
                text("SELECT datname FROM pg_database WHERE datname LIKE :p"), {"p": f"{PREFIX}%"}
            ).all()
        self.drop([name for name in names if not process_alive(name.removeprefix(PREFIX))])

    def version_of(self, name: str) -> str | None:
        with self.connect(name) as connection:
            return connection.scalar(text("SELECT max(version_num) FROM alembic_version"))

    def lend(self, key: str) -> str:
        """An empty, migrated database for `key`; its URL, ready for create_app.

        The same key (a test's tmp_path) gets the same database, as it would get the same file.
        """
        self.prepare()
        if key in self.by_key:
            return self.url(self.by_key[key]).render_as_string(hide_password=False)
        if self.free:
            name = self.free.pop()
        else:
            name = self.new_name()
            self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.lent.append(name)
        self.by_key[key] = name
        return self.url(name).render_as_string(hide_password=False)

    def blank(self) -> str:
        """A database without any table, for migration tests; dropped when the test ends."""
        self.prepare()
        name = self.new_name()
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        self.scratch.append(name)
        return self.url(name).render_as_string(hide_password=False)

    def new_name(self) -> str:
        return f"{self.prefix}{next(self.numbers)}"

    def give_back(self, names: list[str]) -> None:
        """Empty the databases a test used and keep them for the next test."""
        self.by_key = {k: n for k, n in self.by_key.items() if n not in names}
        for name in names:
            if self.empty(name):
                self.free.append(name)
            else:
                self.drop([name])

    def empty(self, name: str) -> bool:
        """Delete every row and restart every sequence; False if the schema is not at head."""
        with self.connect(name) as connection:
            try:
                version = connection.scalar(text("SELECT max(version_num) FROM alembic_version"))
            except DBAPIError:
                return False
            if version != self.head:
                return False
            connection.execute(text(EMPTY_DATABASE))
        return True

    def drop(self, names: list[str]) -> None:
        # FORCE ends connections a test left open (an app whose engine was never disposed).
        self.execute(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in names))

    def drop_all(self) -> None:
        if self.head:
            self.drop([*self.kept, *self.lent, *self.scratch, *self.free, self.template])


def process_alive(name_rest: str) -> bool:
    """Whether the process that made a database (its pid starts the name) still runs here."""
    pid = name_rest.split("_", 1)[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


postgres = PostgresDatabases(SERVER_URL)


def database_url(tmp_path: Path) -> str:
    """The database a test app uses: a file in tmp_path, or an empty migrated PostgreSQL one."""
    if is_postgresql():
        return postgres.lend(str(tmp_path))
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


def blank_database_url(tmp_path: Path, name: str = "blank") -> str:
    """A database without any table (not even Alembic's), to test migrations from nothing."""
    if is_postgresql():
        return postgres.blank()
    return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
