"""Test apps made from a template: migrate and fill a database once, copy it for each test.

Migrating, seeding and indexing take a few tenths of a second (the demo library, seconds);
copying a SQLite file and an index folder takes a few thousandths. Each template is made once
per run, by the first xdist worker that asks for it, and copied by all (a template is keyed by
the function that fills it; tests/support/shared.py). On PostgreSQL the
template database already exists (tests/support/databases.py clones it), so apps there are set
up and filled as before.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from nsc_library import create_app
from nsc_library.extensions import db
from tests.support.databases import is_postgresql
from tests.support.factories import app_config
from tests.support.shared import once_per_run

DATABASE_FILE = "test.sqlite3"
INDEX_FOLDER = "index"
Fill = Callable[[Flask], Any]


def set_up(app: Flask, fill: Fill | None) -> Any:
    """What the `app` fixture always did: init-db, then the test data."""
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    return fill(app) if fill else None


def seed_demo(app: Flask) -> None:
    """A fill: the demo library that ships with the app."""
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class AppTemplates:
    """This worker's template folders (database file and index), one per fill function."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.made: dict[str, tuple[Path, Any]] = {}

    def template(self, fill: Fill | None) -> tuple[Path, Any]:
        key = f"{fill.__module__}.{fill.__qualname__}" if fill else "empty"
        if key not in self.made:
            self.made[key] = once_per_run(f"template-{key}", self.factory, lambda: self.make(fill))
        return self.made[key]

    def make(self, fill: Fill | None) -> tuple[Path, Any]:
        folder = self.factory.mktemp("template")
        app = create_app(app_config(folder))
        try:
            return folder, set_up(app, fill)
        finally:
            dispose(app)

    def copy(self, tmp_path: Path, fill: Fill | None) -> Any:
        """Copy a template's database and index into tmp_path; the fill's result."""
        folder, result = self.template(fill)
        for source in folder.glob(f"{DATABASE_FILE}*"):  # with a -wal or -journal file if any
            shutil.copy2(source, tmp_path / source.name)
        shutil.copytree(folder / INDEX_FOLDER, tmp_path / INDEX_FOLDER)
        return result

    @contextmanager
    def app(self, tmp_path: Path, fill: Fill | None = None, **config: Any) -> Iterator[Flask]:
        """An app on tmp_path, set up and filled; the fill's result in app.extensions."""
        if is_postgresql():
            app = create_app(app_config(tmp_path, **config))
            result = set_up(app, fill)
        else:
            result = self.copy(tmp_path, fill)
            app = create_app(app_config(tmp_path, **config))
        app.extensions["tests.filled"] = result
        try:
            yield app
        finally:
            dispose(app)
