"""A small mixed library for the open-data tests: published practices and one draft of each kind."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update

from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.practice_rules import Status
from tests.support.apps import AppTemplates
from tests.support.databases import is_postgresql
from tests.support.factories import import_records, make_record
from tests.support.watch import data_version, stop_watching

DRAFT_TITLE = "Unpublished zeppelin watch"
PAST = datetime(2025, 3, 1, 9, 30, 15, 250_000, tzinfo=UTC)

PUBLISHED = [
    make_record(
        title="Hate crime helpline in Malmö",
        summary="Victims of hate crime get advice the same day.",
        themes=["hate-crime"],
        approaches=["community-engagement"],
        target_groups=["victims"],
        prevention_level="selective",
        evaluation="outcome",
        start_year=2016,
        end_year=2021,
    ),
    make_record(
        title="Hate crime reporting in Göteborg",
        city="Göteborg",
        summary="Schools and police make reporting hate crime easy.",
        themes=["hate-crime", "hate-speech"],
        approaches=["school-programme"],
        target_groups=["teachers-schools", "young-people"],
        prevention_level="universal",
        evaluation="process",
        start_year=2009,
    ),
    make_record(
        title="Mentors for young people in Aarhus",
        city="Aarhus",
        country="DK",
        summary="A mentor follows one young person for a year.",
        themes=["youth-crime"],
        approaches=["mentoring"],
        target_groups=["young-people"],
        prevention_level="indicated",
        evaluation="impact",
        start_year=2012,
        language="da",
    ),
    make_record(
        title="Dialogue evenings in Bærum",
        city="Bærum",
        country="NO",
        summary="Residents and police talk over coffee every month.",
        themes=["polarisation"],
        evaluation="none",
        prevention_level="universal",
        start_year=2019,
        language="nb",
    ),
]
DRAFT = make_record(
    title=DRAFT_TITLE,
    summary="Hate crime zeppelin watch, not yet published.",
    city="Malmö",
    country="SE",
    themes=["hate-crime"],
    approaches=["mentoring"],
    start_year=2016,
)


def load_library(app: Flask) -> dict[str, str]:
    """Imports the published practices and the draft; returns slugs by title.

    Their dates are moved into the past, one day apart, so that Last-Modified is a settled
    second and anything the test changes afterwards is newer.
    """
    import_records(app, PUBLISHED)
    import_records(app, [DRAFT], status=Status.DRAFT)
    with app.app_context():
        practices = db.session.scalars(select(Practice).order_by(Practice.id)).all()
        for number, practice in enumerate(practices):
            moment = PAST + timedelta(days=number)
            values = {"updated_at": moment, "created_at": moment}
            if practice.published_at:
                values["published_at"] = moment
            db.session.execute(
                update(Practice.__table__).where(Practice.id == practice.id).values(**values)
            )
        db.session.commit()
        return dict(db.session.execute(select(Practice.title, Practice.slug)).all())


def titles(results: list[dict]) -> set[str]:
    return {r["title"] for r in results}


def app_for(
    request: pytest.FixtureRequest, tmp_path: Path, templates: AppTemplates
) -> Iterator[Flask]:
    """A module's `app` fixture: the library for tests that ask for its `slugs`, else empty.

    A test that names `app` itself may change the library, and gets a copy of its own. On SQLite
    a test that only reads it through `client` and `slugs` shares the module's (`shared_library`,
    one copy per module, about a tenth of a second less per test), and fails if it committed
    anything to it, so a test that writes without naming `app` cannot pass. On PostgreSQL each
    test has its own: the databases lent during a test are taken back when it ends
    (tests/support/database_fixtures.py), and a shared copy would be made during the first one.
    """
    if "slugs" not in request.fixturenames:
        with templates.app(tmp_path) as app:
            yield app
        return
    if is_postgresql() or "app" in inspect.signature(request.function).parameters:
        with templates.app(tmp_path, load_library) as app:
            yield app
        return
    app = request.getfixturevalue("shared_library")
    before = data_version(app)
    yield app
    assert data_version(app) == before, "a test that only reads the library changed it"


def shared_library(factory: pytest.TempPathFactory, templates: AppTemplates) -> Iterator[Flask]:
    """A module's `shared_library` fixture (module scope): the library, read by its tests."""
    with templates.app(factory.mktemp("library"), load_library) as app:
        yield app
        stop_watching(app)
