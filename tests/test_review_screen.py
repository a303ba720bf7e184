"""The review screen: the practice as it will be published, its changes, the four-eyes rule,
confirmations, comments on the edit form and the archived practice's 410 page."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.practice_rules import Status
from tests.support.factories import import_records, login, make_record, make_user
from tests.test_review_flow import FULL_FORM


def practice_id(app: Flask, title: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Practice.id).where(Practice.title == title))


def test_the_review_screen_shows_every_field_and_the_change(app: Flask) -> None:
    import_records(app, [make_record(title="Dialogue cafés")])
    make_user(app, "editor@example.org", "editor")
    make_user(app, "writer@example.org", "contributor", "Malmö")
    pid = practice_id(app, "Dialogue cafés")
    writer = app.test_client()
    login(writer, "writer@example.org")
    edit = {**FULL_FORM, "title": "Dialogue cafés", "base_revision": "1", "save": "Save"}
    edit |= {"city": "Malmö", "country": "SE"}
    edit["results"] = "Trust rose a lot."
    assert writer.post(f"/contribute/{pid}/edit", data=edit).status_code == 302
    editor = app.test_client()
    login(editor, "editor@example.org")
    html = editor.get(f"/contribute/{pid}").get_data(as_text=True)
    for shown in ("Youth crime", "Process evaluation", "cafe@malmo.example.org",
                  "https://example.org/cafe", "Red Cross", "Trust rose a lot."):  # fmt: skip
        assert shown in html, shown
    assert "What the waiting edit changes" in html
    assert "<ins>" in html and "<del>" in html


def test_an_editor_does_not_approve_their_own_edit_while_another_editor_exists(
    app: Flask,
) -> None:
    import_records(app, [make_record(title="Dialogue cafés")])
    make_user(app, "one@example.org", "editor")
    pid = practice_id(app, "Dialogue cafés")
    one = app.test_client()
    login(one, "one@example.org")
    edit = {**FULL_FORM, "title": "Dialogue cafés", "base_revision": "1", "save": "Save"}
    edit |= {"city": "Malmö", "country": "SE"}
    assert one.post(f"/contribute/{pid}/edit", data=edit).status_code == 302
    make_user(app, "two@example.org", "editor")
    one.post(f"/review/{pid}/approve")
    with app.app_context():
        assert db.session.get(Practice, pid).summary != FULL_FORM["summary"]  # not approved
    page = one.get(f"/contribute/{pid}").get_data(as_text=True)
    assert "four-eyes rule" in page
    two = app.test_client()
    login(two, "two@example.org")
    two.post(f"/review/{pid}/approve")
    with app.app_context():
        assert db.session.get(Practice, pid).summary == FULL_FORM["summary"]


def test_the_four_eyes_rule_can_be_switched_off_and_spares_a_lone_editor(app: Flask) -> None:
    import_records(app, [make_record(title="Dialogue cafés")])
    make_user(app, "one@example.org", "editor")
    pid = practice_id(app, "Dialogue cafés")
    one = app.test_client()
    login(one, "one@example.org")
    edit = {**FULL_FORM, "title": "Dialogue cafés", "base_revision": "1", "save": "Save"}
    edit |= {"city": "Malmö", "country": "SE"}
    assert one.post(f"/contribute/{pid}/edit", data=edit).status_code == 302
    one.post(f"/review/{pid}/approve")  # the only editor: allowed
    with app.app_context():
        assert db.session.get(Practice, pid).summary == FULL_FORM["summary"]


def test_archiving_asks_first_and_the_address_then_answers_410(app: Flask, client) -> None:
    import_records(app, [make_record(title="Old walks", themes=["hate-crime"])])
    pid = practice_id(app, "Old walks")
    import_records(app, [make_record(title="New walks")])
    with app.app_context():
        old, new = (
            db.session.get(Practice, pid),
            db.session.get(Practice, practice_id(app, "New walks")),
        )
        new.inspired_by.append(old)
        db.session.commit()
        slug = old.slug
    make_user(app, "editor@example.org", "editor")
    login(client, "editor@example.org")
    page = client.get(f"/contribute/{pid}").get_data(as_text=True)
    assert f'href="/review/{pid}/archive"' in page  # a link to a question, not a button
    question = client.get(f"/review/{pid}/archive")
    assert question.status_code == 200 and "Yes, archive it" in question.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Practice, pid).status == Status.PUBLISHED
    client.post(f"/review/{pid}/archive")
    gone = client.get(f"/practices/{slug}")
    html = gone.get_data(as_text=True)
    assert gone.status_code == 410
    assert "has been archived" in html and "New walks" in html and "/themes/hate-crime" in html


def test_the_editors_comment_is_shown_on_the_edit_form(app: Flask) -> None:
    make_user(app, "editor@example.org", "editor")
    make_user(app, "writer@example.org", "contributor", "Malmö")
    writer = app.test_client()
    login(writer, "writer@example.org")
    data = {**FULL_FORM, "submit_for_review": "Submit"}
    assert writer.post("/contribute/new", data=data).status_code == 302
    pid = practice_id(app, FULL_FORM["title"])
    editor = app.test_client()
    login(editor, "editor@example.org")
    editor.post(f"/review/{pid}/request-changes", data={"comment": "Add the yearly cost."})
    html = writer.get(f"/contribute/{pid}/edit").get_data(as_text=True)
    assert "The editor asks for changes" in html and "Add the yearly cost." in html
