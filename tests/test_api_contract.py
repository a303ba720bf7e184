"""The API against its own OpenAPI document, tried from outside by Schemathesis.

A real server on a free local port, the demo library, every check, the coverage, fuzzing and
stateful phases, a fixed seed and a bounded number of examples (about a minute here). A failure
prints Schemathesis's report, with a `curl` line that reproduces each problem.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

SEED = 20261201
MAX_EXAMPLES = 50
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
PHASES = "examples,coverage,fuzzing,stateful"


@pytest.fixture(scope="module")
def api_url(demo_app: Flask) -> Iterator[str]:
    """The demo library served over real HTTP on a free port, in a thread of this process."""
    yield from serve(demo_app)


def serve(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}/api/v1"
    finally:
        server.shutdown()
        thread.join()


@pytest.mark.slow
def test_the_api_keeps_its_openapi_contract(api_url: str, tmp_path: Path) -> None:
    options = {
        "--url": api_url,
        "--checks": "all",
        "--phases": PHASES,
        "--seed": str(SEED),
        "--max-examples": str(MAX_EXAMPLES),
        "--workers": "1",
        "--report": "junit",
        "--report-dir": str(tmp_path),
    }
    command = [str(SCHEMATHESIS), "run", f"{api_url}/openapi.json", "--no-color"]
    command += [part for option in options.items() for part in option]
    # Run in tmp_path: what Hypothesis keeps between runs (.hypothesis/) is thrown away.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHEMATHESIS_")}
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env, check=False
    )
    report = result.stdout[-20_000:] + result.stderr[-5_000:]
    assert result.returncode == 0, report
    assert "No issues found" in result.stdout, report


def parameter_schema(document: dict, name: str) -> dict:
    return document["components"]["parameters"][name]["schema"]


@pytest.mark.parametrize("path", ["/practices", "/practices.csv", "/practices.json"])
@pytest.mark.parametrize("name", ["year_from", "year_to"])
def test_documented_year_bounds_are_the_enforced_ones(demo_client, path, name) -> None:
    schema = parameter_schema(demo_client.get("/api/v1/openapi.json").get_json(), name)
    low, high = schema["minimum"], schema["maximum"]
    for year, status in ((low - 1, 400), (low, 200), (high, 200), (high + 1, 400)):
        response = demo_client.get(f"/api/v1{path}?{name}={year}")
        assert response.status_code == status, (year, response.get_data(as_text=True)[:200])


@pytest.mark.parametrize("name", ["theme", "country", "decade", "evaluation"])
def test_documented_filter_values_are_the_accepted_ones(demo_client, name) -> None:
    values = parameter_schema(demo_client.get("/api/v1/openapi.json").get_json(), name)
    for value in values["items"]["enum"]:
        assert demo_client.get(f"/api/v1/practices?{name}={value}").status_code == 200, value
    assert demo_client.get(f"/api/v1/practices?{name}=not-a-value").status_code == 400


@pytest.mark.parametrize("name", ["sort", "page", "per_page", "year_from", "theme", "correct"])
def test_an_empty_parameter_is_a_400_in_the_api_but_not_on_the_site(demo_client, name) -> None:
    response = demo_client.get(f"/api/v1/practices?{name}=")
    assert response.status_code == 400
    assert f"{name} is empty" in response.get_json()["error"]["message"]
    assert demo_client.get(f"/practices/export.json?{name}=").status_code == 200


def test_a_reversed_year_range_finds_practices_running_throughout(demo_client) -> None:
    # The two conditions are independent, so OpenAPI describes them fully: no 400 for the pair.
    response = demo_client.get("/api/v1/practices?year_from=2020&year_to=2010&per_page=100")
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert results
    for practice in results:
        assert practice["start_year"] <= 2010
        assert practice["end_year"] is None or practice["end_year"] >= 2020


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE"])
@pytest.mark.parametrize("path", ["/api/v1/themes", "/api/v1/practices/x", "/api/v1/openapi.json"])
def test_undeclared_methods_get_a_json_405_with_allow(demo_client, method, path) -> None:
    response = demo_client.open(path, method=method)
    assert response.status_code == 405
    assert response.mimetype == "application/json"
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_options_is_a_204_with_allow_and_head_a_get_without_body(demo_client) -> None:
    options = demo_client.options("/api/v1/practices/anything")
    assert options.status_code == 204
    assert options.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert options.get_data() == b"" and "Content-Type" not in options.headers
    head = demo_client.head("/api/v1/countries")
    assert head.status_code == 200 and head.get_data() == b""
    assert head.mimetype == "application/json"


def test_every_operation_documents_429_and_503_with_retry_after(demo_client) -> None:
    document = demo_client.get("/api/v1/openapi.json").get_json()
    for path, operations in document["paths"].items():
        codes = operations["get"]["responses"]
        assert {"200", "304", "429", "503"} <= set(codes), path
    for name in ("TooManyRequests", "Unavailable"):
        assert "Retry-After" in document["components"]["responses"][name]["headers"]
