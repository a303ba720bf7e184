"""`import-practices`: every record is checked first; one bad record means nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import Practice, Revision
from nsc_library.practice_rules import Status
from tests.support.factories import import_records, make_record, write_json


def practice_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Practice.id)))


def run_import(runner, path: Path, *args: str):
    return runner.invoke(args=["import-practices", str(path), *args])


def test_import_creates_practices_with_every_field(app: Flask, runner, tmp_path: Path) -> None:
    record = make_record(themes=["hate-crime", "polarisation"], partners=["A", "B"])
    result = run_import(runner, write_json(tmp_path / "in.json", [record]), "--status", "published")
    assert result.exit_code == 0, result.output
    assert "1 created, 0 updated, 0 unchanged" in result.output
    with app.app_context():
        practice = db.session.scalar(select(Practice))
        assert practice.status == Status.PUBLISHED
        assert practice.city.name == "Malmö" and practice.city.country_code == "SE"
        assert [t.slug for t in practice.themes] == ["hate-crime", "polarisation"]
        assert practice.partners == ["A", "B"]
        assert practice.links[0].url == "https://example.org/dialogue"
        assert practice.published_at is not None and practice.last_verified is not None
        assert len(practice.revisions) == 1


def test_import_defaults_to_draft(app: Flask, runner, tmp_path: Path) -> None:
    result = run_import(runner, write_json(tmp_path / "in.json", [make_record()]))
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(Practice.status)) == Status.DRAFT


def test_json_lines_are_accepted(app: Flask, runner, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(make_record(), ensure_ascii=False) for _ in range(3)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    assert practice_count(app) == 3


BAD_RECORDS = [
    ({"country": "XX"}, "country: “XX” is not an ISO 3166 country code"),
    ({"country": None}, "country: is required"),
    ({"title": ""}, "title: is required"),
    ({"summary": "x" * 601}, "summary: is 601 characters long; the limit is 600"),
    ({"title": 42}, "title: expected text, got a number"),
    ({"themes": []}, "themes: at least one is required"),
    ({"themes": ["no-such-theme"]}, "themes: 'no-such-theme': not in the library's themes"),
    ({"approaches": "mentoring"}, "approaches: expected a list of slugs, got text"),
    ({"target_groups": ["aliens"]}, "target_groups: 'aliens': not in the library's target groups"),
    ({"prevention_level": "maximal"}, "prevention_level: “maximal” is not one of"),
    ({"evaluation": "great"}, "evaluation: “great” is not one of"),
    ({"start_year": 2015, "end_year": 2012}, "end_year: 2012 is before the start year, 2015"),
    ({"start_year": 2999}, "start_year: 2999 is in the future"),
    ({"start_year": "2015"}, "start_year: expected a whole year such as 2019, got text"),
    ({"start_year": 1200}, "start_year: 1200 is before 1950"),
    ({"contact_email": "not-an-address"}, "contact_email: “not-an-address” is not a valid e-mail"),
    ({"links": [{"title": "x", "url": "javascript:alert(1)"}]}, "is not an http(s) URL"),
    ({"links": [{"title": "x", "url": "ftp://example.org/"}]}, "is not an http(s) URL"),
    ({"links": "https://example.org"}, "links: expected a list of {title, url} objects"),
    ({"partners": "Police"}, "partners: expected a list of names, got text"),
    ({"language": "xx"}, "language: “xx” is not an ISO 639-1 language code"),
    ({"colour": "blue"}, "colour: unknown field"),
    ({"description": "bad\x00byte"}, "description: contains control characters"),
]


@pytest.mark.parametrize(("change", "message"), BAD_RECORDS, ids=[m for _, m in BAD_RECORDS])
def test_bad_record_is_reported_and_nothing_is_written(
    app: Flask, runner, tmp_path: Path, change: dict, message: str
) -> None:
    good = make_record()
    bad = make_record(**change)
    result = run_import(runner, write_json(tmp_path / "in.json", [good, bad]))
    assert result.exit_code != 0
    assert 'record 2 ("' in result.output
    assert message in result.output
    assert "nothing was imported" in result.output
    assert practice_count(app) == 0


def test_every_problem_is_listed_with_its_record_number_and_title(
    app: Flask, runner, tmp_path: Path
) -> None:
    records = [make_record(), make_record(title="Bad one", country="XX", start_year="x")]
    records.append("not an object")
    result = run_import(runner, write_json(tmp_path / "in.json", records))
    assert result.exit_code != 0
    assert 'record 2 ("Bad one"): country: “XX” is not an ISO 3166 country code' in result.output
    assert 'record 2 ("Bad one"): start_year: expected a whole year' in result.output
    assert 'record 3 ("untitled"): record: expected a JSON object, got text' in result.output
    assert "3 problem(s)" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[{'title': 1}]", "invalid JSON"),
        (b'{"title": "x"}\n{broken', "invalid JSON on line 2"),
        (b'"a string"', "expected a JSON array of practice objects, or JSON Lines"),
        (b'{"records": 1}', "records: unknown field"),
        ('[{"title": "Malmö"}]'.encode("latin-1"), "not UTF-8"),
        (b"   ", "the file is empty"),
    ],
)
def test_unreadable_files_give_a_clear_error(
    app: Flask, runner, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(content)
    result = run_import(runner, path)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert practice_count(app) == 0


def test_dry_run_validates_and_writes_nothing(app: Flask, runner, tmp_path: Path) -> None:
    result = run_import(runner, write_json(tmp_path / "in.json", [make_record()]), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would have 1 created" in result.output
    assert practice_count(app) == 0


def test_same_title_and_city_updates_instead_of_duplicating(
    app: Flask, runner, tmp_path: Path
) -> None:
    original = make_record()
    import_records(app, [original])
    changed = dict(original, title=original["title"].upper(), summary="A new summary.")
    result = run_import(runner, write_json(tmp_path / "in.json", [changed, make_record()]))
    assert result.exit_code == 0, result.output
    assert "1 created, 1 updated, 0 unchanged" in result.output
    with app.app_context():
        practice = db.session.scalar(select(Practice).where(Practice.summary == "A new summary."))
        assert practice.status == Status.PUBLISHED  # an update keeps the practice's status
        assert [r.number for r in practice.revisions] == [1, 2]
        assert practice.revisions[0].content["summary"] == original["summary"]
    assert practice_count(app) == 2


def test_reimporting_the_same_record_changes_nothing(app: Flask, runner, tmp_path: Path) -> None:
    record = make_record()
    import_records(app, [record])
    result = run_import(runner, write_json(tmp_path / "in.json", [record]))
    assert "0 created, 0 updated, 1 unchanged" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Revision.id))) == 1


def test_export_only_keys_are_accepted_and_ignored(app: Flask, runner, tmp_path: Path) -> None:
    record = make_record(slug="chosen-slug", url="https://x", status="archived", updated_at="x")
    result = run_import(runner, write_json(tmp_path / "in.json", [record]))
    assert result.exit_code == 0, result.output
    with app.app_context():
        practice = db.session.scalar(select(Practice))
        assert practice.slug != "chosen-slug" and practice.status == Status.DRAFT


def test_titles_with_the_same_slug_get_distinct_addresses(
    app: Flask, runner, tmp_path: Path
) -> None:
    """Two practices whose titles differ only in punctuation share a slug base, in one file
    and across imports; each keeps an address of its own."""
    first = [make_record(title="Youth club"), make_record(title="Youth-club!")]
    assert run_import(runner, write_json(tmp_path / "a.json", first)).exit_code == 0
    later = [make_record(title="Youth club?")]
    assert run_import(runner, write_json(tmp_path / "b.json", later)).exit_code == 0
    with app.app_context():
        slugs = sorted(db.session.scalars(select(Practice.slug)))
    assert slugs == ["youth-club-malmo", "youth-club-malmo-2", "youth-club-malmo-3"]
