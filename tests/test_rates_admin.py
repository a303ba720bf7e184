"""The editors' EUR rate table at /admin/rates: view, add or correct a year, checks, denial."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from nsc_library import create_app
from nsc_library.extensions import db
from nsc_library.models import AuditEntry
from nsc_library.services import eur_rates
from nsc_library.services.practices import known_terms
from tests.support.factories import login, make_user


@pytest.fixture
def editor(app: Flask, client: FlaskClient) -> FlaskClient:
    make_user(app, "erik@example.org", "editor")
    login(client, "erik@example.org")
    return client


def instance_file(app: Flask) -> Path:
    return Path(app.instance_path) / "eur-rates.json"


def audit_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "eur_rate.set")
        )


def test_the_table_shows_every_currency_and_year(editor: FlaskClient) -> None:
    html = editor.get("/admin/rates").get_data(as_text=True)
    for code in ("DKK", "EUR", "ISK", "NOK", "SEK"):
        assert f'<th scope="col">{code}</th>' in html
    assert '<th scope="row">2025</th>' in html and "0.0905" in html


def test_an_editor_adds_a_year_with_a_decimal_comma(app: Flask, editor: FlaskClient) -> None:
    answer = editor.post("/admin/rates", data={"currency": "sek", "year": "2026", "rate": "0,091"})
    assert answer.status_code == 302
    saved = json.loads(instance_file(app).read_text("utf-8"))
    assert saved["rates"]["SEK"]["2026"] == 0.091
    assert saved["rates"]["SEK"]["2025"] == 0.0905  # the rest of the table is kept
    assert audit_count(app) == 1
    with app.test_request_context():
        assert eur_rates.current_table().rate("SEK", 2026) == 0.091
    assert "0.091" in editor.get("/admin/rates").get_data(as_text=True)
    assert not list(instance_file(app).parent.glob(".eur-rates-*"))  # no temporary file left


def test_a_new_currency_becomes_usable_in_costs(app: Flask, editor: FlaskClient) -> None:
    editor.post("/admin/rates", data={"currency": "CHF", "year": "2024", "rate": "1.05"})
    with app.test_request_context():
        assert "CHF" in known_terms().currencies


def test_another_worker_reads_the_changed_file(app: Flask, editor: FlaskClient) -> None:
    other = create_app({**app.config})  # a second worker, started before the change
    with other.test_request_context():
        assert eur_rates.current_table().rate("NOK", 2025) == 0.0855
    editor.post("/admin/rates", data={"currency": "NOK", "year": "2025", "rate": "0.0857"})
    with other.test_request_context():
        assert eur_rates.current_table().rate("NOK", 2025) == 0.0857


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"currency": "XQZ", "year": "2025", "rate": "1"}, "currency", "not an ISO 4217"),
        ({"currency": "S3K", "year": "2025", "rate": "1"}, "currency", "not an ISO 4217"),
        ({"currency": "", "year": "2025", "rate": "1"}, "currency", "not an ISO 4217"),
        ({"currency": "SEK", "year": "1800", "rate": "1"}, "year", "Write a year from 1950"),
        ({"currency": "SEK", "year": "2999", "rate": "1"}, "year", "Write a year from 1950"),
        ({"currency": "SEK", "year": "20x5", "rate": "1"}, "year", "Write a year from 1950"),
        ({"currency": "SEK", "year": "2025", "rate": "-0.1"}, "rate", "above 0"),
        ({"currency": "SEK", "year": "2025", "rate": "0"}, "rate", "above 0"),
        ({"currency": "SEK", "year": "2025", "rate": "NaN"}, "rate", "above 0"),
        ({"currency": "SEK", "year": "2025", "rate": "Infinity"}, "rate", "above 0"),
        ({"currency": "SEK", "year": "2025", "rate": "1e9"}, "rate", "above 0"),
        ({"currency": "SEK", "year": "2025", "rate": "ten"}, "rate", "above 0"),
        ({"currency": "SEK", "year": "2025", "rate": "1" * 40}, "rate", "longer than"),
    ],
)
def test_a_wrong_rate_is_refused_on_its_field(
    app: Flask, editor: FlaskClient, data: dict, field: str, words: str
) -> None:
    answer = editor.post("/admin/rates", data=data)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert f'id="{field}-error"' in html and words in html
    assert not instance_file(app).exists() and audit_count(app) == 0


def test_a_file_that_cannot_be_written_keeps_everything(
    app: Flask, editor: FlaskClient, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    app.config["EUR_RATES_FILE"] = str(blocker / "eur-rates.json")
    answer = editor.post("/admin/rates", data={"currency": "SEK", "year": "2026", "rate": "0.09"})
    assert answer.status_code == 503
    assert "could not be saved" in answer.get_data(as_text=True)
    assert audit_count(app) == 0


@pytest.mark.parametrize("role", ["contributor", None])
def test_only_editors_see_or_change_the_rates(app: Flask, client: FlaskClient, role) -> None:
    if role:
        make_user(app, "anna@example.org", role, "Malmö")
        login(client, "anna@example.org")
    for answer in (
        client.get("/admin/rates"),
        client.post("/admin/rates", data={"currency": "SEK", "year": "2026", "rate": "9"}),
    ):
        assert answer.status_code == (403 if role else 302)
    assert not instance_file(app).exists() and audit_count(app) == 0
