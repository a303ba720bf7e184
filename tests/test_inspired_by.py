"""The practice form's "Inspired by" picker: only the chosen practices on the page, a search that
works without JavaScript, its JSON twin, and refusals of anything but another published practice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from nsc_library.contribute.inspiration import MAX_CHOSEN, MAX_MATCHES
from nsc_library.extensions import db
from nsc_library.models import Practice, User
from nsc_library.models.practice import practice_lineage
from nsc_library.practice_rules import Status
from nsc_library.services import practices
from tests.support.apps import AppTemplates
from tests.support.factories import import_records, login, make_record, make_user
from tests.test_hostile_input import (
    NOT_TEXT,
    PAYLOADS,
    URL_PAYLOADS,
    check_answer,
    in_url,
    post,
)

MODELS = {
    "exit": ("Exit programme for young people", "Malmö", "SE"),
    "walks": ("Night walks by parents", "Tromsø", "NO"),
    "draft": ("Exit draft never published", "Aarhus", "DK"),
}
MANY = 30  # more "Mentoring" practices than one search shows


def library(app: Flask) -> dict[str, int]:
    """Published models, many alike, a draft, and a signed-in writer of each kind."""
    published = [MODELS["exit"], MODELS["walks"]]
    import_records(app, [make_record(title=t, city=c, country=k) for t, c, k in published])
    import_records(
        app, [make_record(title=f"Mentoring circle {n}", city="Oslo") for n in range(MANY)]
    )
    title, city, country = MODELS["draft"]
    import_records(app, [make_record(title=title, city=city, country=country)], Status.DRAFT)
    make_user(app, "editor@example.org", "editor")
    make_user(app, "contributor@example.org", "contributor", "Malmö")
    cityless = make_user(app, "cityless@example.org", "contributor", "Umeå")
    with app.app_context():
        # A contributor whose city was taken away may not write (services/policy.py).
        db.session.execute(update(User).where(User.id == cityless).values(city_id=None))
        db.session.commit()
        return {key: practices.find_practice(*MODELS[key]).id for key in MODELS}


@pytest.fixture
def picker_app(tmp_path: Path, app_templates: AppTemplates) -> Iterator[Flask]:
    with app_templates.app(tmp_path, library) as app:
        yield app


@pytest.fixture
def ids(picker_app: Flask) -> dict[str, int]:
    return picker_app.extensions["tests.filled"]


@pytest.fixture
def editor(picker_app: Flask) -> FlaskClient:
    client = picker_app.test_client()
    assert login(client, "editor@example.org").status_code == 302
    return client


def practice_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Practice.id)))


def lineage(app: Flask) -> list:
    with app.app_context():
        return list(db.session.execute(select(practice_lineage)))


def boxes(html: str) -> dict[str, bool]:
    """The picker's boxes: practice id -> ticked."""
    found = re.findall(
        r'<input (checked )?id="inspired_by-\d+" name="inspired_by"[^>]*value="(\d+)"', html
    )
    return {value: bool(checked) for checked, value in found}


def draft(**changes) -> dict:
    fields = {"title": "Night walks in Umeå", "summary": "Typed, not yet saved.",
              "city": "Umeå", "country": "SE",
              "description": "Volunteers walk\nin pairs.", "language": "en",
              "themes": ["polarisation"], "base_revision": "0"}  # fmt: skip
    return {**fields, **changes}


def test_the_form_lists_no_practice_until_one_is_chosen_or_found(editor) -> None:
    html = editor.get("/contribute/new").get_data(as_text=True)
    assert boxes(html) == {}
    assert "Mentoring circle" not in html
    assert 'name="inspired_by_search"' in html and "Find practices" in html


