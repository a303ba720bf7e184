"""The practice page, and the newest-first list."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.practice_rules import Status
from tests.support.factories import import_records, make_record


def slug_of(app: Flask, title: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Practice.slug).where(Practice.title == title))


def test_newest_first_lists_only_published_practices(app: Flask, client) -> None:
    import_records(app, [make_record(title="Older practice")])
    import_records(app, [make_record(title="Newer practice")])
    import_records(app, [make_record(title="Secret draft")], status=Status.DRAFT)
    html = client.get("/practices?sort=newest").get_data(as_text=True)
    assert html.index("Newer practice") < html.index("Older practice")
    assert "Secret draft" not in html
    assert ">2 practices</h2>" in html


def test_practice_page_shows_every_field(app: Flask, client) -> None:
    record = make_record(
        title="Mentors for young people",
        partners=["Red Cross", "Police"],
        start_year=2015,
        end_year=2020,
        resources="Two youth workers; SEK 1.2 million a year",
        evaluation="impact",
        prevention_level="selective",
    )
    import_records(app, [record])
    html = client.get(f"/practices/{slug_of(app, record['title'])}").get_data(as_text=True)
    for text in (
        record["title"], record["summary"], "Malmö", "Sweden", "2015–2020", "Polarisation",
        "Community engagement", "General public", "Selective (early prevention)",
        "Impact evaluation", record["organisation"], "Red Cross, Police",
        "Two youth workers; SEK 1.2 million a year", record["evaluation_summary"],
        "Trust rose; young men were hard to reach.", "Anna Berg, Coordinator",
        'href="#ask"', 'href="https://example.org/dialogue"',
    ):  # fmt: skip
        assert text in html, text
    assert "<h2>How it works</h2>" in html and "<strong>every month</strong>" in html
    # The contact's address is not printed: visitors ask the city through the form.
    assert "anna.berg@malmo.example.org" not in html and "mailto:" not in html


def test_practice_in_another_language_is_marked(app: Flask, client) -> None:
    import_records(app, [make_record(title="Forebygging i Bærum", language="nb")])
    html = client.get(f"/practices/{slug_of(app, 'Forebygging i Bærum')}").get_data(as_text=True)
    assert 'lang="nb"' in html


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ("[click](javascript:alert(1))", 'href="javascript:'),
        ('<img src=x onerror="alert(1)">', "<img"),
        ("<svg onload=alert(1)></svg>", "<svg"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<a href="https://x" onclick="alert(1)">x</a>', '<a href="https://x" onclick'),
    ],
)
def test_description_markdown_is_sanitised(app: Flask, client, markdown: str, forbidden: str):
    import_records(app, [make_record(title="Hostile write-up", description=markdown)])
    html = client.get(f"/practices/{slug_of(app, 'Hostile write-up')}").get_data(as_text=True)
    assert forbidden not in html


def test_unpublished_and_unknown_practices_are_404(app: Flask, client) -> None:
    import_records(app, [make_record(title="Draft only")], status=Status.DRAFT)
    response = client.get(f"/practices/{slug_of(app, 'Draft only')}")
    assert response.status_code == 404
    assert "No published practice has this address" in response.get_data(as_text=True)
    assert client.get("/practices/../etc/passwd").status_code == 404


def test_slugs_are_readable_unique_and_stable(app: Flask) -> None:
    first = make_record(title="Dialogue Café!", city="Malmö")
    second = make_record(title="Dialogue café", city="Malmö", summary="Another one.")
    import_records(app, [first])
    with app.app_context():
        # Same title in the same city is the same practice; make the second distinct.
        second["title"] = "Dialogue Café?"
    import_records(app, [second])
    slug1, slug2 = slug_of(app, "Dialogue Café!"), slug_of(app, "Dialogue Café?")
    assert slug1 == "dialogue-cafe-malmo"
    assert slug2 == "dialogue-cafe-malmo-2"
    import_records(app, [dict(first, summary="Edited summary, same practice.")])
    assert slug_of(app, "Dialogue Café!") == slug1
