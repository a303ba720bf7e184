"""The shortlist's answer to static/app.js: JSON for a fetch that asks for it, no flash later."""

from __future__ import annotations

from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.public.shortlist import MAX_SHORTLIST

JSON = {"Accept": "application/json"}


def slugs_of(demo_app, count: int) -> list[str]:
    with demo_app.app_context():
        query = select(Practice.slug).order_by(Practice.id).limit(count)
        return list(db.session.scalars(query))


def test_a_fetch_gets_the_count_and_no_flash_for_later(demo_app, demo_client) -> None:
    first, second = slugs_of(demo_app, 2)
    answer = demo_client.post("/shortlist/add", data={"slug": first}, headers=JSON)
    assert answer.status_code == 200
    assert answer.json == {"added": True, "count": 1, "message": "Added to your shortlist."}
    answer = demo_client.post("/shortlist/add", data={"slug": second}, headers=JSON)
    assert answer.json["count"] == 2
    html = demo_client.get("/").get_data(as_text=True)
    assert 'Shortlist <span class="count">(2)</span>' in html
    assert "Added to your shortlist" not in html  # the page said it already


def test_a_full_shortlist_answers_409_with_the_reason(demo_app, demo_client) -> None:
    slugs = slugs_of(demo_app, MAX_SHORTLIST + 1)
    for slug in slugs[:MAX_SHORTLIST]:
        demo_client.post("/shortlist/add", data={"slug": slug}, headers=JSON)
    answer = demo_client.post("/shortlist/add", data={"slug": slugs[-1]}, headers=JSON)
    assert answer.status_code == 409 and answer.json["added"] is False
    assert f"{MAX_SHORTLIST} practices at most" in answer.json["message"]


def test_an_unknown_practice_is_refused_also_for_a_fetch(demo_client) -> None:
    answer = demo_client.post("/shortlist/add", data={"slug": "nope"}, headers=JSON)
    assert answer.status_code == 400


def test_the_button_carries_what_the_script_needs(demo_app, demo_client) -> None:
    html = demo_client.get("/practices").get_data(as_text=True)
    assert 'data-shortlist-add="/shortlist"' in html
    assert 'data-done-text="On your shortlist"' in html