def test_find_keeps_what_was_typed_and_shows_matches(picker_app, editor, ids) -> None:
    before = practice_count(picker_app)
    form = draft(inspired_by_search="exit programme", find_inspiration="1")
    response = editor.post("/contribute/new", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Night walks in Umeå"' in html and "Typed, not yet saved." in html
    assert "Volunteers walk\nin pairs." in html
    assert 'value="exit programme"' in html  # the search itself stays too
    assert boxes(html) == {str(ids["exit"]): False}  # not the draft, not the other practices
    assert "Exit programme for young people (Malmö)" in html
    assert "1 practice matches" in html
    assert practice_count(picker_app) == before  # nothing saved


def test_find_keeps_the_ticked_practices_and_shows_at_most_a_page(editor, ids) -> None:
    form = draft(inspired_by=[str(ids["walks"])], inspired_by_search="mentoring circle")
    response = editor.post("/contribute/new", data={**form, "find_inspiration": "1"})
    shown = boxes(response.get_data(as_text=True))
    assert shown[str(ids["walks"])] is True
    assert len(shown) == 1 + MAX_MATCHES


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type some words"),
        ("zzzqqx", "No published practice matches “zzzqqx”"),
        ("<script>alert(1)</script>", "No published practice matches"),
    ],
)
def test_find_without_a_match_says_so(editor, typed: str, message: str) -> None:
    response = editor.post(
        "/contribute/new", data=draft(inspired_by_search=typed, find_inspiration="1")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert "<script>alert(1)" not in html


def test_a_chosen_practice_is_saved_shown_ticked_and_can_be_unticked(
    picker_app, editor, ids
) -> None:
    response = editor.post("/contribute/new", data=draft(inspired_by=[str(ids["exit"])], save="1"))
    assert response.status_code == 302
    edit = response.headers["Location"] + "/edit"
    html = editor.get(edit).get_data(as_text=True)
    assert boxes(html) == {str(ids["exit"]): True}
    revision = re.search(r'name="base_revision" type="hidden" value="(\d+)"', html).group(1)
    assert editor.post(edit, data=draft(base_revision=revision, save="1")).status_code == 302
    assert lineage(picker_app) == []


def refused_ids(ids: dict[str, int]) -> list[tuple[list[str], str]]:
    return [
        ([str(ids["draft"])], f"Practice number {ids['draft']} is not a published practice"),
        (["999999"], "Practice number 999999 is not a published practice"),
        (["abc"], "“abc” is not the number of a practice"),
        (["12 "], "is not the number of a practice"),
        (["١٢"], "is not the number of a practice"),  # other scripts' digits
        (["9" * 40], "is not the number of a practice"),  # larger than any integer column
        ([str(ids["exit"])] * (MAX_CHOSEN + 1), f"Tick at most {MAX_CHOSEN} practices"),
    ]


@pytest.mark.parametrize("case", range(7))
def test_anything_but_another_published_practice_is_refused(picker_app, editor, ids, case) -> None:
    posted, message = refused_ids(ids)[case]
    before = practice_count(picker_app)
    response = editor.post("/contribute/new", data=draft(inspired_by=posted, save="1"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert 'href="#inspired_by"' in html  # the error summary links to the picker
    assert practice_count(picker_app) == before and lineage(picker_app) == []
    assert "There is a problem" in html and html.count('class="error-message"') == 1


def test_a_practice_cannot_be_inspired_by_itself(picker_app, editor, ids) -> None:
    own = ids["walks"]
    page = editor.get(f"/contribute/{own}/edit").get_data(as_text=True)
    revision = re.search(r'name="base_revision" type="hidden" value="(\d+)"', page).group(1)
    form = draft(inspired_by=[str(own)], base_revision=revision, save="1")
    response = editor.post(f"/contribute/{own}/edit", data=form)
    assert response.status_code == 400
    assert "A practice cannot be inspired by itself" in response.get_data(as_text=True)
    assert lineage(picker_app) == []
    # Nor does its own search offer it.
    found = editor.get(f"/contribute/practices/find?q=night+walks&practice={own}").get_json()
    assert own not in [p["id"] for p in found["practices"]]


def test_the_json_search_answers_signed_in_writers(picker_app, ids) -> None:
    client = picker_app.test_client()
    login(client, "contributor@example.org")
    answer = client.get("/contribute/practices/find?q=malmo+exit")  # no ö typed
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    found = answer.get_json()
    assert found["practices"] == [
        {"id": ids["exit"], "label": "Exit programme for young people (Malmö)"}
    ]
    assert "1 practice matches" in found["message"]
    many = client.get("/contribute/practices/find?q=mentoring").get_json()["practices"]
    assert len(many) == MAX_MATCHES


def test_the_json_search_needs_a_writer(picker_app) -> None:
    anonymous = picker_app.test_client().get("/contribute/practices/find?q=exit")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    client = picker_app.test_client()
    login(client, "cityless@example.org")  # a contributor without a city writes nothing
    refused = client.get("/contribute/practices/find?q=exit")
    assert refused.status_code == 403 and refused.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=",
        "?q=+++",
        "?q=" + "a" * 201,
        "?q=exit&practice=abc",
        "?q=exit&practice=" + "9" * 40,
    ],
)
def test_the_json_search_refuses_bad_input_with_400(editor, query: str) -> None:
    response = editor.get("/contribute/practices/find" + query)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    ("typed", "found"),
    [("malm", ["exit"]), ("trom", ["walks"]), ("nig par", ["walks"]), ("%", []), ("_", [])],
)
def test_a_word_half_typed_finds_titles_and_cities_containing_it(editor, ids, typed, found):
    answer = editor.get("/contribute/practices/find", query_string={"q": typed}).get_json()
    assert [p["id"] for p in answer["practices"]] == [ids[key] for key in found]


@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_hostile_searches_get_a_clear_answer_and_change_nothing(
    picker_app, editor, payload: str
) -> None:
    before = practice_count(picker_app)
    form = draft(find_inspiration="1", inspired_by_search=PAYLOADS[payload])
    page = post(editor, "/contribute/new", form)
    check_answer(page, payload, echoes=page.status_code == 200)
    assert page.status_code == (400 if payload in NOT_TEXT else 200)
    address = "/contribute/practices/find?q=" + in_url(PAYLOADS[payload])
    answer = editor.get(address) if payload in URL_PAYLOADS else None
    if answer is not None:
        check_answer(answer, payload)
        assert answer.status_code in (200, 400), answer.status_code
    assert practice_count(picker_app) == before
