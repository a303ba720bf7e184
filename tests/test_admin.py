"""The administrators' pages: accounts (/admin/users) and the audit log (/admin/audit)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.factories import login, make_user

ADMIN_PAGES = ("/admin/users", "/admin/audit")


@pytest.fixture
def admin(app: Flask, client: FlaskClient) -> FlaskClient:
    make_user(app, "admin@example.org", "admin")
    make_user(app, "anna@example.org", "contributor", "Malmö")
    make_user(app, "erik@example.org", "editor")
    assert login(client, "admin@example.org").status_code == 302
    return client


def test_users_page_lists_every_account_with_its_actions(admin: FlaskClient) -> None:
    page = admin.get("/admin/users")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for email in ("admin@example.org", "anna@example.org", "erik@example.org"):
        assert email in html
    assert html.index("admin@example.org") < html.index("anna@example.org")  # by address
    assert html.index("anna@example.org") < html.index("erik@example.org")
    assert "Send invitation" in html
    assert "Password reset link" in html
    assert "Malmö, SE" in html  # the invitation's city choices


def test_an_invitation_shows_its_link_on_the_users_page(admin: FlaskClient) -> None:
    page = admin.post(
        "/admin/invite", data={"email": "new@example.org", "role": "editor", "city": ""}
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/invitation/" in html
    assert "anna@example.org" in html  # the list is still there


def test_audit_log_shows_account_changes_newest_first(admin: FlaskClient) -> None:
    admin.post("/admin/invite", data={"email": "new@example.org", "role": "editor", "city": ""})
    page = admin.get("/admin/audit")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Audit log" in html
    assert "account.invited" in html and "new@example.org" in html
    assert "account.created" in html
    assert html.index("account.invited") < html.index("account.created")


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("role", ["contributor", "editor"])
def test_only_administrators_see_the_admin_pages(
    app: Flask, client: FlaskClient, role: str, path: str
) -> None:
    make_user(app, f"{role}@example.org", role, "Malmö" if role == "contributor" else None)
    login(client, f"{role}@example.org")
    page = client.get(path)
    assert page.status_code == 403
    assert "@example.org" not in page.get_data(as_text=True).replace(f"{role}@example.org", "")


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 302
    assert "/login" in page.headers["Location"]
