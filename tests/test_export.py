"""`export-practices`: published practices out, and back in identically."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from flask import Flask

from nsc_library import create_app
from nsc_library.exchange import EXCHANGE_KEYS
from nsc_library.practice_rules import Status
from tests.support.factories import app_config, import_records, make_record


def export_json(runner, *args: str) -> list[dict]:
    result = runner.invoke(args=["export-practices", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_export_holds_only_published_practices(app: Flask, runner) -> None:
    import_records(app, [make_record(title="Public one")], status=Status.PUBLISHED)
    import_records(app, [make_record(title="Draft one")], status=Status.DRAFT)
    records = export_json(runner)
    assert [r["title"] for r in records] == ["Public one"]
    record = records[0]
    assert record["status"] == "published"
    assert record["url"] == f"http://127.0.0.1:5000/practices/{record['slug']}"
    assert record["published_at"] and record["updated_at"]
    assert set(EXCHANGE_KEYS) <= set(record)


def test_export_then_import_into_an_empty_library_gives_the_same_practices(
    app: Flask, runner, tmp_path: Path
) -> None:
    records = [
        make_record(city="Bærum", country="NO", language="nb", end_year=2022, links=[]),
        make_record(themes=["hate-crime", "hate-speech"], partners=[], prevention_level=None),
        make_record(city="Tórshavn", country="FO", evaluation=None, contact_email=""),
    ]
    import_records(app, records)
    exported = tmp_path / "export.json"
    result = runner.invoke(args=["export-practices", "--output", str(exported)])
    assert result.exit_code == 0, result.output

    fresh = create_app(app_config(tmp_path / "fresh"))
    fresh_runner = fresh.test_cli_runner()
    assert fresh_runner.invoke(args=["init-db"]).exit_code == 0
    result = fresh_runner.invoke(args=["import-practices", str(exported), "--status", "published"])
    assert result.exit_code == 0, result.output
    assert "3 created" in result.output

    def content(records: list[dict]) -> list[dict]:
        return sorted(
            ({k: r[k] for k in ("slug", *EXCHANGE_KEYS)} for r in records),
            key=lambda r: r["slug"],
        )

    before = json.loads(exported.read_text(encoding="utf-8"))
    assert content(export_json(fresh_runner)) == content(before)


def test_csv_export_is_spreadsheet_safe(app: Flask, runner) -> None:
    import_records(
        app,
        [make_record(title='=HYPERLINK("http://evil")', city="Göteborg", partners=["A", "B"])],
    )
    result = runner.invoke(args=["export-practices", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.output.lstrip("\ufeff"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    assert row["city"] == "Göteborg"
    assert row["partners"] == "A; B"
    assert row["links"] == "City page <https://example.org/dialogue>"
