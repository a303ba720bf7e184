"""A small mixed library for the open-data tests: published practices and one draft of each kind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import select, update

from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.practice_rules import Status
from tests.support.factories import import_records, make_record

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
