"""The demo library shows issue 14's features: a practice that did not work, adaptation reports."""

from __future__ import annotations

from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import Adaptation, Practice


def test_a_practice_that_did_not_work_is_findable_with_its_lessons(demo_client) -> None:
    answer = demo_client.get("/api/v1/practices?evidence_level=did_not_work").get_json()
    titles = [p["title"] for p in answer["results"]]
    assert any("Scared Straight" in t for t in titles)
    slug = next(p["slug"] for p in answer["results"] if "Scared Straight" in p["title"])
    html = demo_client.get(f"/practices/{slug}").get_data(as_text=True)
    assert "did not work" in html.lower() and "Lessons" in html


def test_demo_adaptation_reports_sit_on_lineage_and_say_they_are_invented(demo_app) -> None:
    with demo_app.app_context():
        reports = list(db.session.scalars(select(Adaptation)))
        pairs = {(a.practice.city.name, a.source.city.name) for a in reports}
        assert {("Malmö", "Boston"), ("Stockholm", "Oslo"), ("Tampere", "Helsinki")} <= pairs
        for report in reports:
            assert report.source in report.practice.inspired_by
            assert report.what_happened.startswith("Demo example, invented")
            core = report.source.implementation["core_components"]
            assert [c["component"] for c in report.components] == core
        malmo = db.session.scalar(select(Practice).where(Practice.title.startswith("Sluta skjut")))
        assert malmo.inspired_by[0].title.startswith("Boston Operation Ceasefire")
