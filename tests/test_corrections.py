"""Reports of outdated or wrong information: the form, the editors' queue, and closing a report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import Correction, CorrectionStatus, Practice
from tests.support.factories import import_records, login, make_record, make_user
from tests.support.smtp import SmtpServer
from tests.test_review_flow import FULL_FORM

REPORT = {"report-problem": "The phone number changed in 2025.", "report-reporter_email": ""}


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
def reported(tmp_path: Path, app_templates, smtp: SmtpServer) -> Iterator[Flask]:
    smtp.inbox.messages.clear()
    with app_templates.app(tmp_path, **smtp.config()) as app:
        import_records(app, [make_record(title="Existing practice")])
        make_user(app, "editor@example.org", "editor")
        make_user(app, "malmo@example.org", "contributor", "Malmö")
        yield app


def practice(app: Flask) -> Practice:
    with app.app_context():
        found = db.session.scalar(select(Practice))
        db.session.expunge_all()
        return found


def reports(app: Flask) -> list[Correction]:
    with app.app_context():
        found = list(db.session.scalars(select(Correction)))
        db.session.expunge_all()
        return found


def signed_in(app: Flask, email: str):
    client = app.test_client()
    login(client, email)
    return client


def test_a_report_lands_in_the_queue_and_a_reply_closes_it(reported, smtp) -> None:
    slug = practice(reported).slug
    data = {**REPORT, "report-reporter_email": "visitor@example.org"}
    response = reported.test_client().post(f"/practices/{slug}/report", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("#report")
    (task,) = reports(reported)
    assert task.status == CorrectionStatus.OPEN and task.email == "visitor@example.org"
    assert smtp.inbox.to("editor@example.org")  # the secretariat, here the editors, is told
    editor = signed_in(reported, "editor@example.org")
    queue = editor.get("/review/").get_data(as_text=True)
    assert "The phone number changed in 2025." in queue and "Existing practice" in queue
    assert 'Review <span class="count-badge">(1)</span>' in queue  # the report counts
    closed = editor.post(f"/review/corrections/{task.id}/close", data={"reply": "Fixed, thanks."})
    assert closed.status_code == 302
    (task,) = reports(reported)
    assert (task.status, task.closed_by, task.reply) == (
        CorrectionStatus.CLOSED,
        "reply",
        "Fixed, thanks.",
    )
    (message,) = smtp.inbox.to("visitor@example.org")
    assert "Fixed, thanks." in message.get_content()
    assert "The phone number changed" not in editor.get("/review/").get_data(as_text=True)


def test_a_published_edit_of_the_practice_closes_its_reports(reported) -> None:
    found = practice(reported)
    reported.test_client().post(f"/practices/{found.slug}/report", data=REPORT)
    contributor = signed_in(reported, "malmo@example.org")
    data = {**FULL_FORM, "title": "Existing practice", "summary": "Corrected.",
            "base_revision": "1", "save": "Save"}  # fmt: skip
    assert contributor.post(f"/contribute/{found.id}/edit", data=data).status_code == 302
    assert reports(reported)[0].status == CorrectionStatus.OPEN  # waiting is not published
    signed_in(reported, "editor@example.org").post(f"/review/{found.id}/approve")
    (task,) = reports(reported)
    assert (task.status, task.closed_by) == (CorrectionStatus.CLOSED, "edit")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"report-problem": ""}, "Say what is outdated or wrong."),
        ({"report-problem": "x" * 3001}, "Use at most 3000 characters."),
        ({"report-reporter_email": "nope"}, "Enter an e-mail address like name@example.org."),
    ],
)
def test_a_bad_report_is_a_400_and_writes_nothing(reported, data, message) -> None:
    response = reported.test_client().post(
        f"/practices/{practice(reported).slug}/report", data={**REPORT, **data}
    )
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert reports(reported) == []


def test_the_honeypot_and_html_in_reports(reported) -> None:
    slug, client = practice(reported).slug, reported.test_client()
    caught = client.post(f"/practices/{slug}/report", data={**REPORT, "report-website": "x"})
    assert caught.status_code == 302 and reports(reported) == []
    hostile = "<img src=x onerror=alert(1)>"
    client.post(f"/practices/{slug}/report", data={**REPORT, "report-problem": hostile})
    queue = signed_in(reported, "editor@example.org").get("/review/").get_data(as_text=True)
    assert hostile not in queue and "&lt;img src=x onerror=alert(1)&gt;" in queue


def test_only_editors_close_reports(reported) -> None:
    reported.test_client().post(f"/practices/{practice(reported).slug}/report", data=REPORT)
    (task,) = reports(reported)
    url = f"/review/corrections/{task.id}/close"
    contributor = signed_in(reported, "malmo@example.org")
    assert contributor.post(url, data={"reply": "x"}).status_code == 403
    assert reported.test_client().post(url, data={"reply": "x"}).status_code == 302  # sign in
    editor = signed_in(reported, "editor@example.org")
    assert editor.post(url, data={"reply": ""}).status_code == 303  # a reply is needed
    assert editor.post("/review/corrections/999/close", data={"reply": "x"}).status_code == 404
    assert reports(reported)[0].status == CorrectionStatus.OPEN
