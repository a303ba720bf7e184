"""Fixtures: an app on a temporary instance folder, its test client and CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from tests.support.apps import AppTemplates, seed_demo
from tests.support.statement_cache import share_compiled_statements
from tests.support.template_cache import share_compiled_templates

pytest_plugins = ["tests.support.database_fixtures"]
share_compiled_templates()
share_compiled_statements()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests (a minute or so each) first, in their order, then the rest in theirs.

    pytest-xdist hands tests out in this order: a slow test that started last would keep one
    worker busy long after the other ran out of tests.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def app_templates(tmp_path_factory: pytest.TempPathFactory) -> AppTemplates:
    return AppTemplates(tmp_path_factory)


@pytest.fixture
def app(tmp_path: Path, app_templates: AppTemplates) -> Iterator[Flask]:
    with app_templates.app(tmp_path) as app:
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture(scope="module")
def demo_app(
    tmp_path_factory: pytest.TempPathFactory, app_templates: AppTemplates
) -> Iterator[Flask]:
    """An app loaded with the demo library, shared by the read-only tests of one module."""
    with app_templates.app(tmp_path_factory.mktemp("demo"), seed_demo) as app:
        yield app


@pytest.fixture
def demo_client(demo_app: Flask) -> FlaskClient:
    return demo_app.test_client()
