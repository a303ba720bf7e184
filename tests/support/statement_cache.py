"""One cache of compiled SQL for every engine a test process makes.

SQLAlchemy keeps each compiled statement under a key that begins with the dialect object that
compiled it, in a cache of the engine (queries) or of the mapper (the ORM's inserts, updates and
deletes). Each test app makes a new engine, with a new dialect, so each compiled the same few
hundred statements again: about a quarter of the time of the tests that make an app each.

Here the engines and mappers use one cache in which the dialect object is replaced by what a
compiled statement depends on: the dialect's class, its parameter style and the server's version,
which SQLAlchemy reads on the first connection. A statement is compiled once per process and kind
of database. Each engine keeps its own dialect, so an event registered on it (tests/test_faults.py
simulates an outage with one) still applies to that engine alone.

This module is the only place the tests touch SQLAlchemy's private `Mapper._compiled_cache`;
tests/test_statement_cache.py fails if a second app compiles again what a first one compiled.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.orm import configure_mappers
from sqlalchemy.util import LRUCache

from nsc_library.extensions import Base

# More than the statements of the whole app, so none is compiled twice in a test process.
STATEMENTS = 5000


class SharedStatements:
    """Compiled statements keyed by the kind of dialect instead of the dialect object."""

    def __init__(self) -> None:
        self.compiled: LRUCache = LRUCache(STATEMENTS)

    def get(self, key: tuple, default: Any = None) -> Any:
        return self.compiled.get((kind(key[0]), *key[1:]), default)

    def __setitem__(self, key: tuple, value: Any) -> None:
        self.compiled[(kind(key[0]), *key[1:])] = value


def kind(dialect: Dialect) -> Hashable:
    """What a compiled statement depends on. Asked only while executing, so after the dialect
    was set up from the server."""
    return (type(dialect), dialect.paramstyle, dialect.server_version_info)


SHARED = SharedStatements()


def share_compiled_statements() -> None:
    """Let every engine that connects from now on in this process use the shared cache."""
    if not event.contains(Engine, "engine_connect", _share):
        event.listen(Engine, "engine_connect", _share)


def _share(connection: Connection) -> None:
    engine = connection.engine
    if engine.get_execution_options().get("compiled_cache") is SHARED:
        return
    engine.update_execution_options(compiled_cache=SHARED)
    connection.execution_options(compiled_cache=SHARED)  # made before the engine's options changed
    configure_mappers()  # configuring resets what a mapper memoised, its cache included
    for mapper in Base.registry.mappers:
        if mapper.__dict__.get("_compiled_cache") is not SHARED:
            mapper._set_memoized_attribute("_compiled_cache", SHARED)
