"""Every form that changes something is refused without its CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import AuditEntry, Practice, User
from nsc_library.practice_rules import Status
from tests.support.apps import AppTemplates
from tests.support.factories import PASSWORD, import_records, make_record, make_user

POSTS = [
    "/logout", "/login", "/shortlist/add", "/shortlist/remove", "/contribute/new",
    "/contribute/{id}/edit", "/contribute/{id}/submit", "/contribute/{id}/confirm",
    "/contribute/{id}/restore/1", "/review/{id}/publish", "/review/{id}/request-changes",
    "/review/{id}/archive", "/review/{id}/unarchive", "/review/{id}/approve", "/admin/invite",
    "/admin/users/{user}/deactivate", "/admin/users/{user}/reset-link",
    "/admin/vocabularies/theme/hate-crime", "/admin/models/ssp", "/admin/models/new",
]  # fmt: skip


@pytest.fixture
def csrf_app(tmp_path, app_templates: AppTemplates) -> Iterator[Flask]:
    with app_templates.app(tmp_path, WTF_CSRF_ENABLED=True) as app:
        yield app


def token_from(html: str) -> str:
    tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', html).group(0)
    return re.search(r'value="([^"]+)"', tag).group(1)


def signed_in_admin(app: Flask):
    make_user(app, "admin@example.org", "admin")
    client = app.test_client()
    token = token_from(client.get("/login").get_data(as_text=True))
    data = {"email": "admin@example.org", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302
    return client


def state(app: Flask) -> tuple:
    with app.app_context():
        return (
            db.session.scalar(select(func.count(AuditEntry.id))),
            sorted(
                db.session.execute(select(Practice.id, Practice.status, Practice.summary)).all()
            ),
            sorted(db.session.execute(select(User.email, User.active)).all()),
        )


@pytest.mark.parametrize("path", POSTS)
def test_posts_without_a_csrf_token_are_refused(csrf_app: Flask, path: str) -> None:
    import_records(csrf_app, [make_record(title="Target")], status=Status.PUBLISHED)
    client = signed_in_admin(csrf_app)
    victim = make_user(csrf_app, "victim@example.org", "editor")
    with csrf_app.app_context():
        practice_id = db.session.scalar(select(Practice.id))
    before = state(csrf_app)
    response = client.post(path.format(id=practice_id, user=victim), data={
        "email": "x@example.org", "password": PASSWORD, "slug": "x", "comment": "c",
        "label": "New label", "summary": "Changed", "title": "Target", "name": "Renamed",
    })  # fmt: skip
    if path.startswith("/contribute/") and path.endswith(("/new", "/edit")):
        # The practice form keeps the text for after signing in again (tests/test_forms.py).
        assert response.status_code == 302
    else:
        assert response.status_code == 400
        assert "This form had expired" in response.get_data(as_text=True)
    assert state(csrf_app) == before
    assert client.get("/contribute/").status_code == 200  # still signed in: logout was refused


def test_a_valid_token_is_accepted(csrf_app: Flask) -> None:
    client = signed_in_admin(csrf_app)
    token = token_from(client.get("/contribute/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/contribute/").status_code == 302
