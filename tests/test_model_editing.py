"""Editors keep the Nordic models' names and texts up to date, and add models."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import AuditEntry, NordicModel
from tests.support.factories import login, make_user

GOOD_MODEL = {
    "name": "SSP (school, social services and police)",
    "other_names": "SSP\nSSP-samarbejde\n\nssp",
    "origin_country": "DK",
    "origin_year": "1977",
    "origin": "Started in Denmark in 1977.",
    "idea": "Schools, social services and the police meet about the same young people.",
    "how_it_works": "A steering group sets priorities;\r\na coordinator runs the network.",
    "legal_basis": "Section 115 of the Administration of Justice Act.",
    "materials": "SSP handbook | https://dkr.dk/ssp\nhttps://example.org/ssp-guide",
}


@pytest.fixture
def editor(app: Flask, client: FlaskClient) -> FlaskClient:
    make_user(app, "erik@example.org", "editor")
    assert login(client, "erik@example.org").status_code == 302
    return client


def model(app: Flask, slug: str) -> NordicModel | None:
    with app.app_context():
        found = db.session.scalar(select(NordicModel).where(NordicModel.slug == slug))
        if found is not None:
            db.session.expunge(found)
        return found


def audited(app: Flask, action: str) -> list[str]:
    with app.app_context():
        query = select(AuditEntry.subject).where(AuditEntry.action == action)
        return list(db.session.scalars(query))


def test_an_editor_finds_every_model_and_its_form_filled_in(editor: FlaskClient) -> None:
    listing = editor.get("/admin/models").get_data(as_text=True)
    assert "Edit SSP (school, social services and police)" in listing
    assert 'href="/admin/models/exit"' in listing
    form = editor.get("/admin/models/ssp").get_data(as_text=True)
    assert "SSP-samarbejdet\nSSP+" in form  # one other name per line
    assert "Det Kriminalpræventive Råd: SSP | https://dkr.dk/ssp" in form
    assert '<option selected value="DK">' in form or '<option value="DK" selected' in form


def test_an_editor_edits_a_model_and_its_page_and_search_follow(
    app: Flask, editor: FlaskClient
) -> None:
    changes = {**GOOD_MODEL, "other_names": GOOD_MODEL["other_names"] + "\nTrygge kommuner"}
    answer = editor.post("/admin/models/ssp", data=changes)
    assert answer.status_code == 302 and answer.headers["Location"] == "/models/ssp"

    saved = model(app, "ssp")
    assert saved.other_names == ["SSP", "SSP-samarbejde", "Trygge kommuner"]  # "ssp" only once
    assert (
        saved.how_it_works == "A steering group sets priorities;\na coordinator runs the network."
    )
    assert saved.materials == [
        {"title": "SSP handbook", "url": "https://dkr.dk/ssp"},
        {"title": "example.org", "url": "https://example.org/ssp-guide"},
    ]
    assert (saved.origin_country_code, saved.origin_year) == ("DK", 1977)
    assert audited(app, "model.edited") == ["SSP (school, social services and police)"]

    page = editor.get("/models/ssp").get_data(as_text=True)
    assert "Schools, social services and the police meet about the same young people." in page
    # The editor's line break is shown (the element keeps white space).
    assert '<dd class="plain-text">A steering group sets priorities;\na coordinator' in page
    assert '<a href="https://dkr.dk/ssp" rel="noopener">SSP handbook</a>' in page
    found = editor.get("/api/v1/practices?q=trygge+kommuner").get_json()
    assert found["model"]["slug"] == "ssp"  # the new other name is recognised at once


def test_an_editor_adds_a_model(app: Flask, editor: FlaskClient) -> None:
    assert "Add a model" in editor.get("/admin/models/new").get_data(as_text=True)
    data = {"name": "New", "other_names": "Nytt", "idea": "A model named New."}
    answer = editor.post("/admin/models/new", data=data)
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/models/new-2"  # /admin/models/new is the form
    assert editor.get("/models/new-2").status_code == 200
    assert model(app, "new-2").idea == "A model named New."
    assert audited(app, "model.added") == ["New"]
    assert 'href="/admin/models/new-2"' in editor.get("/admin/models").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "says"),
    [({"name": ""}, "Name: This field is required."),
     ({"name": "x" * 121}, "Field cannot be longer than 120 characters."),
     ({"name": "Exit (leaving violent groups)"}, "another model is called"),
     ({"name": "EXIT (LEAVING VIOLENT GROUPS)"}, "another model is called"),
     ({"origin_year": "1899"}, "give a year from 1950 to"),
     ({"origin_year": "2099"}, "give a year from 1950 to"),
     ({"origin_year": "nineteen"}, "Not a valid integer value."),
     ({"origin_country": "XX"}, "Not a valid choice."),
     ({"idea": "x" * 5001}, "Field cannot be longer than 5000 characters."),
     ({"origin": "Started\x07 here"}, "contains control characters"),
     ({"materials": "Handbook | javascript:alert(1)"}, "is not an http(s) URL"),
     ({"materials": "Handbook | ftp://example.org/a"}, "is not an http(s) URL"),
     ({"other_names": "\n".join(f"Name {n}" for n in range(21))}, "give at most 20 other names"),
     ({"other_names": "y" * 121}, "is 121 characters long; the limit is 120")],
)  # fmt: skip
def test_a_bad_model_form_is_a_400_that_says_why_and_writes_nothing(
    app: Flask, editor: FlaskClient, changes: dict[str, str], says: str
) -> None:
    before = model(app, "ssp")
    answer = editor.post("/admin/models/ssp", data={**GOOD_MODEL, **changes})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "There is a problem" in page and says in page
    after = model(app, "ssp")
    assert (after.name, after.idea, after.other_names, after.materials) == (
        before.name, before.idea, before.other_names, before.materials,
    )  # fmt: skip
    assert audited(app, "model.edited") == []
    adding = editor.post("/admin/models/new", data={**GOOD_MODEL, "name": "Brand new", **changes})
    assert adding.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(NordicModel).where(NordicModel.name == "Brand new")) is None


def test_a_model_form_keeps_what_was_typed_when_it_is_refused(editor: FlaskClient) -> None:
    typed = {**GOOD_MODEL, "name": "", "idea": "My long new text about the idea."}
    page = editor.post("/admin/models/ssp", data=typed).get_data(as_text=True)
    assert "My long new text about the idea." in page


def test_a_models_problems_are_told_in_the_editors_language(editor: FlaskClient) -> None:
    assert editor.get("/language/sv").status_code == 302
    data = {**GOOD_MODEL, "materials": "Handbok | ftp://example.org/a"}
    page = editor.post("/admin/models/ssp", data=data).get_data(as_text=True)
    assert "är inte en http(s)-adress" in page and "is not an http(s) URL" not in page


def test_an_unknown_model_is_a_404(editor: FlaskClient) -> None:
    assert editor.get("/admin/models/no-such-model").status_code == 404
    assert editor.post("/admin/models/no-such-model", data=GOOD_MODEL).status_code == 404


def test_only_editors_see_the_edit_link_on_a_models_page(app: Flask, editor: FlaskClient) -> None:
    assert 'href="/admin/models/ssp"' in editor.get("/models/ssp").get_data(as_text=True)
    make_user(app, "anna@example.org", "contributor", "Malmö")
    contributor = app.test_client()
    assert login(contributor, "anna@example.org").status_code == 302
    for visitor in (contributor, app.test_client()):
        assert 'href="/admin/models/ssp"' not in visitor.get("/models/ssp").get_data(as_text=True)
    assert contributor.get("/admin/models").status_code == 403
    assert contributor.get("/admin/models/ssp").status_code == 403


def test_a_models_english_texts_are_marked_as_english_on_other_language_pages(
    client: FlaskClient,
) -> None:
    swedish = client.get("/models/ssp?lang=sv").get_data(as_text=True)
    assert '<dd class="plain-text" lang="en">Schools, the municipality' in swedish
    assert "<dt>Idé</dt>" in swedish  # the page itself is Swedish
    assert 'lang="en">Schools, the municipality' in client.get("/models?lang=fi").get_data(
        as_text=True
    )
    english = client.get("/models/ssp").get_data(as_text=True)
    assert '<dd class="plain-text">Schools, the municipality' in english
