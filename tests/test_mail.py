"""E-mail through a real SMTP server started by the tests (aiosmtpd), and the mail folder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import Practice
from tests.support.factories import import_records, login, make_record, make_user
from tests.support.smtp import SmtpServer
from tests.test_review_flow import FULL_FORM


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
def mail_app(tmp_path: Path, app_templates, smtp: SmtpServer) -> Iterator[Flask]:
    smtp.inbox.messages.clear()
    with app_templates.app(tmp_path, **smtp.config()) as app:
        yield app


def body(message) -> str:
    return message.get_content()


def test_an_invitation_is_mailed_and_its_link_works(mail_app: Flask, smtp) -> None:
    make_user(mail_app, "admin@example.org", "admin")
    client = mail_app.test_client()
    login(client, "admin@example.org")
    page = client.post(
        "/admin/invite", data={"email": "New@Example.org", "role": "editor", "city": ""}
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "was e-mailed to new@example.org" in html
    assert "/invitation/" not in html  # the link went by mail, not onto the screen
    [message] = smtp.inbox.to("new@example.org")
    assert message["From"] == "library@nsc.example.org"
    link = re.search(r"http://localhost/invitation/\S+", body(message)).group(0)
    assert client.get(link.removeprefix("http://localhost")).status_code == 200


def test_a_password_reset_is_mailed(mail_app: Flask, smtp) -> None:
    make_user(mail_app, "admin@example.org", "admin")
    user_id = make_user(mail_app, "editor@example.org", "editor")
    client = mail_app.test_client()
    login(client, "admin@example.org")
    client.post(f"/admin/users/{user_id}/reset-link")
    [message] = smtp.inbox.to("editor@example.org")
    assert message["Subject"] == "Choose a new password"
    assert "/reset-password/" in body(message)


def test_editors_hear_of_a_submission_and_contributors_of_the_decisions(
    mail_app: Flask, smtp
) -> None:
    make_user(mail_app, "editor@example.org", "editor")
    make_user(mail_app, "writer@example.org", "contributor", "Malmö")
    writer, editor = mail_app.test_client(), mail_app.test_client()
    login(writer, "writer@example.org")
    login(editor, "editor@example.org")
    assert (
        writer.post("/contribute/new", data={**FULL_FORM, "submit_for_review": "1"}).status_code
        == 302
    )
    [review] = smtp.inbox.to("editor@example.org")
    assert review["Subject"] == f"For review: {FULL_FORM['title']}"
    assert smtp.inbox.to("writer@example.org") == []
    with mail_app.app_context():
        pid = db.session.scalar(select(Practice.id))
    editor.post(f"/review/{pid}/request-changes", data={"comment": "Add the yearly cost."})
    [changes] = smtp.inbox.to("writer@example.org")
    assert "Add the yearly cost." in body(changes) and f"/contribute/{pid}/edit" in body(changes)
    writer.post(f"/contribute/{pid}/submit")
    editor.post(f"/review/{pid}/publish")
    published = smtp.inbox.to("writer@example.org")[-1]
    assert published["Subject"] == f"Published: {FULL_FORM['title']}"


def test_the_monthly_reminder_lists_practices_not_confirmed_for_two_years(
    mail_app: Flask, smtp
) -> None:
    import_records(mail_app, [make_record(title="Old one"), make_record(title="Fresh one")])
    make_user(mail_app, "writer@example.org", "contributor", "Malmö")
    with mail_app.app_context():
        old = db.session.scalar(select(Practice).where(Practice.title == "Old one"))
        old.last_verified = date(date.today().year - 3, 1, 15)
        db.session.commit()
    result = mail_app.test_cli_runner().invoke(args=["send-reminders"])
    assert (
        result.exit_code == 0
        and "1 practices" in result.output
        and "1 messages sent" in result.output
    )
    [reminder] = smtp.inbox.to("writer@example.org")
    assert "Old one" in body(reminder) and "Fresh one" not in body(reminder)


def test_without_smtp_messages_go_to_the_mail_folder_and_the_link_is_shown(
    app: Flask, client
) -> None:
    make_user(app, "admin@example.org", "admin")
    login(client, "admin@example.org")
    html = client.post(
        "/admin/invite", data={"email": "new@example.org", "role": "editor", "city": ""}
    )
    assert "/invitation/" in html.get_data(as_text=True)
    [file] = (Path(app.instance_path) / "mail").glob("*.eml")
    assert "To: new@example.org" in file.read_text()


def test_an_unreachable_smtp_server_does_not_break_the_page(tmp_path, app_templates) -> None:
    from tests.support.smtp import free_port

    with app_templates.app(tmp_path, SMTP_HOST="127.0.0.1", SMTP_PORT=free_port()) as app:
        make_user(app, "admin@example.org", "admin")
        client = app.test_client()
        login(client, "admin@example.org")
        page = client.post(
            "/admin/invite", data={"email": "new@example.org", "role": "editor", "city": ""}
        )
        assert page.status_code == 200
        assert "/invitation/" in page.get_data(as_text=True)  # shown, as the mail failed
