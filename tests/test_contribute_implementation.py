"""The practice form's "How to start it": repeating rows without JavaScript, the import's checks."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library import create_app
from nsc_library.extensions import db
from nsc_library.models import Practice
from tests.support.factories import app_config, login, make_user
from tests.test_csrf import token_from
from tests.test_forms import sign_in
from tests.test_review_flow import FULL_FORM

ROWS = {
    "phases-0-name": "Planning with the schools",
    "phases-0-duration_months": "6",
    "phases-0-description": "Agree on the evenings.",
    "staffing-0-role": "Coordinator",
    "staffing-0-fte": "0,5",
    "costs-0-kind": "start_up",
    "costs-0-amount": "120 000",
    "costs-0-currency": "SEK",
    "costs-0-year": "2024",
    "costs-1-kind": "running",
    "costs-1-amount": "40000",
    "costs-1-currency": "SEK",
    "costs-1-year": "",
    "materials-0-title": "Volunteer handbook",
    "materials-0-url": "https://example.org/handbook.pdf",
    "preconditions-0": "A room in the library",
    "legal_basis": "Social Services Act, chapter 5",
    "core_components-0": "Two evenings a week",
    "core_components-1": "",
    "adaptable_components-0": "Which subjects",
}


@pytest.fixture
def writer(app: Flask, client):
    make_user(app, "writer@example.org", "contributor", "Malmö")
    login(client, "writer@example.org")
    return client


def practices(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Practice.id)))


def test_the_new_form_has_empty_rows_and_add_buttons(writer) -> None:
    html = writer.get("/contribute/new").get_data(as_text=True)
    for name in ("phases-0-name", "staffing-0-fte", "costs-0-currency", "core_components-0"):
        assert f'name="{name}"' in html
    assert 'name="add_row" value="costs"' in html and "Add another cost" in html
    assert '<option value="SEK">SEK</option>' in html


def test_rows_are_saved_as_the_exchange_format(app: Flask, writer) -> None:
    answer = writer.post("/contribute/new", data={**FULL_FORM, **ROWS, "save": "Save draft"})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:3000]
    with app.app_context():
        practice = db.session.scalar(select(Practice))
        stored = practice.implementation
        page = writer.get(f"/contribute/{practice.id}/edit").get_data(as_text=True)
    assert stored["phases"] == [
        {"name": "Planning with the schools", "duration_months": 6,
         "description": "Agree on the evenings."}
    ]  # fmt: skip
    assert stored["staffing"] == [{"role": "Coordinator", "fte": 0.5}]
    assert stored["costs"][0] == {
        "kind": "start_up", "amount": 120000, "currency": "SEK", "year": 2024, "note": ""
    }  # fmt: skip
    assert stored["costs"][1]["kind"] == "running" and stored["costs"][1]["year"] is None
    assert stored["core_components"] == ["Two evenings a week"]  # the empty line is ignored
    assert stored["legal_basis"] == "Social Services Act, chapter 5"
    # Editing shows every row again, and one empty row more to type into.
    assert 'value="Planning with the schools"' in page and 'name="phases-1-name"' in page
    assert 'value="0.5"' in page and 'name="costs-2-amount"' in page


def test_add_another_keeps_what_was_typed_and_saves_nothing(app: Flask, writer) -> None:
    data = {"title": "Night walks", "phases-0-name": "Recruit walkers", "add_row": "phases"}
    answer = writer.post("/contribute/new", data=data)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and practices(app) == 0
    assert 'value="Night walks"' in html and 'value="Recruit walkers"' in html
    assert 'name="phases-1-name"' in html and 'name="phases-2-name"' in html  # typed + 2 empty
    assert 'id="phases-last"' in html and "error-summary" not in html


@pytest.mark.parametrize(
    ("rows", "field", "words"),
    [
        ({"costs-0-amount": "100", "costs-0-currency": "XYZ"}, "costs-0-currency", "rate table"),
        ({"costs-0-amount": "-5", "costs-0-currency": "SEK"}, "costs-0-amount", "negative"),
        ({"staffing-0-role": "Nurse", "staffing-0-fte": "1001"}, "staffing-0-fte", "at most 1000"),
        ({"staffing-0-role": "Nurse", "staffing-0-fte": "many"}, "staffing-0-fte", "a number"),
        ({"staffing-0-role": "Nurse", "staffing-0-fte": "0"}, "staffing-0-fte", "above 0"),
        ({"phases-0-duration_months": "3"}, "phases-0-name", "empty the whole row"),
        ({"materials-0-title": "Guide", "materials-0-url": "javascript:alert(1)"},
         "materials-0-url", "http"),
        ({"phases-0-name": "x" * 201}, "phases-0-name", "longer than 200"),
    ],
)  # fmt: skip
def test_a_wrong_row_is_refused_on_its_field_and_nothing_is_written(
    app: Flask, writer, rows: dict, field: str, words: str
) -> None:
    answer = writer.post("/contribute/new", data={**FULL_FORM, **rows, "save": "Save draft"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    error = re.search(rf'id="{field}-error">(.*?)</p>', html, re.S)
    assert error and words in error.group(1), error and error.group(1)
    assert f'href="#{field}"' in html  # the summary links to the row's field
    assert practices(app) == 0


def test_the_second_wrong_row_is_named_right(app: Flask, writer) -> None:
    rows = {
        "costs-0-amount": "", "costs-0-currency": "",  # an empty row, skipped
        "costs-1-amount": "10", "costs-1-currency": "SEK",
        "costs-2-amount": "-1", "costs-2-currency": "SEK",
    }  # fmt: skip
    html = writer.post("/contribute/new", data={**FULL_FORM, **rows}).get_data(as_text=True)
    assert 'id="costs-2-amount-error"' in html and 'id="costs-1-amount-error"' not in html


def test_too_many_rows_are_cut_at_the_limit(app: Flask, writer) -> None:
    rows = {f"preconditions-{n}": f"Condition {n}" for n in range(40)}
    answer = writer.post("/contribute/new", data={**FULL_FORM, **rows, "add_row": "preconditions"})
    assert answer.status_code == 200
    assert 'name="preconditions-19"' in answer.get_data(as_text=True)
    assert 'name="preconditions-20"' not in answer.get_data(as_text=True)


@pytest.fixture
def csrf_app(tmp_path) -> Flask:
    app = create_app(app_config(tmp_path, WTF_CSRF_ENABLED=True))
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    return app


def test_rows_posted_after_the_session_ended_come_back(csrf_app) -> None:
    make_user(csrf_app, "editor@example.org", "editor")
    client = csrf_app.test_client()
    sign_in(client, "editor@example.org")
    token = token_from(client.get("/contribute/new").get_data(as_text=True))
    client.delete_cookie("session")  # the session ended while they typed
    data = {"csrf_token": token, "title": "Night walks", **ROWS, "save": "Save draft"}
    assert client.post("/contribute/new", data=data).status_code == 302
    assert practices(csrf_app) == 0
    sign_in(client, "editor@example.org")
    html = client.get("/contribute/new").get_data(as_text=True)
    assert 'value="Planning with the schools"' in html and 'value="0,5"' in html
    assert 'value="Two evenings a week"' in html and "is back in the form" in html


def test_every_wrong_row_is_shown_at_once(app: Flask, writer) -> None:
    rows = {
        "staffing-0-role": "Nurse", "staffing-0-fte": "1001",
        "costs-0-amount": "-5", "costs-0-currency": "SEK",
        "costs-1-amount": "10", "costs-1-currency": "XYZ",
    }  # fmt: skip
    html = writer.post("/contribute/new", data={**FULL_FORM, **rows}).get_data(as_text=True)
    for field in ("staffing-0-fte", "costs-0-amount", "costs-1-currency"):
        assert f'id="{field}-error"' in html and f'href="#{field}"' in html
    assert practices(app) == 0
