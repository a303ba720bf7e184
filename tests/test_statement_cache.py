"""Test apps share compiled SQL (tests/support/statement_cache.py), so a new app compiles nothing
that an earlier one of the process already compiled; this fails if SQLAlchemy stops using the
caches the module replaces."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import event, select

from nsc_library.extensions import db
from nsc_library.models import User
from tests.support.apps import AppTemplates
from tests.support.factories import make_user

EMAIL = "compiled.once@example.org"


def sign_up_and_find(app: Flask) -> None:
    make_user(app, EMAIL, "contributor", "Malmö")  # the ORM's inserts: the mappers' cache
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == EMAIL))  # the engine's cache


def test_a_second_app_compiles_nothing_the_first_compiled(
    tmp_path: Path, app_templates: AppTemplates
) -> None:
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    with app_templates.app(tmp_path / "first") as first:
        sign_up_and_find(first)
    compiled: list[tuple[str, bool]] = []

    def record(_connection, _cursor, statement, _parameters, context, _many) -> None:
        if context.compiled is not None:
            compiled.append((statement, context.cache_hit == context.dialect.CACHE_HIT))

    with app_templates.app(tmp_path / "second") as second:
        with second.app_context():
            event.listen(db.engine, "after_cursor_execute", record)
        sign_up_and_find(second)
    assert any(statement.startswith("INSERT INTO") for statement, _ in compiled), compiled
    assert [statement for statement, hit in compiled if not hit] == []
