"""Writing, submitting, reviewing and publishing a practice; revisions and their history."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import AuditEntry, IndexChange, Practice, Revision
from nsc_library.practice_rules import Status
from nsc_library.services import workflow
from tests.support.factories import import_records, login, make_record, make_user

FULL_FORM = {
    "title": "Homework café for newly arrived teenagers",
    "summary": "Volunteers help with homework twice a week in the library.",
    "description": "## How it works\n\nTwo evenings a week.",
    "language": "en",
    "themes": ["youth-crime"],
    "approaches": ["youth-activities"],
    "target_groups": ["young-people"],
    "start_year": "2019",
    "end_year": "",
    "evaluation": "process",
    "prevention_level": "universal",
    "links": "City page | https://example.org/cafe",
    "partners": "Red Cross\nCity library",
    "contact_email": "cafe@malmo.example.org",
}


@pytest.fixture
def people(app: Flask) -> dict[str, int]:
    import_records(app, [make_record(city="Malmö", country="SE", title="Existing practice")])
    return {
        "editor": make_user(app, "editor@example.org", "editor"),
        "malmo": make_user(app, "malmo@example.org", "contributor", "Malmö"),
        "bergen": make_user(app, "bergen@example.org", "contributor", "Bergen", "NO"),
    }


def practice_by_title(app: Flask, title: str) -> Practice:
    with app.app_context():
        practice = db.session.scalar(select(Practice).where(Practice.title == title))
        assert practice is not None
        db.session.expunge_all()
        return practice


def load(app: Flask, practice_id: int):
    with app.app_context():
        practice = db.session.get(Practice, practice_id)
        return {
            "status": practice.status,
            "title": practice.title,
            "summary": practice.summary,
            "revisions": [(r.number, r.pending, r.note) for r in practice.revisions],
            "notes": [n.body for n in practice.review_notes],
            "city": practice.city.name,
            "published_at": practice.published_at,
        }


def write_draft(client, **changes) -> int:
    data = {**FULL_FORM, **changes, "save": "Save draft", "base_revision": "0"}
    response = client.post("/contribute/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_a_draft_can_be_saved_with_fields_missing(app: Flask, client, people) -> None:
    login(client, "malmo@example.org")
    practice_id = write_draft(client, summary="", description="", themes=[])
    state = load(app, practice_id)
    assert state["status"] == Status.DRAFT and state["city"] == "Malmö"
    response = client.post(f"/contribute/{practice_id}/submit")
    assert response.status_code == 302
    assert load(app, practice_id)["status"] == Status.DRAFT
    page = client.get(f"/contribute/{practice_id}").get_data(as_text=True)
    assert "please complete summary (is required), description (is required)" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("start_year", "20x9", "Write the year as four digits"),
        ("end_year", "2010", "before the start year"),
        ("links", "Evil | javascript:alert(1)", "is not an http(s) URL"),
        ("contact_email", "not-an-email", "is not a valid e-mail"),
        ("title", "x" * 201, "Field cannot be longer than 200 characters"),
        ("themes", ["no-such-theme"], "is not a valid choice"),
    ],
)
def test_bad_fields_are_shown_next_to_the_field_and_nothing_is_saved(
    app: Flask, client, people, field: str, value, message: str
) -> None:
    login(client, "malmo@example.org")
    data = {**FULL_FORM, field: value, "save": "Save draft", "base_revision": "0"}
    response = client.post("/contribute/new", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="{field}-error"' in html
    assert FULL_FORM["summary"] in html  # the user's input is kept
    with app.app_context():
        assert (
            db.session.scalar(select(Practice).where(Practice.title == FULL_FORM["title"])) is None
        )


def written_rows(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Practice, Revision, AuditEntry, IndexChange)
        }


def test_save_and_submit_is_one_transaction(app: Flask, client, people) -> None:
    """The draft would save, the submission is refused: neither is kept, so no stray draft."""
    login(client, "malmo@example.org")
    before = written_rows(app)
    data = {**FULL_FORM, "summary": "", "save": "Save draft", "submit_for_review": "Submit",
            "base_revision": "0"}  # fmt: skip
    response = client.post("/contribute/new", data=data)
    assert response.status_code == 400
    assert "is required" in response.get_data(as_text=True)
    assert written_rows(app) == before


def test_a_failure_after_the_first_service_call_writes_nothing(
    app: Flask, client, people, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_submit(*_args) -> None:
        raise RuntimeError("the second step of the action fails")

    monkeypatch.setattr(workflow, "submit_practice", broken_submit)
    login(client, "malmo@example.org")
    before = written_rows(app)
    data = {**FULL_FORM, "save": "Save draft", "submit_for_review": "Submit", "base_revision": "0"}
    assert client.post("/contribute/new", data=data).status_code == 500
    assert written_rows(app) == before


def test_contributor_cannot_move_a_practice_to_another_city(app: Flask, client, people) -> None:
    login(client, "malmo@example.org")
    practice_id = write_draft(client, city="Oslo", country="NO")
    assert load(app, practice_id)["city"] == "Malmö"


def test_full_review_cycle(app: Flask, people) -> None:
    contributor, editor = app.test_client(), app.test_client()
    login(contributor, "malmo@example.org")
    login(editor, "editor@example.org")
    practice_id = write_draft(contributor)
    contributor.post(f"/contribute/{practice_id}/submit")
    assert load(app, practice_id)["status"] == Status.SUBMITTED
    assert 'Review <span class="count-badge">(1)</span>' in editor.get("/review/").get_data(
        as_text=True
    )

    editor.post(f"/review/{practice_id}/request-changes", data={"comment": "Add the costs."})
    state = load(app, practice_id)
    assert state["status"] == Status.CHANGES_REQUESTED and state["notes"] == ["Add the costs."]
    assert "Add the costs." in contributor.get("/contribute/").get_data(as_text=True)

    contributor.post(f"/contribute/{practice_id}/submit")
    editor.post(f"/review/{practice_id}/publish")
    state = load(app, practice_id)
    assert state["status"] == Status.PUBLISHED and state["published_at"] is not None

    editor.post(f"/review/{practice_id}/archive")
    assert load(app, practice_id)["status"] == Status.ARCHIVED
    editor.post(f"/review/{practice_id}/unarchive")
    assert load(app, practice_id)["status"] == Status.PUBLISHED
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-6:] == [
        "practice.submit", "practice.request_changes", "practice.submit", "practice.publish",
        "practice.archive", "practice.unarchive",
    ]  # fmt: skip


def test_request_changes_needs_a_comment(app: Flask, client, people) -> None:
    login(client, "malmo@example.org")
    practice_id = write_draft(client)
    client.post(f"/contribute/{practice_id}/submit")
    client.post("/logout")
    login(client, "editor@example.org")
    client.post(f"/review/{practice_id}/request-changes", data={"comment": "  "})
    assert load(app, practice_id)["status"] == Status.SUBMITTED


def test_editing_a_published_practice_waits_for_approval(app: Flask, people) -> None:
    contributor, editor = app.test_client(), app.test_client()
    login(contributor, "malmo@example.org")
    login(editor, "editor@example.org")
    practice = practice_by_title(app, "Existing practice")
    form = contributor.get(f"/contribute/{practice.id}/edit").get_data(as_text=True)
    assert 'name="base_revision" type="hidden" value="1"' in form
    data = {**FULL_FORM, "title": "Existing practice", "summary": "A better summary.",
            "base_revision": "1", "save": "Save"}  # fmt: skip
    assert contributor.post(f"/contribute/{practice.id}/edit", data=data).status_code == 302
    state = load(app, practice.id)
    assert state["summary"] == practice.summary  # the public text is unchanged
    assert state["revisions"][-1][:2] == (2, True)
    public = editor.get(f"/practices/{practice.slug}").get_data(as_text=True)
    assert "A better summary." not in public

    editor.post(f"/review/{practice.id}/approve")
    state = load(app, practice.id)
    assert state["summary"] == "A better summary."
    assert [r[1] for r in state["revisions"]] == [False, False, False]


def test_a_later_save_based_on_an_old_version_is_refused(app: Flask, people) -> None:
    first, second = app.test_client(), app.test_client()
    login(first, "malmo@example.org")
    login(second, "editor@example.org")
    practice_id = write_draft(first)
    base = {**FULL_FORM, "city": "Malmö", "country": "SE", "base_revision": "1", "save": "Save"}
    assert (
        first.post(
            f"/contribute/{practice_id}/edit", data={**base, "summary": "First."}
        ).status_code
        == 302
    )
    response = second.post(f"/contribute/{practice_id}/edit", data={**base, "summary": "Second."})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else saved this practice" in html and "Second." in html
    assert load(app, practice_id)["summary"] == "First."


def test_history_diff_and_restore(app: Flask, client, people) -> None:
    login(client, "editor@example.org")
    practice = practice_by_title(app, "Existing practice")
    data = {**FULL_FORM, "city": "Malmö", "country": "SE", "title": "Existing practice",
            "summary": "Completely new words.", "base_revision": "1", "save": "Save"}  # fmt: skip
    client.post(f"/contribute/{practice.id}/edit", data=data)
    client.post(f"/review/{practice.id}/approve")
    history = client.get(f"/contribute/{practice.id}/history?a=1&b=3").get_data(as_text=True)
    assert "<del>" in history and "<ins>Completely" in history
    client.post(f"/contribute/{practice.id}/restore/1")
    state = load(app, practice.id)
    assert state["summary"] == practice.summary
    assert state["revisions"][-1] == (4, False, "restored revision 1")


def test_confirming_a_practice_is_up_to_date(app: Flask, client, people) -> None:
    practice = practice_by_title(app, "Existing practice")
    with app.app_context():
        stored = db.session.get(Practice, practice.id)
        stored.last_verified = stored.last_verified.replace(year=stored.last_verified.year - 3)
        db.session.commit()
    login(client, "malmo@example.org")
    assert "Needs checking" in client.get("/contribute/").get_data(as_text=True)
    client.post(f"/contribute/{practice.id}/confirm")
    assert "Needs checking" not in client.get("/contribute/").get_data(as_text=True)
    assert load(app, practice.id)["revisions"][-1][2] == "confirmed up to date"


def test_markdown_preview_saves_nothing(app: Flask, client, people) -> None:
    login(client, "malmo@example.org")
    data = {**FULL_FORM, "description": "**bold** <script>x</script>", "preview": "Preview",
            "base_revision": "0"}  # fmt: skip
    response = client.post("/contribute/new", data=data)
    html = response.get_data(as_text=True)
    assert "<strong>bold</strong>" in html and "<script>x</script>" not in html
    with app.app_context():
        assert (
            db.session.scalar(select(Practice).where(Practice.title == FULL_FORM["title"])) is None
        )
