"""A small library for the search tests: each practice there to prove one behaviour."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from nsc_library import create_app
from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.practice_rules import Status
from tests.support.factories import app_config, import_records, make_record


def record(title: str, city: str, country: str, **fields: Any) -> dict[str, Any]:
    """A record without the factory's shared wording, so that only what a test names matches."""
    neutral = {
        "title": title,
        "city": city,
        "country": country,
        "description": fields.pop("description", "A local practice, described in a few words."),
        "organisation": "",
        "partners": [],
        "results": "",
        "evaluation_summary": "",
        "resources": "",
        "contact_name": "",
        "contact_email": "",
        "contact_role": "",
        "links": [],
        "target_groups": [],
    }
    return make_record(**{**neutral, **fields})


PUBLISHED = [
    record(
        "Mentoring young people in Malmö",
        "Malmö",
        "SE",
        summary="Trained adult mentors meet one teenager every week.",
        themes=["youth-crime"],
        approaches=["mentoring"],
        target_groups=["young-people"],
        prevention_level="selective",
        evaluation="outcome",
        start_year=2015,
    ),
    record(
        "Neighbourhood safety walks in Bærum",
        "Bærum",
        "NO",
        summary="Residents organised evening walks; behaviour in the neighbourhood improved.",
        themes=["safe-urban-space"],
        approaches=["community-engagement"],
        target_groups=["general-public"],
        prevention_level="universal",
        evaluation="none",
        start_year=2008,
        end_year=2012,
    ),
    record(
        "Exit support in Tromsø",
        "Tromsø",
        "NO",
        summary="Helping people leave neo-Nazi groups: disengagement work with families.",
        themes=["violent-extremism"],
        approaches=["exit-programme"],
        target_groups=["extremist-milieus"],
        prevention_level="indicated",
        evaluation="impact",
        start_year=1998,
    ),
    record(
        "Hate speech lessons in Göteborg",
        "Göteborg",
        "SE",
        summary="Pupils learn to recognize online hate and answer it.",
        themes=["hate-speech"],
        approaches=["school-programme"],
        target_groups=["teachers-schools"],
        prevention_level="universal",
        evaluation="process",
        start_year=2020,
    ),
    record(
        "Info-house cooperation in Aarhus",
        "Aarhus",
        "DK",
        summary="Schools, social services and police share concerns about radicalisation early.",
        themes=["radicalisation"],
        approaches=["multi-agency-cooperation"],
        prevention_level="selective",
        evaluation="process",
        start_year=2007,
    ),
    record(
        "Support for returnees in Århus",
        "Århus",
        "DK",
        summary="Family counselling for returnees from conflict zones and their children.",
        themes=["violent-extremism"],
        approaches=["family-support"],
        prevention_level="indicated",
        evaluation="none",
        start_year=2014,
    ),
    record(
        "Förebyggande arbete mot våldsbejakande extremism i skolan",
        "Stockholm",
        "SE",
        summary="Skolan och socialtjänsten arbetar tillsammans mot radikalisering bland unga.",
        themes=["radicalisation"],
        approaches=["school-programme"],
        prevention_level="universal",
        evaluation="process",
        start_year=2016,
        language="sv",
    ),
    record(
        "Ankkuri-toiminta Espoossa",
        "Espoo",
        "FI",
        summary="Poliisi ja nuorisotyö ehkäisevät nuorten rikollisuutta yhdessä.",
        themes=["youth-crime"],
        approaches=["multi-agency-cooperation"],
        prevention_level="selective",
        evaluation="outcome",
        start_year=2012,
        language="fi",
    ),
    record(
        "Lighthouse evenings for families",
        "Oslo",
        "NO",
        summary="Parents meet to talk about worries.",
        themes=["polarisation"],
        approaches=["family-support"],
        prevention_level="universal",
        evaluation="none",
        start_year=None,
    ),
    record(
        "Family dialogue groups",
        "Oslo",
        "NO",
        summary="Parents talk in small groups.",
        description="The lighthouse idea: a lighthouse for families, a lighthouse in the dark.",
        themes=["polarisation"],
        approaches=["family-support"],
        prevention_level="universal",
        evaluation="none",
        start_year=2019,
    ),
    record(
        "Counter-speech training <b>for</b> moderators",
        "Odense",
        "DK",
        summary='Moderators learn counter-speech & <script>alert("x")</script> safety.',
        themes=["hate-speech"],
        approaches=["professional-training"],
        prevention_level="universal",
        evaluation="none",
        start_year=2021,
    ),
]
UNPUBLISHED_WORD = "zeppelin"
DRAFT = record(
    "Zeppelin watch draft",
    "Malmö",
    "SE",
    summary="Zeppelin mentoring in Malmö.",
    themes=["hate-crime"],
    start_year=2016,
)
SUBMITTED = record(
    "Zeppelin watch submitted",
    "Malmö",
    "SE",
    summary="Zeppelin mentoring under review.",
    themes=["hate-crime"],
    start_year=2016,
)
ARCHIVED = record(
    "Zeppelin watch archived",
    "Malmö",
    "SE",
    summary="Zeppelin mentoring, archived.",
    themes=["hate-crime"],
    start_year=2016,
)


def build_library(tmp_path: Path) -> Flask:
    """An app with the library above; the index is kept up to date by the outbox as it loads."""
    app = create_app(app_config(tmp_path))
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    import_records(app, PUBLISHED + [ARCHIVED])
    import_records(app, [DRAFT], status=Status.DRAFT)
    import_records(app, [SUBMITTED], status=Status.SUBMITTED)
    with app.app_context():
        archived = db.session.scalar(select(Practice).where(Practice.title == ARCHIVED["title"]))
        archived.status = Status.ARCHIVED
        db.session.commit()
    return app


def close(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def ids_by_title(app: Flask) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(select(Practice.title, Practice.id)).all())
