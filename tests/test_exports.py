"""Downloads of a search as CSV and JSON: from the search page and from the API."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from flask import Flask

from nsc_library import create_app
from nsc_library import downloads as exports
from nsc_library.exchange import (
    CSV_COLUMNS,
    EXCHANGE_KEYS,
    V2_KEYS,
    empty_implementation,
    records_to_csv,
)
from nsc_library.exchange.fields import WITHHELD_IN_PUBLIC
from nsc_library.practice_rules import Status
from nsc_library.search import SearchUnavailable
from tests.support import open_data
from tests.support.apps import AppTemplates
from tests.support.factories import app_config, import_records, make_record, write_json
from tests.support.open_data import DRAFT_TITLE, PUBLISHED

CSV_URLS = ["/practices/export.csv", "/api/v1/practices.csv"]
JSON_URLS = ["/practices/export.json", "/api/v1/practices.json"]


@pytest.fixture(scope="module")
def shared_library(tmp_path_factory: pytest.TempPathFactory, app_templates: AppTemplates):
    yield from open_data.shared_library(tmp_path_factory, app_templates)


@pytest.fixture
def app(request: pytest.FixtureRequest, tmp_path: Path, app_templates: AppTemplates):
    """The library of tests/support/open_data.py for tests that ask for its slugs, else empty."""
    yield from open_data.app_for(request, tmp_path, app_templates)


@pytest.fixture
def slugs(app: Flask) -> dict[str, str]:
    return app.extensions["tests.filled"]


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff"), "no byte-order mark"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize("url", CSV_URLS)
def test_csv_holds_every_result_of_the_search(client, slugs, url: str) -> None:
    response = client.get(f"{url}?country=SE&theme=hate-crime")
    assert response.mimetype == "text/csv"
    assert response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    rows = csv_rows(response)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert {r["title"] for r in rows} == {PUBLISHED[0]["title"], PUBLISHED[1]["title"]}
    goteborg = next(r for r in rows if r["city"] == "Göteborg")
    assert goteborg["themes"] == "hate-crime; hate-speech"
    assert goteborg["links"] == "City page <https://example.org/dialogue>"
    assert goteborg["status"] == "published"


@pytest.mark.parametrize("url", CSV_URLS + JSON_URLS)
def test_exports_are_not_limited_to_one_page(app, client, url: str) -> None:
    import_records(app, [make_record(title=f"Practice {n:03}") for n in range(105)])
    response = client.get(url)
    assert response.status_code == 200
    count = len(csv_rows(response)) if url.endswith(".csv") else len(response.get_json())
    assert count == 105


@pytest.mark.parametrize("url", CSV_URLS + JSON_URLS)
def test_exports_leave_out_unpublished_practices(client, slugs, url: str) -> None:
    body = client.get(f"{url}?q=zeppelin").get_data(as_text=True)
    assert DRAFT_TITLE not in body
    assert DRAFT_TITLE not in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("url", CSV_URLS)
@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title", '=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("title", "+46 8 123 45 67 helpline", "'+46 8 123 45 67 helpline"),
        ("title", "-1 cmd|' /C calc'!A0", "'-1 cmd|' /C calc'!A0"),
        ("title", "@SUM(1+1)*cmd", "'@SUM(1+1)*cmd"),
        ("organisation", "=1+1", "'=1+1"),
        ("summary", "Harmless = not at the start", "Harmless = not at the start"),
    ],
)
def test_csv_cells_cannot_become_formulas(app, client, url, field, value, expected) -> None:
    import_records(app, [make_record(**{field: value})])
    rows = csv_rows(client.get(url))
    assert rows[0][field] == expected


@pytest.mark.parametrize("url", CSV_URLS)
def test_csv_lists_that_start_like_a_formula_are_made_harmless(app, client, url: str) -> None:
    import_records(app, [make_record(partners=["=cmd()", "Police"])])
    assert csv_rows(client.get(url))[0]["partners"] == "'=cmd(); Police"


def test_a_cell_starting_with_a_tab_is_made_harmless() -> None:
    # The exchange format strips leading whitespace, so a tab can only reach the CSV writer here.
    text = records_to_csv([{"title": "\t=1+1"}])
    row = next(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert row["title"] == "'\t=1+1"


@pytest.mark.parametrize("url", CSV_URLS)
def test_nordic_letters_survive(app, client, url: str) -> None:
    import_records(app, [make_record(title="Ærø, Tórshavn og Åbo", city="Ærø", country="DK")])
    row = csv_rows(client.get(url))[0]
    assert (row["title"], row["city"]) == ("Ærø, Tórshavn og Åbo", "Ærø")


def test_api_exports_take_the_search_parameters_but_no_paging(client, slugs) -> None:
    for url in ("/api/v1/practices.csv?page=2", "/api/v1/practices.json?per_page=5"):
        response = client.get(url)
        assert response.status_code == 400
        assert "an export holds every result" in response.get_json()["error"]["message"]
    assert client.get("/api/v1/practices.json?theme=nope").status_code == 400


def test_site_exports_ignore_the_page_of_the_search(client, slugs) -> None:
    records = client.get("/practices/export.json?country=SE&page=2").get_json()
    assert len(records) == 2
    response = client.get("/practices/export.csv?theme=nope")
    assert response.status_code == 400
    assert response.mimetype == "text/html"


def test_search_page_links_to_downloads_of_the_same_search(client, slugs) -> None:
    html = client.get("/practices?q=hate&country=SE&page=1").get_data(as_text=True)
    assert 'href="/practices/export.csv?q=hate&amp;country=SE"' in html
    assert 'href="/practices/export.json?q=hate&amp;country=SE"' in html
    assert 'href="/api"' in html


def test_search_page_offers_no_download_of_nothing(client, slugs) -> None:
    html = client.get("/practices?theme=gang-crime").get_data(as_text=True)
    assert "/practices/export.csv" not in html


@pytest.mark.parametrize("url", JSON_URLS)
def test_json_export_reimports_into_an_empty_library_identically(
    app, client, tmp_path: Path, url: str
) -> None:
    records = [
        make_record(city="Bærum", country="NO", language="nb", end_year=2022, links=[]),
        make_record(themes=["hate-crime", "hate-speech"], partners=[], prevention_level=None),
        make_record(city="Tórshavn", country="FO", evaluation=None, contact_email=""),
        make_record(title="=1+1 looks like a formula", summary="Ålesund & <b>bold</b>"),
    ]
    import_records(app, records)
    import_records(app, [make_record(title="Draft, not exported")], status=Status.DRAFT)
    exported = client.get(url).get_json()
    assert len(exported) == 4

    fresh = create_app(app_config(tmp_path / "fresh"))
    runner = fresh.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    path = write_json(tmp_path / "export.json", exported)
    result = runner.invoke(args=["import-practices", str(path), "--status", "published"])
    assert result.exit_code == 0, result.output
    assert "4 created" in result.output

    def content(items: list[dict]) -> list[dict]:
        return sorted(({k: r[k] for k in ("slug", *EXCHANGE_KEYS)} for r in items),
                      key=lambda r: r["slug"])  # fmt: skip

    again = fresh.test_client().get(url).get_json()
    assert content(again) == content(exported)


def test_json_export_is_the_exchange_format(client, slugs) -> None:
    response = client.get("/practices/export.json?country=DK")
    assert response.headers["Content-Disposition"].endswith('.json"')
    (record,) = json.loads(response.get_data(as_text=True))
    for key in EXCHANGE_KEYS:
        if key not in (*V2_KEYS, *WITHHELD_IN_PUBLIC):
            assert record[key] == PUBLISHED[2][key], key
    assert record["contact_email"] == ""  # personal data stays out of public downloads
    assert record["evidence_level"] == "not_assessed" and record["adaptations"] == []
    assert record["implementation"] == empty_implementation()
    assert record["format_version"] == 2
    assert record["url"] == f"http://localhost/practices/{slugs[PUBLISHED[2]['title']]}"
    assert record["status"] == "published"


@pytest.mark.parametrize("url", CSV_URLS + JSON_URLS)
def test_exports_answer_304_when_unchanged(client, slugs, url: str) -> None:
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    since = {"If-Modified-Since": first.headers["Last-Modified"]}
    assert client.get(url, headers=since).status_code == 304


def test_exports_say_when_search_is_unavailable(client, slugs, monkeypatch) -> None:
    def broken(_query):
        raise SearchUnavailable("index missing")

    monkeypatch.setattr(exports, "search_practices", broken)
    api = client.get("/api/v1/practices.csv?country=SE")
    assert api.status_code == 503
    assert api.get_json()["error"]["code"] == "search_unavailable"
    site = client.get("/practices/export.json?country=SE")
    assert site.status_code == 503
    assert "Search is temporarily unavailable" in site.get_data(as_text=True)
