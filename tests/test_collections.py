"""Collections: editors make and order them; visitors read them, their feed and their API."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from flask import Flask
from sqlalchemy import select

from nsc_library import create_app
from nsc_library.extensions import db
from nsc_library.models import Collection, Correction, Practice, Question
from nsc_library.practice_rules import Status
from tests.support.factories import app_config, import_records, login, make_record, make_user

NEW = {"title": "Start here", "slug": "start-here", "introduction": "Read **these** first.",
       "published": "y"}  # fmt: skip
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def library(app: Flask) -> Flask:
    import_records(app, [make_record(title=f"Practice {n}") for n in (1, 2, 3)])
    import_records(app, [make_record(title="A draft")], status=Status.DRAFT)
    make_user(app, "editor@example.org", "editor")
    make_user(app, "malmo@example.org", "contributor", "Malmö")
    return app


def ids(app: Flask) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(select(Practice.title, Practice.id)).all())


def editor(app: Flask):
    client = app.test_client()
    login(client, "editor@example.org")
    return client


def made(app: Flask, client) -> int:
    """A published collection holding practices 1, 2 and 3 in that order; its id."""
    response = client.post("/review/collections", data=NEW)
    assert response.status_code == 302
    collection_id = int(response.headers["Location"].rsplit("/", 1)[1])
    for title in ("Practice 1", "Practice 2", "Practice 3"):
        added = client.post(
            f"/review/collections/{collection_id}/practices", data={"practice": ids(app)[title]}
        )
        assert added.status_code == 302
    return collection_id


def titles_in(client, slug: str = "start-here") -> list[str]:
    answer = client.get(f"/api/v1/collections/{slug}").get_json()
    return [p["title"] for p in answer["practices"]]


def test_an_editor_makes_orders_and_publishes_a_collection(library) -> None:
    client = editor(library)
    collection_id = made(library, client)
    visitor = library.test_client()
    assert titles_in(visitor) == ["Practice 1", "Practice 2", "Practice 3"]
    p3 = ids(library)["Practice 3"]
    base = f"/review/collections/{collection_id}/practices/{p3}"
    assert client.post(f"{base}/up").status_code == 302
    assert titles_in(visitor) == ["Practice 1", "Practice 3", "Practice 2"]
    assert client.post(f"{base}/remove").status_code == 302
    assert titles_in(visitor) == ["Practice 1", "Practice 2"]
    page = visitor.get("/collections/start-here").get_data(as_text=True)
    assert "<strong>these</strong>" in page and "Practice 2" in page
    assert "Start here" in visitor.get("/collections").get_data(as_text=True)


def test_the_feed_api_and_sitemap_list_a_published_collection(library) -> None:
    made(library, editor(library))
    client = library.test_client()
    feed = client.get("/feeds/collections/start-here.atom")
    assert feed.status_code == 200
    entries = ElementTree.fromstring(feed.data).findall(f"{ATOM}entry")  # noqa: S314
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Practice 1", "Practice 2",
                                                            "Practice 3"]  # fmt: skip
    (summary,) = client.get("/api/v1/collections").get_json()["results"]
    assert (summary["slug"], summary["count"]) == ("start-here", 3)
    assert summary["feed"].endswith("/feeds/collections/start-here.atom")
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/collections/start-here</loc>" in sitemap and "/gaps</loc>" in sitemap


def test_unpublished_collections_and_draft_practices_stay_hidden(library) -> None:
    client = editor(library)
    collection_id = made(library, client)
    draft = ids(library)["A draft"]
    url = f"/review/collections/{collection_id}/practices"
    refused = client.post(url, data={"practice": draft})
    assert refused.status_code == 400  # not among the choices: only published practices
    client.post(f"/review/collections/{collection_id}", data={**NEW, "published": ""})
    visitor = library.test_client()
    for url in ("/collections/start-here", "/api/v1/collections/start-here",
                "/feeds/collections/start-here.atom"):  # fmt: skip
        assert visitor.get(url).status_code == 404, url
    assert visitor.get("/api/v1/collections").get_json() == {"results": []}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slug": "Not A Slug"}, "Use letters a-z, digits and hyphens."),
        ({"slug": ""}, "Give the collection an address."),
        ({"title": ""}, "Give the collection a title."),
        ({"title": "x" * 201}, "Use at most 200 characters."),
        ({"introduction": "x" * 10_001}, "Use at most 10,000 characters."),
    ],
)
def test_a_bad_collection_is_a_400_and_writes_nothing(library, change, message) -> None:
    response = editor(library).post("/review/collections", data={**NEW, **change})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    with library.app_context():
        assert db.session.scalars(select(Collection)).all() == []


def test_a_taken_address_is_refused(library) -> None:
    client = editor(library)
    made(library, client)
    again = client.post("/review/collections", data={**NEW, "title": "Another"})
    assert again.status_code == 400
    assert "Another collection has the address" in again.get_data(as_text=True)


def test_only_editors_curate(library) -> None:
    contributor = library.test_client()
    login(contributor, "malmo@example.org")
    assert contributor.get("/review/collections").status_code == 403
    assert contributor.post("/review/collections", data=NEW).status_code == 403
    assert library.test_client().post("/review/collections", data=NEW).status_code == 302
    with library.app_context():
        assert db.session.scalars(select(Collection)).all() == []


def test_moves_past_the_ends_and_unknown_moves_are_refused(library) -> None:
    client = editor(library)
    collection_id = made(library, client)
    first = ids(library)["Practice 1"]
    base = f"/review/collections/{collection_id}/practices/{first}"
    assert client.post(f"{base}/up").status_code == 303  # with a message, nothing moved
    assert client.post(f"{base}/sideways").status_code == 404
    assert client.post(f"/review/collections/999/practices/{first}/up").status_code == 404
    assert titles_in(library.test_client())[0] == "Practice 1"


def test_the_demo_library_has_two_collections(demo_client) -> None:
    answer = demo_client.get("/api/v1/collections").get_json()
    slugs = {c["slug"]: c["count"] for c in answer["results"]}
    assert slugs == {"start-here-nordic-models": 5, "working-with-families": 5}


def test_backup_and_restore_keep_collections_questions_and_reports(library, tmp_path) -> None:
    client = editor(library)
    made(library, client)
    slug = library.test_client().get("/api/v1/collections/start-here").get_json()
    slug = slug["practices"][0]["slug"]
    visitor = library.test_client()
    ask = {"ask-name": "Eva", "ask-email": "eva@example.org", "ask-text": "Can we visit?"}
    assert visitor.post(f"/practices/{slug}/ask", data=ask).status_code == 302
    assert (
        visitor.post(f"/practices/{slug}/report", data={"report-problem": "Old"}).status_code == 302
    )
    archive = tmp_path / "backup.json.gz"
    assert library.test_cli_runner().invoke(args=["backup", str(archive)]).exit_code == 0

    fresh = create_app(app_config(tmp_path / "fresh"))
    runner = fresh.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    result = runner.invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert titles_in(fresh.test_client()) == ["Practice 1", "Practice 2", "Practice 3"]
    with fresh.app_context():
        (question,) = db.session.scalars(select(Question)).all()
        assert (question.email, question.text) == ("eva@example.org", "Can we visit?")
        assert db.session.scalar(select(Correction.text)) == "Old"
        db.session.remove()
        db.engine.dispose()
