"""The mail outbox: a message is queued with its change and never lost to a failing SMTP server."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import OutgoingMail, Practice
from nsc_library.models.columns import utcnow
from nsc_library.services import mail
from tests.support.factories import login, make_user
from tests.support.smtp import SmtpServer, free_port
from tests.test_review_flow import FULL_FORM

INVITE = {"email": "new@example.org", "role": "editor", "city": ""}


class Refusing:
    """An SMTP server that is up but cannot take mail now (a full disk, a greylist)."""

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        return "451 4.3.0 Try again later"


@pytest.fixture
def down_app(tmp_path: Path, app_templates) -> Iterator[Flask]:
    """SMTP configured, but nothing listens on its port."""
    config = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": free_port(), "SMTP_TIMEOUT": 5}
    with app_templates.app(tmp_path, **config) as app:
        yield app


def outbox(app: Flask) -> list[OutgoingMail]:
    with app.app_context():
        rows = list(db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))
        db.session.expunge_all()
        return rows


def send_mail(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=["send-mail", *args])


def test_a_message_stays_queued_and_goes_out_on_the_next_run(down_app: Flask, caplog) -> None:
    make_user(down_app, "admin@example.org", "admin")
    client = down_app.test_client()
    login(client, "admin@example.org")
    with caplog.at_level(logging.WARNING, logger="nsc_library.services.mail"):
        page = client.post("/admin/invite", data=INVITE)
    assert page.status_code == 200
    assert "/invitation/" in page.get_data(as_text=True)  # not mailed: the page shows the link
    [queued] = outbox(down_app)
    assert queued.recipients == ["new@example.org"] and queued.attempts == 1
    assert queued.last_error and "could not send mail" in caplog.text  # logged
    wait = queued.next_attempt_at.replace(tzinfo=None) - utcnow().replace(tzinfo=None)
    assert timedelta(seconds=30) < wait <= timedelta(minutes=1)
    result = send_mail(down_app)
    assert result.exit_code == 0 and "0 sent, 0 failed; 1 waiting" in result.output  # not due
    with SmtpServer() as smtp:
        down_app.config["SMTP_PORT"] = smtp.port  # the server is back
        result = send_mail(down_app, "--retry-now")
        assert result.exit_code == 0 and "1 sent, 0 failed; 0 waiting" in result.output
        [message] = smtp.inbox.to("new@example.org")
    assert "/invitation/" in message.get_content()
    assert outbox(down_app) == []


def test_retries_wait_longer_each_time_and_the_command_says_so(down_app: Flask) -> None:
    with down_app.app_context():
        mail.send(mail.Mail(("a@example.org",), "Hello", "Text"))
        db.session.commit()
    waits = []
    for _ in range(3):
        result = send_mail(down_app, "--retry-now")
        assert result.exit_code == 1 and "0 sent, 1 failed; 1 waiting" in result.output
        [row] = outbox(down_app)
        waits.append(row.next_attempt_at.replace(tzinfo=None) - utcnow().replace(tzinfo=None))
    assert row.attempts == 4
    assert waits[0] < waits[1] < waits[2] <= timedelta(minutes=8)


def test_a_refusing_server_keeps_the_submission_message(tmp_path: Path, app_templates) -> None:
    port = free_port()
    refusing = Controller(Refusing(), hostname="127.0.0.1", port=port)
    refusing.start()
    try:
        with app_templates.app(tmp_path, SMTP_HOST="127.0.0.1", SMTP_PORT=port) as app:
            make_user(app, "editor@example.org", "editor")
            make_user(app, "writer@example.org", "contributor", "Malmö")
            writer = app.test_client()
            login(writer, "writer@example.org")
            data = {**FULL_FORM, "submit_for_review": "1"}
            assert writer.post("/contribute/new", data=data).status_code == 302
            [queued] = outbox(app)
            assert queued.recipients == ["editor@example.org"]
            assert "451" in queued.last_error
            refusing.stop()
            refusing = None
            with SmtpServer() as smtp:
                app.config["SMTP_PORT"] = smtp.port
                assert send_mail(app, "--retry-now").exit_code == 0
                [message] = smtp.inbox.to("editor@example.org")
            assert message["Subject"] == f"For review: {FULL_FORM['title']}"
    finally:
        if refusing is not None:
            refusing.stop()


def test_a_due_message_goes_out_with_the_plain_command(down_app: Flask) -> None:
    with down_app.app_context():
        mail.send(mail.Mail(("a@example.org",), "Hello", "Text"))
        db.session.commit()
        row = db.session.scalar(select(OutgoingMail))
        row.next_attempt_at = utcnow() - timedelta(seconds=1)  # its wait is over
        db.session.commit()
    with SmtpServer() as smtp:
        down_app.config["SMTP_PORT"] = smtp.port
        assert "1 sent" in send_mail(down_app).output
        assert len(smtp.inbox.to("a@example.org")) == 1


def test_a_rolled_back_change_sends_nothing(app: Flask) -> None:
    with app.app_context():
        mail.send(mail.Mail(("a@example.org",), "About a change", "Text"))
        db.session.rollback()  # the change failed: its message must not exist
        assert db.session.scalar(select(func.count(OutgoingMail.id))) == 0
    assert not (Path(app.instance_path) / "mail").exists()


def test_a_message_is_claimed_by_one_process_only(down_app: Flask) -> None:
    with down_app.app_context():
        mail_id = mail.send(mail.Mail(("a@example.org",), "Hello", "Text"))
        db.session.commit()  # tried once after the commit: attempts is 1
        assert mail.attempt(mail_id, seen_attempts=1) is False  # this process claims it
        assert mail.attempt(mail_id, seen_attempts=1) is None  # the other finds it taken


def test_without_smtp_the_outbox_empties_into_the_mail_folder(app: Flask, client) -> None:
    make_user(app, "editor@example.org", "editor")
    make_user(app, "writer@example.org", "contributor", "Malmö")
    login(client, "writer@example.org")
    data = {**FULL_FORM, "submit_for_review": "1"}
    assert client.post("/contribute/new", data=data).status_code == 302
    assert outbox(app) == []
    [file] = (Path(app.instance_path) / "mail").glob("*.eml")
    assert "To: editor@example.org" in file.read_text()
    with app.app_context():
        assert db.session.scalar(select(func.count(Practice.id))) == 1
