"""The public side of format 2: /evidence, badges, "How to start", compare rows, adaptations."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import AuditEntry, Practice
from tests.support.factories import import_records, login, make_record, make_user
from tests.test_exchange_v2 import IMPLEMENTATION, source_of, v2_record


@pytest.fixture
def pair(app: Flask) -> tuple[dict, dict]:
    model = v2_record(
        title="SSP model in Aarhus",
        city="Aarhus",
        country="DK",
        evidence_level="did_not_work",
        results="Lessons: start with the schools.",
    )
    copy_ = v2_record(title="SSP copy in Malmö", evidence_level="described", adaptations=[{
        "inspired_by": source_of(model),
        "components": [{"component": IMPLEMENTATION["core_components"][0],
                        "decision": "dropped", "how": "No legal basis in Sweden"}],
        "context": {"legal_basis": "Swedish secrecy rules differ"},
        "what_happened": "Meetings moved to the police station.",
    }])  # fmt: skip
    import_records(app, [model, copy_])
    return model, copy_


def slug(app: Flask, title: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Practice.slug).where(Practice.title == title))


def test_evidence_page_documents_every_level(client, pair) -> None:
    html = client.get("/evidence").get_data(as_text=True)
    for label in ("Not yet assessed", "Well described", "Theory-based", "Did not work",
                  "comparison group", "How to ask for a review", "Who assigns"):  # fmt: skip
        assert label in html
    assert "/practices?evidence_level=did_not_work" in html


def test_practice_page_shows_how_to_start_in_euros(app, client, pair) -> None:
    html = client.get(f"/practices/{slug(app, 'SSP model in Aarhus')}").get_data(as_text=True)
    assert "How to start" in html and "Core components: keep these" in html
    # 400,000 DKK of 2020 at 0.1342
    assert "€53,680" in html
    assert "1.5 FTE" in html and "9 months" in html
    assert "Did not work" in html
    assert "Where it was adopted, and how" in html and "No legal basis in Sweden" in html


def test_the_copy_shows_what_it_took(app, client, pair) -> None:
    html = client.get(f"/practices/{slug(app, 'SSP copy in Malmö')}").get_data(as_text=True)
    assert "What Malmö took from the practices it was inspired by" in html
    assert "Dropped" in html and "Meetings moved to the police station." in html


def test_print_page_has_the_block_alone(app, client, pair) -> None:
    response = client.get(f"/practices/{slug(app, 'SSP model in Aarhus')}/how-to-start")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Weekly meetings" in html
    assert "The practice in detail" not in html


def test_did_not_work_is_a_filter_with_a_count(app, client, pair) -> None:
    answer = client.get("/api/v1/practices?evidence_level=did_not_work").get_json()
    assert [r["title"] for r in answer["results"]] == ["SSP model in Aarhus"]
    assert answer["results"][0]["evidence_level"] == "did_not_work"
    assert answer["facets"]["evidence_level"]["described"] == 1
    html = client.get("/practices?evidence_level=did_not_work").get_data(as_text=True)
    assert "SSP model in Aarhus" in html and "SSP copy in Malmö" not in html
    bad = client.get("/api/v1/practices?evidence_level=proven")
    assert bad.status_code == 400


def test_compare_has_the_new_rows(app, client, pair) -> None:
    wanted = "&".join(f"p={slug(app, t)}" for t in ("SSP model in Aarhus", "SSP copy in Malmö"))
    html = client.get(f"/compare?{wanted}").get_data(as_text=True)
    for row in ("Evidence level", "Start-up cost", "Running cost a year", "Staff",
                "Time to start", "Core components"):  # fmt: skip
        assert row in html


def test_csv_export_has_the_evidence_column(client, pair) -> None:
    text = client.get("/practices/export.csv").get_data(as_text=True)
    header = text.splitlines()[0]
    assert "evidence_level" in header and "implementation" in header
    assert "did_not_work" in text


def test_an_editor_assigns_the_level_and_it_is_audited(app, client, pair) -> None:
    make_user(app, "editor@example.org", "editor")
    login(client, "editor@example.org")
    with app.app_context():
        practice_id = db.session.scalar(
            select(Practice.id).where(Practice.title == "SSP copy in Malmö")
        )
    page = client.get(f"/contribute/{practice_id}").get_data(as_text=True)
    assert "Save the evidence level" in page and "an editor judges" in page
    response = client.post(
        f"/review/{practice_id}/evidence-level",
        data={"level": "theory_based", "reason": "Logic model in the manual"},
    )
    assert response.status_code == 302
    with app.app_context():
        practice = db.session.get(Practice, practice_id)
        assert practice.evidence_level.value == "theory_based"
        assert practice.revisions[-1].content["evidence_level"] == "theory_based"
        assert db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "practice.evidence_level")
        )
    refused = client.post(f"/review/{practice_id}/evidence-level", data={"level": "proven"})
    assert refused.status_code == 400


def test_a_contributor_cannot_assign_the_level(app, client, pair) -> None:
    make_user(app, "writer@example.org", "contributor", city="Malmö")
    login(client, "writer@example.org")
    with app.app_context():
        practice_id = db.session.scalar(select(Practice.id).where(Practice.title.like("SSP copy%")))
    response = client.post(f"/review/{practice_id}/evidence-level", data={"level": "effective"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Practice, practice_id).evidence_level.value == "described"


def test_a_practice_without_implementation_still_renders(app, client) -> None:
    record = make_record()
    import_records(app, [record])
    html = client.get(f"/practices/{slug(app, record['title'])}").get_data(as_text=True)
    assert "does not describe how to start it yet" in html
