"""/.well-known/security.txt (RFC 9116): contact and expiry from the settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from nsc_library import create_app
from nsc_library.extensions import db
from tests.support.factories import app_config

SETTINGS = {
    "SECURITY_CONTACT": ["mailto:security@library.example", "https://library.example/report"],
    "SECURITY_TXT_EXPIRES": "2027-06-30",
    "SECURITY_POLICY_URL": "https://library.example/security-policy",
    "PUBLIC_URL": "https://library.example",
}


def app_with(tmp_path: Path, **settings) -> Flask:
    app = create_app(app_config(tmp_path, **settings))
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    return app


def fields(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        name, _, value = line.partition(": ")
        found.setdefault(name, []).append(value)
    return found


def test_security_txt_follows_rfc_9116(tmp_path: Path) -> None:
    app = app_with(tmp_path, **SETTINGS)
    response = app.test_client().get(
        "/.well-known/security.txt", base_url="https://library.example"
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    found = fields(response.get_data(as_text=True))
    assert found["Contact"] == SETTINGS["SECURITY_CONTACT"]
    assert found["Expires"] == ["2027-06-30T00:00:00Z"]  # RFC 3339, once
    assert found["Preferred-Languages"] == ["en, sv, da, nb, fi"]
    assert found["Canonical"] == ["https://library.example/.well-known/security.txt"]
    assert found["Policy"] == [SETTINGS["SECURITY_POLICY_URL"]]
    assert set(found) == {"Contact", "Expires", "Preferred-Languages", "Canonical", "Policy"}
    with app.app_context():
        db.engine.dispose()


def test_expiry_with_a_time_zone_is_given_in_utc(tmp_path: Path) -> None:
    app = app_with(tmp_path, **{**SETTINGS, "SECURITY_TXT_EXPIRES": "2027-01-01T01:30:00+02:00"})
    text = app.test_client().get("/.well-known/security.txt").get_data(as_text=True)
    assert fields(text)["Expires"] == ["2026-12-31T23:30:00Z"]
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("missing", ["SECURITY_CONTACT", "SECURITY_TXT_EXPIRES"])
def test_nothing_is_published_without_a_contact_and_an_expiry(tmp_path: Path, missing) -> None:
    app = app_with(tmp_path, **{**SETTINGS, missing: None})
    assert app.test_client().get("/.well-known/security.txt").status_code == 404
    with app.app_context():
        db.engine.dispose()


def test_a_malformed_expiry_stops_the_app_from_starting(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        create_app(app_config(tmp_path, SECURITY_TXT_EXPIRES="next summer"))
