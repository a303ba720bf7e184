"""Security basics: headers on every answer, HTTPS behind a proxy, cookies, request size limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, request, session, url_for

from nsc_library import create_app
from tests.support.factories import app_config

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)
FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def app_with(tmp_path: Path, **settings) -> Flask:
    """An app with these settings and three test-only routes (none of them needs the database)."""
    database = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    app = create_app(app_config(tmp_path, DATABASE_URL=database, **settings))

    @app.get("/_test/session")
    def start_session():
        session["seen"] = True
        return "session started"

    @app.get("/_test/origin")
    def origin():
        return f"{request.remote_addr} {url_for('start_session', _external=True)}"

    @app.post("/_test/form")
    def read_form():
        return f"{len(request.form.get('text', ''))} characters received"

    return app


@pytest.mark.parametrize(
    "url",
    ["/", "/practices", "/practices/no-such-practice", "/static/style.css", "/no/such/page",
     "/api/v1/no-such-resource"],
)  # fmt: skip
def test_every_answer_carries_the_security_headers(client, url: str) -> None:
    with client.get(url) as response:
        headers = response.headers
    assert headers["Content-Security-Policy"] == EXPECTED_CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers  # plain HTTP


def test_hsts_only_over_https(client) -> None:
    secure = client.get("/practices", base_url="https://library.example.org")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    plain = client.get("/practices", base_url="http://library.example.org")
    assert "Strict-Transport-Security" not in plain.headers


def test_behind_a_proxy_its_forwarded_headers_are_believed(tmp_path: Path) -> None:
    client = app_with(tmp_path, BEHIND_PROXY=True).test_client()
    response = client.get("/_test/origin", headers=FORWARDED)
    assert response.text == "203.0.113.7 https://localhost/_test/session"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_without_the_proxy_switch_forged_forwarded_headers_are_ignored(tmp_path: Path) -> None:
    client = app_with(tmp_path).test_client()
    response = client.get("/_test/origin", headers=FORWARDED)
    assert response.text == "127.0.0.1 http://localhost/_test/session"
    assert "Strict-Transport-Security" not in response.headers


def test_the_proxy_switch_is_read_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NSC_BEHIND_PROXY", "true")
    app = app_with(tmp_path)
    assert app.config["BEHIND_PROXY"] is True and app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/_test/origin", headers=FORWARDED)
    assert response.text.startswith("203.0.113.7 https://")


def session_cookie(app: Flask) -> str:
    response = app.test_client().get("/_test/session")
    (cookie,) = response.headers.getlist("Set-Cookie")
    assert cookie.startswith("session=")
    return cookie


@pytest.mark.parametrize(
    ("settings", "secure"),
    [
        ({}, False),
        ({"PREFER_HTTPS": True}, True),
        ({"BEHIND_PROXY": True}, True),
        ({"BEHIND_PROXY": True, "PREFER_HTTPS": False}, False),
    ],
)
def test_session_cookie_is_http_only_same_site_and_secure_under_https(
    tmp_path: Path, settings: dict, secure: bool
) -> None:
    cookie = session_cookie(app_with(tmp_path, **settings))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert ("Secure" in cookie) is secure


def test_prefer_https_makes_links_made_outside_requests_https(tmp_path: Path) -> None:
    app = app_with(tmp_path, PREFER_HTTPS=True, SERVER_NAME="library.example.org")
    with app.app_context():
        assert url_for("start_session", _external=True).startswith("https://library.example.org/")


def test_a_request_within_the_limit_is_accepted(tmp_path: Path) -> None:
    client = app_with(tmp_path, MAX_CONTENT_LENGTH=2048).test_client()
    response = client.post("/_test/form", data={"text": "x" * 1500})
    assert response.status_code == 200
    assert response.text == "1500 characters received"


def test_an_oversized_request_gets_a_clear_413_page(tmp_path: Path) -> None:
    client = app_with(tmp_path, MAX_CONTENT_LENGTH=2048).test_client()
    response = client.post("/_test/form", data={"text": "x" * 3000})
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "larger than the 2 kB the library accepts" in response.text
    assert response.headers["Content-Security-Policy"] == EXPECTED_CSP


def test_an_oversized_request_is_refused_even_where_the_body_is_not_read(client) -> None:
    limit = client.application.config["MAX_CONTENT_LENGTH"]
    response = client.get("/practices", data=b"x" * (limit + 1))
    assert response.status_code == 413
    assert "larger than the 5 MB the library accepts" in response.text


def test_an_oversized_form_field_gets_a_413_too(tmp_path: Path) -> None:
    client = app_with(tmp_path, MAX_FORM_MEMORY_SIZE=1000).test_client()
    response = client.post(
        "/_test/form", data={"text": "x" * 1001}, content_type="multipart/form-data"
    )
    assert response.status_code == 413
    assert "A part of the request is larger than the library accepts" in response.text


def test_an_oversized_api_request_gets_json(tmp_path: Path) -> None:
    client = app_with(tmp_path, MAX_CONTENT_LENGTH=2048).test_client()
    response = client.get("/api/v1/practices", data=b"x" * 3000)
    assert response.status_code == 413
    assert response.is_json
    error = response.get_json()["error"]
    assert error["code"] == "request_too_large"
    assert "larger than the 2 kB" in error["message"]
