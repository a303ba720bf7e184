"""pytest plugin for the run's database choice (tests/support/databases.py); conftest loads it."""

from __future__ import annotations

import weakref
from collections.abc import Iterator

import pytest
from sqlalchemy import event, make_url
from sqlalchemy.engine import Connection, Engine

from tests.support.databases import SERVER_URL, is_postgresql, postgres

engines: weakref.WeakSet[Engine] = weakref.WeakSet()


@event.listens_for(Engine, "engine_connect")
def _remember_engine(connection: Connection) -> None:
    engines.add(connection.engine)


def close_idle_connections() -> None:
    """Close the pooled connections apps left open, before their databases are emptied or dropped.

    An app that is never disposed would otherwise keep a connection that psycopg reports as a
    ResourceWarning when it is garbage-collected; a disposed engine reconnects when used again.
    """
    for engine in list(engines):
        if engine.dialect.name == "postgresql":
            engine.dispose()


@pytest.fixture(autouse=True)
def _return_test_databases() -> Iterator[None]:
    """Takes back the PostgreSQL databases lent during one test once it ends.

    Autouse fixtures are set up before the test's other function-scoped fixtures and torn down
    after them, so databases lent before this point belong to wider-scoped fixtures and are kept.
    """
    if not is_postgresql():
        yield
        return
    postgres.kept.extend(postgres.lent)
    postgres.lent.clear()
    yield
    lent, postgres.lent = postgres.lent, []
    scratch, postgres.scratch = postgres.scratch, []
    if lent or scratch:
        close_idle_connections()
        postgres.drop(scratch)
        postgres.give_back(lent)


def pytest_report_header() -> str:
    if is_postgresql():
        return f"database: PostgreSQL at {make_url(SERVER_URL).render_as_string()}"
    return "database: SQLite (NSC_TEST_DATABASE=postgresql for PostgreSQL)"


def pytest_sessionfinish() -> None:
    if is_postgresql():
        close_idle_connections()
        postgres.drop_all()
