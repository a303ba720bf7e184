"""Exchange format 2: evidence level, implementation and adaptations; format 1 files unchanged."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library.exchange import practice_record
from nsc_library.extensions import db
from nsc_library.models import Adaptation, Practice
from nsc_library.rates import RateTable, load_table
from nsc_library.services import practices
from tests.support.factories import import_records, make_record, write_json

IMPLEMENTATION = {
    "phases": [
        {"name": "Agree the cooperation", "duration_months": 6, "description": "Sign it."},
        {"name": "Train staff", "duration_months": 3, "description": ""},
    ],
    "staffing": [{"role": "Coordinator", "fte": 1}, {"role": "Police officer", "fte": 0.5}],
    "costs": [
        {"kind": "start_up", "amount": 400000, "currency": "DKK", "year": 2020, "note": ""},
        {"kind": "running", "amount": 900000, "currency": "dkk", "year": 2020, "note": "salary"},
    ],
    "materials": [{"title": "Manual", "url": "https://example.org/manual.pdf"}],
    "legal_basis": "Section 115 of the Administration of Justice Act",
    "preconditions": ["A shared office"],
    "core_components": ["Weekly meetings of school, social services and police"],
    "adaptable_components": ["Who chairs the meetings"],
}


def v2_record(**overrides: Any) -> dict[str, Any]:
    record = make_record(
        evidence_level="promising", implementation=copy.deepcopy(IMPLEMENTATION), adaptations=[]
    )
    record.update(overrides)
    return record


def source_of(record: dict[str, Any]) -> dict[str, str]:
    return {"title": record["title"], "city": record["city"], "country": record["country"]}


def count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Practice.id)))


def stored(app: Flask, title: str) -> dict[str, Any]:
    with app.app_context():
        practice = db.session.scalar(select(Practice).where(Practice.title == title))
        return practice_record(practice)


def test_a_v2_record_round_trips(app: Flask) -> None:
    record = v2_record()
    import_records(app, [record])
    back = stored(app, record["title"])
    assert back["evidence_level"] == "promising"
    assert back["implementation"]["costs"][1]["currency"] == "DKK"
    assert back["implementation"]["staffing"][1]["fte"] == 0.5
    assert back["implementation"]["core_components"] == IMPLEMENTATION["core_components"]
    # The same record again changes nothing.
    again = v2_record(title=record["title"])
    again["implementation"]["costs"][1]["currency"] = "DKK"
    with app.app_context():
        report = practices.import_practices([again])
        assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


def test_a_v1_record_imports_and_keeps_format_2_values(app: Flask) -> None:
    record = v2_record()
    import_records(app, [record])
    v1 = make_record(title=record["title"], summary="A new summary from a format 1 file.")
    with app.app_context():
        report = practices.import_practices([v1])
        db.session.commit()  # the caller commits (the import command does)
    assert report.updated == 1
    back = stored(app, record["title"])
    assert back["summary"] == "A new summary from a format 1 file."
    assert back["evidence_level"] == "promising"
    assert back["implementation"]["phases"][0]["name"] == "Agree the cooperation"


def test_a_new_v1_record_gets_empty_format_2_values(app: Flask) -> None:
    record = make_record()
    import_records(app, [record])
    back = stored(app, record["title"])
    assert back["evidence_level"] == "not_assessed"
    assert back["adaptations"] == [] and back["implementation"]["costs"] == []


def test_adaptations_link_the_practices_in_any_order(app: Flask) -> None:
    source = v2_record(title="Model in Aarhus", city="Aarhus", country="DK")
    copy_ = v2_record(
        title="Copy in Malmö",
        adaptations=[
            {
                "inspired_by": source_of(source),
                "components": [
                    {"component": IMPLEMENTATION["core_components"][0], "decision": "changed",
                     "how": "Every second week"},
                ],
                "context": {"size": "Three times the population", "budget": "Half"},
                "what_happened": "It took two years to agree.",
            }
        ],
    )  # fmt: skip
    import_records(app, [copy_, source])  # the copy comes first in the file
    back = stored(app, "Copy in Malmö")
    (adaptation,) = back["adaptations"]
    assert adaptation["inspired_by"] == source_of(source)
    assert adaptation["components"][0]["decision"] == "changed"
    assert adaptation["context"]["legal_basis"] == ""
    with app.app_context():
        practice = db.session.scalar(select(Practice).where(Practice.title == "Copy in Malmö"))
        assert [p.title for p in practice.inspired_by] == ["Model in Aarhus"]
        model = practice.inspired_by[0]
        assert [a.practice.title for a in model.adopted] == ["Copy in Malmö"]


def test_an_adaptation_of_an_unknown_practice_writes_nothing(app: Flask) -> None:
    before = count(app)
    record = v2_record(
        adaptations=[{"inspired_by": {"title": "Nowhere", "city": "Oslo", "country": "NO"}}]
    )
    with app.app_context():
        report = practices.import_practices([make_record(), record])
    assert not report.ok
    assert "no other practice 'Nowhere'" in str(report.problems[0])
    assert count(app) == before
    with app.app_context():
        assert db.session.scalar(select(func.count(Adaptation.id))) == 0


def bad(path: str, value: Any) -> dict[str, Any]:
    record = v2_record()
    target = record
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return record


@pytest.mark.parametrize(
    ("record", "field", "message"),
    [
        (bad("evidence_level", "proven"), "evidence_level", "“proven” is not one of"),
        (bad("implementation.costs.0.amount", -5), "implementation", "it must be 0 or more"),
        (bad("implementation.costs.0.currency", "XYZ"), "implementation",
         "“XYZ” is not in the EUR rate table"),
        (bad("implementation.costs.0.kind", "yearly"), "implementation", "is not one of"),
        (bad("implementation.costs.0.amount", "lots"), "implementation", "expected a number"),
        (bad("implementation.staffing.0.fte", 1200), "implementation", "over the limit of 1000"),
        (bad("implementation.staffing.0.fte", 0), "implementation", "more than 0"),
        (bad("implementation.staffing.0.fte", True), "implementation", "expected a number"),
        (bad("implementation.phases.0.duration_months", -1), "implementation", "0 or more"),
        (bad("implementation.phases.0.name", ""), "implementation", "is required"),
        (bad("implementation.materials.0.url", "ftp://x"), "implementation", "not an http(s)"),
        (bad("implementation.colour", "red"), "implementation", "unknown key “colour”"),
        (bad("implementation", "cheap"), "implementation", "expected an object"),
        (bad("adaptations", [{"inspired_by": {"title": "A", "city": "B", "country": "XX"}}]),
         "adaptations", "not an ISO 3166"),
        (bad("adaptations", [{"inspired_by": {"title": "A", "city": "B", "country": "SE"},
                              "components": [{"component": "x", "decision": "kept?"}]}]),
         "adaptations", "“kept?” is not one of"),
        (bad("format_version", 3), "format_version", "not a format"),
    ],
)  # fmt: skip
def test_bad_format_2_values_are_refused_and_nothing_is_written(
    app: Flask, runner, tmp_path: Path, record: dict, field: str, message: str
) -> None:
    before = count(app)
    path = write_json(tmp_path / "bad.json", [make_record(), record])
    result = runner.invoke(args=["import-practices", str(path)])
    assert result.exit_code != 0
    assert f'record 2 ("{record["title"]}"): {field}: ' in result.output
    assert message in result.output
    assert count(app) == before


def test_rates_convert_with_the_nearest_year() -> None:
    table = load_table()
    assert {"DKK", "SEK", "NOK", "ISK", "EUR", "GBP", "USD"} <= table.currencies
    assert table.to_eur(1000, "EUR", 1990) == 1000
    assert table.to_eur(1000, "DKK", 2020) == pytest.approx(134.2)
    assert table.rate("SEK", 2099) == table.rate("SEK", max(table.rates["SEK"]))
    assert RateTable({"DKK": {2020: 0.1}}).to_eur(5, "NOK", 2020) is None


def test_an_editors_rate_file_replaces_the_shipped_one(tmp_path: Path) -> None:
    from nsc_library import create_app
    from tests.support.factories import app_config

    rates = tmp_path / "rates.json"
    rates.write_text('{"rates": {"EUR": {"2020": 1}, "FOK": {"2020": 0.134}}}', "utf-8")
    app = create_app(app_config(tmp_path, EUR_RATES_FILE=str(rates)))
    assert app.extensions["eur_rates"].currencies == {"EUR", "FOK"}
