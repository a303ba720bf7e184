"""The read-only JSON API under /api/v1: parameters, answers, errors, caching, CORS, OpenAPI."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import select, update
from werkzeug.http import http_date

from nsc_library import responses as caching
from nsc_library.api import views as api_views
from nsc_library.exchange import EXCHANGE_KEYS, V2_KEYS
from nsc_library.exchange.fields import WITHHELD_IN_PUBLIC
from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.practice_rules import Status
from nsc_library.search import SearchUnavailable
from tests.support import open_data
from tests.support.apps import AppTemplates
from tests.support.factories import import_records, make_record
from tests.support.open_data import DRAFT_TITLE, PAST, PUBLISHED, titles

ALL_PUBLISHED = {r["title"] for r in PUBLISHED}
MALMO, GOTEBORG, AARHUS, BAERUM = (r["title"] for r in PUBLISHED)


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


def get_json(client: FlaskClient, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


# --- Search ------------------------------------------------------------------------------------


def test_search_answer_has_the_documented_shape(client, slugs) -> None:
    answer = get_json(client, "/api/v1/practices")
    assert list(answer) == [
        "total", "page", "per_page", "pages", "results", "facets", "suggestion", "corrected_from",
        "all_words", "some_words", "unsearchable",
    ]  # fmt: skip
    assert (answer["total"], answer["page"], answer["per_page"], answer["pages"]) == (4, 1, 20, 1)
    assert titles(answer["results"]) == ALL_PUBLISHED
    malmo = next(r for r in answer["results"] if r["title"] == MALMO)
    assert malmo == {
        "slug": slugs[MALMO],
        "url": f"http://localhost/practices/{slugs[MALMO]}",
        "title": MALMO,
        "summary": "Victims of hate crime get advice the same day.",
        "language": "en",
        "english_summary": "",
        "city": "Malmö",
        "country": "SE",
        "themes": ["hate-crime"],
        "approaches": ["community-engagement"],
        "target_groups": ["victims"],
        "prevention_level": "selective",
        "start_year": 2016,
        "end_year": 2021,
        "evaluation": "outcome",
        "evidence_level": "not_assessed",
        "published_at": malmo["published_at"],
        "updated_at": malmo["updated_at"],
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", malmo["published_at"])
    assert answer["facets"]["country"] == {"SE": 2, "DK": 1, "NO": 1}
    assert answer["facets"]["theme"]["hate-crime"] == 2
    assert answer["suggestion"] is None


def test_highlight_only_when_the_search_has_words(client, slugs) -> None:
    plain = get_json(client, "/api/v1/practices")
    assert all("highlight" not in r for r in plain["results"])
    answer = get_json(client, "/api/v1/practices?q=mentor")
    assert titles(answer["results"]) == {AARHUS}
    assert "<mark>" in answer["results"][0]["highlight"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Words are not all required (a practice with some of them counts); a phrase is.
        ("q=%22hate+crime%22", {MALMO, GOTEBORG}),
        ("theme=hate-crime", {MALMO, GOTEBORG}),
        ("theme=youth-crime&theme=polarisation", {AARHUS, BAERUM}),
        ("approach=mentoring", {AARHUS}),
        ("target_group=young-people", {GOTEBORG, AARHUS}),
        ("target_group=victims&target_group=general-public", {MALMO, BAERUM}),
        ("country=SE", {MALMO, GOTEBORG}),
        ("country=dk", {AARHUS}),
        ("country=DK&country=NO", {AARHUS, BAERUM}),
        ("prevention_level=universal", {GOTEBORG, BAERUM}),
        ("evaluation=impact", {AARHUS}),
        ("decade=2000", {GOTEBORG}),
        ("year_from=2022", {GOTEBORG, AARHUS, BAERUM}),
        ("year_to=2010", {GOTEBORG}),
        ("year_from=2017&year_to=2018", {MALMO, GOTEBORG, AARHUS}),
        ("country=SE&theme=hate-crime&evaluation=outcome", {MALMO}),
        ("theme=gang-crime", set()),
    ],
)
def test_every_filter_narrows_the_results(client, slugs, query: str, expected: set[str]) -> None:
    answer = get_json(client, f"/api/v1/practices?{query}")
    assert titles(answer["results"]) == expected
    assert answer["total"] == len(expected)
    assert DRAFT_TITLE not in titles(answer["results"])


def test_sort_by_title(client, slugs) -> None:
    results = get_json(client, "/api/v1/practices?sort=title")["results"]
    assert [r["title"] for r in results] == sorted(ALL_PUBLISHED, key=str.casefold)


def test_sort_by_start_year(client, slugs) -> None:
    years = [
        r["start_year"] for r in get_json(client, "/api/v1/practices?sort=start_year")["results"]
    ]
    assert years in (sorted(years), sorted(years, reverse=True))
    assert years != [
        r["start_year"] for r in get_json(client, "/api/v1/practices?sort=title")["results"]
    ]


def test_newest_first(app, client, slugs) -> None:
    import_records(app, [make_record(title="Brand new practice")])
    results = get_json(client, "/api/v1/practices?sort=newest")["results"]
    assert results[0]["title"] == "Brand new practice"


@pytest.mark.parametrize(
    ("query", "page", "per_page", "pages", "count"),
    [
        ("", 1, 20, 1, 4),
        ("per_page=3", 1, 3, 2, 3),
        ("per_page=3&page=2", 2, 3, 2, 1),
        ("per_page=100", 1, 100, 1, 4),
        ("per_page=1&page=4", 4, 1, 4, 1),
        ("per_page=2&page=9", 9, 2, 2, 0),
    ],
)
def test_paging(client, slugs, query, page, per_page, pages, count) -> None:
    answer = get_json(client, f"/api/v1/practices?{query}")
    assert (answer["page"], answer["per_page"], answer["pages"]) == (page, per_page, pages)
    assert answer["total"] == 4
    assert len(answer["results"]) == count


def test_pages_together_hold_every_practice_once(client, slugs) -> None:
    seen = []
    for page in (1, 2, 3):
        seen += get_json(client, f"/api/v1/practices?per_page=2&page={page}&sort=title")["results"]
    assert sorted(r["title"] for r in seen) == sorted(ALL_PUBLISHED)


@pytest.mark.parametrize(
    "query",
    ["", "q=hate", "country=SE", "theme=hate-crime&country=SE", "q=mentor&country=DK",
     "evaluation=process&evaluation=none", "year_from=2015&decade=2010", "q=nothing+like+this"],
)  # fmt: skip
def test_totals_agree_with_the_search_page(client, slugs, query: str) -> None:
    html = client.get(f"/practices?{query}").get_data(as_text=True)
    shown = re.search(r'class="results-count">(\d+) practice', html)
    assert shown, html
    assert get_json(client, f"/api/v1/practices?{query}")["total"] == int(shown.group(1))


# --- One practice and vocabularies -------------------------------------------------------------


def practice_id(app: Flask, title: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Practice.id).where(Practice.title == title))


def test_one_practice_in_the_exchange_format(app, client, slugs, monkeypatch) -> None:
    related = [practice_id(app, GOTEBORG), practice_id(app, DRAFT_TITLE)]
    monkeypatch.setattr(api_views, "related_practices", lambda _id: related)
    record = get_json(client, f"/api/v1/practices/{slugs[MALMO]}")
    source = PUBLISHED[0]
    for key in EXCHANGE_KEYS:
        if key not in (*V2_KEYS, *WITHHELD_IN_PUBLIC):
            assert record[key] == source[key], key
    # No personal e-mail where bots read: the key stays (re-importable), empty.
    assert source["contact_email"] and record["contact_email"] == ""
    assert record["evidence_level"] == "not_assessed"
    assert record["slug"] == slugs[MALMO]
    assert record["url"] == f"http://localhost/practices/{slugs[MALMO]}"
    assert record["published_at"].endswith("+00:00") and record["updated_at"].endswith("+00:00")
    # The draft among the related practices is left out.
    assert record["related"] == [
        {
            "slug": slugs[GOTEBORG],
            "title": GOTEBORG,
            "url": f"http://localhost/practices/{slugs[GOTEBORG]}",
        }
    ]


def test_related_practices_come_from_the_search_module(client, slugs) -> None:
    related = get_json(client, f"/api/v1/practices/{slugs[MALMO]}")["related"]
    assert DRAFT_TITLE not in {r["title"] for r in related}
    assert {r["title"] for r in related} <= ALL_PUBLISHED - {MALMO}


@pytest.mark.parametrize(
    ("path", "key", "counts"),
    [
        ("themes", "slug", {"hate-crime": 2, "hate-speech": 1, "youth-crime": 1, "gang-crime": 0}),
        ("approaches", "slug", {"mentoring": 1, "school-programme": 1, "exit-programme": 0}),
        ("target-groups", "slug", {"young-people": 2, "victims": 1, "police": 0}),
        ("countries", "code", {"SE": 2, "DK": 1, "NO": 1}),
    ],
)
def test_vocabularies_count_published_practices(client, slugs, path, key, counts) -> None:
    results = get_json(client, f"/api/v1/{path}")["results"]
    by_key = {item[key]: item for item in results}
    for value, count in counts.items():
        assert by_key[value]["count"] == count, value
    assert all(item.get("label") or item.get("name") for item in results)
    assert by_key[next(iter(counts))]["practices"].startswith("http://localhost/api/v1/practices?")


def test_theme_and_country_lists_give_their_feeds(client, slugs) -> None:
    themes = {t["slug"]: t for t in get_json(client, "/api/v1/themes")["results"]}
    assert themes["hate-crime"]["label"] == "Hate crime"
    assert themes["hate-crime"]["feed"] == "http://localhost/feeds/themes/hate-crime.atom"
    countries = {c["code"]: c for c in get_json(client, "/api/v1/countries")["results"]}
    assert countries["DK"] == {
        "code": "DK",
        "name": "Denmark",
        "nordic": True,
        "count": 1,
        "practices": "http://localhost/api/v1/practices?country=DK",
        "feed": "http://localhost/feeds/countries/DK.atom",
    }
    assert list(countries) == ["DK", "NO", "SE"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/practices?q=zeppelin",
        "/api/v1/practices?q=zeppelin&correct=0",
        "/api/v1/practices?per_page=100&country=SE",
        "/api/v1/practices.json",
        "/api/v1/practices.csv?q=zeppelin",
        "/practices/export.json?theme=hate-crime",
        "/feeds/practices.atom",
        "/feeds/countries/SE.atom",
        "/feeds/themes/hate-crime.atom",
        "/sitemap.xml",
    ],
)
def test_the_draft_is_absent_from_every_answer(client, slugs, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "zeppelin" not in body.lower()
    assert slugs[DRAFT_TITLE] not in body


# --- Errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("theme=no-such-theme", "unknown theme: “no-such-theme”"),
        ("approach=juggling", "unknown approach: “juggling”"),
        ("target_group=cats", "unknown target group: “cats”"),
        ("country=XX", "unknown country: “XX”"),
        ("prevention_level=maximal", "unknown prevention level: “maximal”"),
        ("evaluation=vibes", "unknown evaluation type: “vibes”"),
        ("decade=1850", "unknown start decade: “1850”"),
        ("per_page=1000", "per_page must be a whole number from 1 to 100"),
        ("per_page=0", "per_page must be a whole number from 1 to 100"),
        ("page=abc", "page must be a whole number from 1"),
        ("page=0", "page must be a whole number from 1"),
        ("page=-1", "page must be a whole number from 1"),
        ("year_from=abc", "year_from must be a whole number"),
        ("year_to=1066", "year_to must be a whole number"),
        ("sort=random", "sort must be one of relevance, newest, title, start_year"),
        ("colour=red", "unknown parameter “colour”"),
        ("themes=hate-crime", "unknown parameter “themes”"),
        ("page=1&page=2", "page may be given only once"),
        ("q=a&q=b", "q may be given only once"),
        ("correct=maybe", "correct must be 0 or 1"),
        ("q=" + "x" * 501, "q is longer than 500 characters"),
    ],
)
def test_bad_parameters_get_a_json_400(client, slugs, query: str, message: str) -> None:
    response = client.get(f"/api/v1/practices?{query}")
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    error = response.get_json()["error"]
    assert error["code"] == "bad_parameter"
    assert message in error["message"]


def test_a_refused_value_is_quoted_with_its_control_characters_escaped(client, slugs) -> None:
    """The message quotes what was sent in “…”, not as Python's repr, and a control character
    in it is shown escaped rather than written out."""
    response = client.get("/api/v1/practices?theme=a%1Bb%0Ac")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "unknown theme: “a\\x1bb\\nc”."


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/practices/no-such-practice",
        "/api/v1/no-such-endpoint",
        "/api/v1/practices/a/b",
        "/api/v2/practices",
        "/api/",
        "/api/v1/practices/",
    ],
)
def test_unknown_addresses_get_a_json_404(client, slugs, url: str) -> None:
    error = get_json(client, url, status=404)["error"]
    assert error["code"] == "not_found"
    assert error["message"]


def test_an_unpublished_practice_is_a_404(client, slugs) -> None:
    error = get_json(client, f"/api/v1/practices/{slugs[DRAFT_TITLE]}", status=404)["error"]
    assert error["code"] == "not_found"
    assert DRAFT_TITLE not in error["message"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "url", ["/api/v1/practices", "/api/v1/practices/{slug}", "/api/v1/themes",
            "/api/v1/practices.csv", "/api/v1/openapi.json"],
)  # fmt: skip
def test_write_methods_get_a_json_405(client, slugs, method: str, url: str) -> None:
    response = client.open(url.format(slug=slugs[MALMO]), method=method, json={"title": "x"})
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_405_comes_before_csrf_protection(tmp_path, app_templates: AppTemplates) -> None:
    with app_templates.app(tmp_path, WTF_CSRF_ENABLED=True) as app:
        response = app.test_client().post("/api/v1/practices", data={"q": "x"})
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_the_site_keeps_its_html_error_pages(client, slugs) -> None:
    response = client.get("/practices/no-such-practice")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert client.post("/about").mimetype == "text/html"


def test_search_unavailable_is_a_json_503(client, slugs, monkeypatch) -> None:
    def broken(_query):
        raise SearchUnavailable("index missing")

    monkeypatch.setattr(api_views, "search_practices", broken)
    response = client.get("/api/v1/practices?q=hate")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert response.get_json()["error"]["code"] == "search_unavailable"


def test_an_unexpected_failure_is_json_not_html(client, slugs, monkeypatch) -> None:
    def broken(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr(api_views.serialise, "term_list", broken)
    response = client.get("/api/v1/themes")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "http_500"
    assert "boom" not in response.get_data(as_text=True)


# --- Caching and CORS --------------------------------------------------------------------------

ENDPOINTS = [
    "/api/v1/practices",
    "/api/v1/practices?q=hate&country=SE",
    "/api/v1/practices/{slug}",
    "/api/v1/practices.csv?country=SE",
    "/api/v1/practices.json",
    "/api/v1/themes",
    "/api/v1/approaches",
    "/api/v1/target-groups",
    "/api/v1/countries",
    "/api/v1/openapi.json",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_answer_is_cacheable_and_open_to_any_origin(client, slugs, url: str) -> None:
    url = url.format(slug=slugs[MALMO])
    first = client.get(url, headers={"Origin": "https://partner.example"})
    assert first.status_code == 200
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in first.headers
    assert "ETag" in first.headers["Access-Control-Expose-Headers"]
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag

    dated = client.get(url, headers={"If-Modified-Since": last_modified})
    assert dated.status_code == 304
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_change_in_the_library_ends_the_304s(app, client, slugs) -> None:
    first = client.get("/api/v1/practices?country=SE")
    import_records(app, [make_record(title="Another Swedish practice")])
    for headers in (
        {"If-None-Match": first.headers["ETag"]},
        {"If-Modified-Since": first.headers["Last-Modified"]},
    ):
        response = client.get("/api/v1/practices?country=SE", headers=headers)
        assert response.status_code == 200, headers
    assert response.get_json()["total"] == 3


def test_last_modified_is_the_newest_change_to_a_published_practice(app, client, slugs) -> None:
    newest = http_date(PAST + timedelta(days=3))
    assert client.get("/api/v1/themes").headers["Last-Modified"] == newest
    import_records(app, [make_record(title="A second draft")], status=Status.DRAFT)
    assert client.get("/api/v1/themes").headers["Last-Modified"] == newest
    import_records(app, [make_record(title="Published later")])
    response = client.get("/api/v1/themes", headers={"If-Modified-Since": newest})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("changed", "answered", "advertised"),
    [
        ("10:00:00.300", "10:00:01.000", "10:00:00"),
        ("10:00:00.300", "10:05:00.000", "10:00:00"),
        # Still in the second of the change: a later change in it must not look unchanged.
        ("10:00:00.300", "10:00:00.900", "09:59:59"),
        ("10:00:00.000", "10:00:00.000", "09:59:59"),
    ],
)
def test_last_modified_never_names_the_running_second(changed, answered, advertised) -> None:
    def at(clock: str) -> datetime:
        return datetime.fromisoformat(f"2026-05-04T{clock}+00:00")

    assert caching.advertised_date(at(changed), at(answered)) == at(advertised + ".000")


def set_updated_at(app: Flask, title: str, moment: datetime) -> None:
    with app.app_context():
        db.session.execute(
            update(Practice.__table__).where(Practice.title == title).values(updated_at=moment)
        )
        db.session.commit()


def test_if_modified_since_sees_a_second_change_in_the_same_second(
    app, client, slugs, monkeypatch
) -> None:
    second = datetime.fromisoformat("2026-05-04T10:00:00+00:00")
    set_updated_at(app, MALMO, second + timedelta(milliseconds=200))
    monkeypatch.setattr(caching, "now", lambda: second + timedelta(milliseconds=400))
    first = client.get("/api/v1/themes")
    set_updated_at(app, AARHUS, second + timedelta(milliseconds=700))
    monkeypatch.setattr(caching, "now", lambda: second + timedelta(seconds=5))
    since = {"If-Modified-Since": first.headers["Last-Modified"]}
    assert client.get("/api/v1/themes", headers=since).status_code == 200
    # Once the second is over, the date is exact and the next request is a 304.
    settled = client.get("/api/v1/themes").headers["Last-Modified"]
    assert settled == http_date(second)
    assert client.get("/api/v1/themes", headers={"If-Modified-Since": settled}).status_code == 304


def test_cors_preflight_allows_conditional_gets(client, slugs) -> None:
    response = client.options(
        "/api/v1/practices",
        headers={
            "Origin": "https://partner.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]


def test_head_answers_like_get_without_a_body(client, slugs) -> None:
    response = client.head("/api/v1/practices")
    assert response.status_code == 200
    assert response.get_data() == b""
    assert response.headers["ETag"] == client.get("/api/v1/practices").headers["ETag"]


# --- OpenAPI -----------------------------------------------------------------------------------


# The documents openapi-spec-validator passed in this process, as canonical JSON: the same
# document (the same library) is checked once, not again by each test that reads it (1.4 s).
VALID_DOCUMENTS: set[str] = set()


@pytest.fixture
def openapi(client) -> dict:
    document = get_json(client, "/api/v1/openapi.json")
    canonical = json.dumps(document, sort_keys=True)
    if canonical not in VALID_DOCUMENTS:
        validate_openapi(document)
        VALID_DOCUMENTS.add(canonical)
    return document


def response_validator(document: dict, path: str, status: str, media: str = "application/json"):
    """A JSON Schema validator for one documented answer, resolving the document's $refs."""
    registry = Registry().with_resource(
        "urn:nsc-openapi", Resource.from_contents(document, default_specification=DRAFT202012)
    )
    answer = document["paths"][path]["get"]["responses"][status]
    if "$ref" in answer:
        answer = document["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    schema = answer["content"][media]["schema"]
    return Draft202012Validator(
        {"$id": "urn:nsc-openapi-answer", **schema} if "$ref" not in schema else
        {"$ref": f"urn:nsc-openapi{schema['$ref']}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )  # fmt: skip


def test_the_document_is_valid_openapi_3_1(openapi) -> None:
    assert openapi["openapi"] == "3.1.0"
    assert openapi["servers"] == [{"url": "http://localhost/api/v1"}]


def test_every_api_route_is_documented(app, openapi) -> None:
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert routes == set(openapi["paths"])


def test_every_documented_parameter_is_accepted(client, slugs, openapi) -> None:
    examples = {"q": "hate", "year_from": "2010", "year_to": "2020", "sort": "title", "page": "1",
                "per_page": "5", "correct": "0", "theme": "hate-crime", "approach": "mentoring",
                "target_group": "general-public", "country": "SE", "prevention_level": "universal",
                "evaluation": "process", "decade": "2010",
                "evidence_level": "did_not_work"}  # fmt: skip
    for path in ("/practices", "/practices.csv", "/practices.json"):
        for parameter in openapi["paths"][path]["get"]["parameters"]:
            name = parameter["$ref"].rsplit("/", 1)[1]
            response = client.get(f"/api/v1{path}?{name}={examples[name]}")
            assert response.status_code == 200, (path, name, response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("url", "path", "status"),
    [
        ("/api/v1/practices", "/practices", "200"),
        ("/api/v1/practices?q=hate+crime&per_page=1", "/practices", "200"),
        ("/api/v1/practices?q=mentr", "/practices", "200"),
        ("/api/v1/practices?page=7", "/practices", "200"),
        ("/api/v1/practices/{slug}", "/practices/{slug}", "200"),
        ("/api/v1/practices.json?country=SE", "/practices.json", "200"),
        ("/api/v1/themes", "/themes", "200"),
        ("/api/v1/approaches", "/approaches", "200"),
        ("/api/v1/target-groups", "/target-groups", "200"),
        ("/api/v1/countries", "/countries", "200"),
        ("/api/v1/practices?theme=nope", "/practices", "400"),
        ("/api/v1/practices/nope", "/practices/{slug}", "404"),
    ],
)
def test_real_answers_match_the_documented_schemas(client, slugs, openapi, url, path, status):
    response = client.get(url.format(slug=slugs[MALMO]))
    assert str(response.status_code) == status
    response_validator(openapi, path, status).validate(response.get_json())


def test_the_schemas_are_strict_enough_to_catch_a_wrong_answer(client, slugs, openapi) -> None:
    answer = get_json(client, "/api/v1/practices")
    answer["results"][0]["start_year"] = "2016"
    validator = response_validator(openapi, "/practices", "200")
    assert not validator.is_valid(answer)
    del answer["results"][0]["start_year"]
    assert not validator.is_valid(answer)
