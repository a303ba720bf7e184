"""Who may do what: every role against every action, checked on the server."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import AccountToken, NordicModel, Practice, Revision, Theme, User
from nsc_library.practice_rules import Status
from nsc_library.search import SearchQuery, search_practices
from tests.support.apps import AppTemplates
from tests.support.factories import import_records, login, make_record, make_user

ROLES = ["anonymous", "own_contributor", "other_contributor", "editor", "admin", "deactivated"]
EVERYONE_SIGNED_IN = {"own_contributor", "editor", "admin"}
EDITORS = {"editor", "admin"}

# action: (method, path template, form data, roles that may do it)
ACTIONS = {
    "view_draft": ("GET", "/contribute/{draft}", {}, EVERYONE_SIGNED_IN),
    "edit": ("POST", "/contribute/{draft}/edit", "edit", EVERYONE_SIGNED_IN),
    "submit": ("POST", "/contribute/{draft}/submit", {}, EVERYONE_SIGNED_IN),
    "publish": ("POST", "/review/{submitted}/publish", {}, EDITORS),
    "request_changes": (
        "POST", "/review/{submitted}/request-changes", {"comment": "More."}, EDITORS,
    ),
    "archive": ("POST", "/review/{published}/archive", {}, EDITORS),
    "restore_revision": ("POST", "/contribute/{published}/restore/1", {}, EDITORS),
    "manage_vocabularies": (
        "POST", "/admin/vocabularies/theme/hate-crime", {"label": "Renamed", "description": ""},
        EDITORS,
    ),
    "edit_model": (
        "POST", "/admin/models/ssp", {"name": "SSP", "idea": "Changed.", "origin_country": "DK"},
        EDITORS,
    ),
    "add_model": ("POST", "/admin/models/new", {"name": "A new model"}, EDITORS),
    "invite": (
        "POST", "/admin/invite", {"email": "new@example.org", "role": "editor", "city": ""},
        {"admin"},
    ),
    "deactivate": ("POST", "/admin/users/{victim}/deactivate", {}, {"admin"}),
}  # fmt: skip


@pytest.fixture
def app(request: pytest.FixtureRequest, tmp_path: Path, app_templates: AppTemplates):
    """The world below, copied from a template, for the tests that ask for it."""
    fill = build_world if "world" in request.fixturenames else None
    with app_templates.app(tmp_path, fill) as app:
        yield app


@pytest.fixture
def world(app: Flask) -> dict:
    return app.extensions["tests.filled"]


def build_world(app: Flask) -> dict:
    published = make_record(title="Published practice", city="Malmö")
    import_records(app, [published])
    import_records(app, [dict(published, summary="Second version.")])
    import_records(app, [make_record(title="Draft practice", city="Malmö")], status=Status.DRAFT)
    import_records(app, [make_record(title="Submitted one", city="Malmö")], status=Status.DRAFT)
    with app.app_context():
        ids = dict(db.session.execute(select(Practice.title, Practice.id)).all())
        submitted = db.session.get(Practice, ids["Submitted one"])
        submitted.status = Status.SUBMITTED
        db.session.commit()
    ids = {"draft": ids["Draft practice"], "submitted": ids["Submitted one"],
           "published": ids["Published practice"]}  # fmt: skip
    make_user(app, "own@example.org", "contributor", "Malmö")
    make_user(app, "other@example.org", "contributor", "Bergen", "NO")
    make_user(app, "editor@example.org", "editor")
    make_user(app, "admin@example.org", "admin")
    ids["victim"] = make_user(app, "victim@example.org", "contributor", "Malmö")
    gone = make_user(app, "gone@example.org", "editor")
    return {"ids": ids, "deactivated_id": gone}


def snapshot(app: Flask) -> dict:
    with app.app_context():
        return {
            "practices": sorted(db.session.execute(
                select(Practice.id, Practice.status, Practice.summary, Practice.title)
            ).all()),
            "revisions": db.session.scalar(select(func.count(Revision.id))),
            "theme": db.session.scalar(select(Theme.label).where(Theme.slug == "hate-crime")),
            "active": sorted(db.session.execute(select(User.email, User.active)).all()),
            "tokens": db.session.scalar(select(func.count(AccountToken.id))),
            "models": sorted(db.session.execute(
                select(NordicModel.slug, NordicModel.name, NordicModel.idea)
            ).all()),
            "found": sorted(h.slug for h in search_practices(SearchQuery(per_page=100)).hits),
        }  # fmt: skip


def client_for(app: Flask, role: str, world: dict):
    client = app.test_client()
    emails = {"own_contributor": "own@example.org", "other_contributor": "other@example.org",
              "editor": "editor@example.org", "admin": "admin@example.org",
              "deactivated": "gone@example.org"}  # fmt: skip
    if role in emails:
        assert login(client, emails[role]).status_code == 302
    if role == "deactivated":
        with app.app_context():
            db.session.get(User, world["deactivated_id"]).active = False
            db.session.commit()
    return client


def edit_form(client, practice_id: int) -> dict:
    return {"title": "Draft practice", "summary": "Changed by someone.", "description": "x",
            "city": "Malmö", "country": "SE", "language": "en", "themes": ["polarisation"],
            "base_revision": "1", "save": "Save"}  # fmt: skip


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_authorisation_matrix(app: Flask, world: dict, role: str, action: str) -> None:
    method, path, data, allowed_roles = ACTIONS[action]
    path = path.format(**world["ids"])
    client = client_for(app, role, world)
    if data == "edit":
        data = edit_form(client, world["ids"]["draft"])
    before = snapshot(app)
    response = client.open(path, method=method, data=data)
    after = snapshot(app)
    if role in allowed_roles:
        assert response.status_code in (200, 302), response.status_code
        if method == "POST":
            assert after != before, "an allowed action changed nothing"
        assert "/login" not in response.headers.get("Location", "")
    else:
        if role in ("anonymous", "deactivated"):
            assert response.status_code == 302
            assert "/login" in response.headers["Location"]
        else:
            assert response.status_code == 403
        assert after == before, "a refused action changed something"
