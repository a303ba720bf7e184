"""The copying city's adaptation report page: who may write it, what it saves, hostile input."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import Adaptation, Practice
from nsc_library.practice_rules import Status
from tests.support.factories import import_records, login, make_record, make_user

CORE = ["Walks every Friday night", "Adults from the neighbourhood"]


@pytest.fixture
def pair(app: Flask) -> dict[str, int]:
    """Night walks in Malmö (A, with core components) inspired a copy in Aarhus (B)."""
    source = make_record(title="Night walks", city="Malmö", country="SE")
    source["implementation"] = {"core_components": CORE}
    copy = make_record(title="Aarhus night walks", city="Aarhus", country="DK")
    import_records(app, [source, copy], status=Status.DRAFT)
    with app.app_context():
        a = db.session.scalar(select(Practice).where(Practice.title == "Night walks"))
        b = db.session.scalar(select(Practice).where(Practice.title == "Aarhus night walks"))
        b.inspired_by = [a]
        db.session.commit()
        ids = {"a": a.id, "b": b.id}
    make_user(app, "aarhus@example.org", "contributor", "Aarhus", "DK")
    make_user(app, "malmo@example.org", "contributor", "Malmö")
    make_user(app, "editor@example.org", "editor")
    return ids


def url(pair: dict[str, int]) -> str:
    return f"/contribute/{pair['b']}/adaptations/{pair['a']}"


FILLED = {
    "components-0-decision": "kept",
    "components-1-decision": "changed",
    "components-1-how": "Youth workers walk with the volunteers.",
    "size": "A smaller city centre.",
    "budget": "Half the staff.",
    "what_happened": "Fewer fights on Friday nights in the first year.",
}


def report_of(app: Flask, pair: dict[str, int]) -> Adaptation | None:
    with app.app_context():
        return db.session.scalar(select(Adaptation).where(Adaptation.practice_id == pair["b"]))


def test_the_copying_city_writes_its_report(app: Flask, client, pair) -> None:
    login(client, "aarhus@example.org")
    page = client.get(url(pair)).get_data(as_text=True)
    assert all(text in page for text in CORE)
    base = {"base_revision": "1"}
    answer = client.post(url(pair), data={**FILLED, **base})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:2000]
    report = report_of(app, pair)
    assert report.components == [
        {"component": CORE[0], "decision": "kept", "how": ""},
        {"component": CORE[1], "decision": "changed", "how": FILLED["components-1-how"]},
    ]
    assert report.context["budget"] == "Half the staff." and report.what_happened
    again = client.get(url(pair)).get_data(as_text=True)  # the saved report comes back
    assert "Youth workers walk with the volunteers." in again
    chosen = re.search(r'<input[^>]*id="components-1-decision-1"[^>]*>', again).group(0)
    assert "checked" in chosen


def test_an_editor_may_write_it_too(app: Flask, client, pair) -> None:
    login(client, "editor@example.org")
    assert client.post(url(pair), data={**FILLED, "base_revision": "1"}).status_code == 302


@pytest.mark.parametrize("who", ["malmo@example.org", None])
def test_others_are_refused(app: Flask, client, pair, who) -> None:
    if who:
        login(client, who)
    answers = [client.get(url(pair)), client.post(url(pair), data=FILLED)]
    assert [a.status_code for a in answers] == ([403, 403] if who else [302, 302])
    assert report_of(app, pair) is None


def test_a_practice_that_was_not_the_inspiration_is_404(app: Flask, client, pair) -> None:
    login(client, "aarhus@example.org")
    assert client.get(f"/contribute/{pair['b']}/adaptations/{pair['b']}").status_code == 404
    assert client.get(f"/contribute/{pair['a']}/adaptations/{pair['b']}").status_code == 403


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"components-0-decision": "stolen"}, "components-0-decision"),
        ({"what_happened": "x" * 5001}, "what_happened"),
        ({"budget": "x" * 2001}, "budget"),
    ],
)
def test_wrong_input_is_refused_and_nothing_written(app, client, pair, data, field) -> None:
    login(client, "aarhus@example.org")
    answer = client.post(url(pair), data={**FILLED, **data, "base_revision": "1"})
    assert answer.status_code == 400
    assert f'id="{field}-error"' in answer.get_data(as_text=True)
    assert report_of(app, pair) is None


def test_a_stale_form_does_not_overwrite(app: Flask, client, pair) -> None:
    login(client, "aarhus@example.org")
    assert client.post(url(pair), data={**FILLED, "base_revision": "1"}).status_code == 302
    answer = client.post(url(pair), data={**FILLED, "size": "Other", "base_revision": "1"})
    assert answer.status_code == 409
    assert report_of(app, pair).context["size"] == "A smaller city centre."


def test_a_report_on_a_published_practice_waits_for_review_and_shows_its_change(
    app: Flask, client, pair
) -> None:
    with app.app_context():
        b = db.session.get(Practice, pair["b"])
        b.status = Status.PUBLISHED
        db.session.commit()
    login(client, "aarhus@example.org")
    assert client.post(url(pair), data={**FILLED, "base_revision": "1"}).status_code == 302
    assert report_of(app, pair) is None  # the published text stays until an editor approves
    page = client.get(f"/contribute/{pair['b']}")
    assert page.status_code == 200
    assert "Youth workers walk with the volunteers." in page.get_data(as_text=True)
    login(client, "editor@example.org")
    history = client.get(f"/contribute/{pair['b']}/history?a=1&b=2")
    assert history.status_code == 200 and "<ins>" in history.get_data(as_text=True)
