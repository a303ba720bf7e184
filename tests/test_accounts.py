"""Accounts: sign-in, sign-out, invitations, password resets, deactivation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import AccountToken, AuditEntry, User
from nsc_library.services import accounts
from tests.support.factories import PASSWORD, login, make_user


@pytest.fixture
def people(app: Flask) -> dict[str, int]:
    return {
        "admin": make_user(app, "admin@example.org", "admin"),
        "editor": make_user(app, "editor@example.org", "editor"),
        "malmo": make_user(app, "malmo@example.org", "contributor", "Malmö"),
    }


def test_login_and_logout(app: Flask, client, people) -> None:
    response = login(client, "MALMO@example.org")
    assert response.status_code == 302 and response.headers["Location"] == "/contribute/"
    assert "Practices of Malmö" in client.get("/contribute/").get_data(as_text=True)
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/contribute/").status_code == 302  # back to the login page


@pytest.mark.parametrize(
    ("email", "password"),
    [("malmo@example.org", "wrong password here"), ("nobody@example.org", PASSWORD)],
)
def test_failed_login_does_not_reveal_whether_the_account_exists(
    app: Flask, client, people, email: str, password: str
) -> None:
    response = login(client, email, password)
    assert response.status_code == 401
    assert "The e-mail address or password is not right." in response.get_data(as_text=True)


def test_repeated_failures_are_slowed_down(app: Flask, client, people) -> None:
    for _ in range(accounts.MAX_FAILURES_PER_ACCOUNT):
        assert login(client, "malmo@example.org", "wrong password!!").status_code == 401
    response = login(client, "malmo@example.org")  # even the right password waits now
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)
    assert login(client, "editor@example.org").status_code == 302  # other accounts unaffected


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"],
)
def test_login_redirects_only_within_the_site(app: Flask, client, people, target: str) -> None:
    response = login(client, "malmo@example.org", next=target)
    assert response.headers["Location"] == "/contribute/"


def test_login_follows_a_local_next(app: Flask, client, people) -> None:
    response = client.get("/contribute/new")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    response = login(client, "malmo@example.org", next="/contribute/new")
    assert response.headers["Location"] == "/contribute/new"


def test_session_cookie_expires_after_inactivity(app: Flask, client, people) -> None:
    response = login(client, "malmo@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert app.config["PERMANENT_SESSION_LIFETIME"] <= timedelta(hours=2)


def test_invitation_is_single_use_and_sets_a_password(app: Flask, client, people) -> None:
    login(client, "admin@example.org")
    page = client.post(
        "/admin/invite", data={"email": "new@example.org", "role": "editor", "city": ""}
    ).get_data(as_text=True)
    link = page.split("<code>")[1].split("</code>")[0]
    path = link.replace("http://localhost", "")
    client.post("/logout")
    form = {
        "display_name": "New Person",
        "password": "a brand new password",
        "confirm": "a brand new password",
    }
    assert client.post(path, data=form).status_code == 302
    with app.app_context():
        user = accounts.find_user("new@example.org")
        assert user.role.value == "editor" and accounts.password_matches(
            user, "a brand new password"
        )
    client.post("/logout")
    again = client.post(path, data=form)
    assert again.status_code == 404
    assert "used already" in again.get_data(as_text=True)


def test_expired_invitation_is_refused(app: Flask, client, people) -> None:
    with app.app_context():
        secret = accounts.invite("late@example.org", accounts.Role.EDITOR, None, None)
        token = db.session.scalar(select(AccountToken))
        token.expires_at = token.expires_at - timedelta(days=8)
        db.session.commit()
    response = client.get(f"/invitation/{secret}")
    assert response.status_code == 404 and "expired" in response.get_data(as_text=True)
    assert client.get("/invitation/not-a-real-token").status_code == 404


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [("short", "short", "at least 12"), ("long enough password", "different password", "differ")],
)
def test_weak_or_mismatched_passwords_are_refused(app, client, password, confirm, message) -> None:
    with app.app_context():
        secret = accounts.invite("x@example.org", accounts.Role.EDITOR, None, None)
        db.session.commit()
    response = client.post(f"/invitation/{secret}", data={"password": password, "confirm": confirm})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    with app.app_context():
        assert accounts.find_user("x@example.org") is None


def test_password_reset_link(app: Flask, client, people) -> None:
    login(client, "admin@example.org")
    page = client.post(f"/admin/users/{people['malmo']}/reset-link").get_data(as_text=True)
    path = page.split("<code>")[1].split("</code>")[0].replace("http://localhost", "")
    client.post("/logout")
    new = "another long password"
    assert client.post(path, data={"password": new, "confirm": new}).status_code == 302
    client.post("/logout")
    assert login(client, "malmo@example.org").status_code == 401
    assert login(client, "malmo@example.org", new).status_code == 302


def test_deactivated_user_is_signed_out_on_the_next_request(app: Flask, people) -> None:
    contributor, admin = app.test_client(), app.test_client()
    login(contributor, "malmo@example.org")
    assert contributor.get("/contribute/").status_code == 200
    login(admin, "admin@example.org")
    assert admin.post(f"/admin/users/{people['malmo']}/deactivate").status_code == 302
    assert contributor.get("/contribute/").status_code == 302
    assert login(contributor, "malmo@example.org").status_code == 401
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEntry.action)))
    assert "account.deactivated" in actions


def test_admin_cannot_deactivate_themselves(app: Flask, client, people) -> None:
    login(client, "admin@example.org")
    client.post(f"/admin/users/{people['admin']}/deactivate")
    with app.app_context():
        assert db.session.get(User, people["admin"]).active


def test_passwords_are_hashed_and_never_logged(app: Flask, people, caplog) -> None:
    client = app.test_client()
    with caplog.at_level("DEBUG"):
        login(client, "malmo@example.org")
        login(app.test_client(), "malmo@example.org", "a wrong password!")
    assert PASSWORD not in caplog.text and "a wrong password!" not in caplog.text
    with app.app_context():
        hashes = list(db.session.scalars(select(User.password_hash)))
        assert all(h.startswith("$argon2id$") for h in hashes)
        assert db.session.scalar(select(func.count(User.id))) == 3


def test_invite_command_prints_a_link(app: Flask, runner) -> None:
    result = runner.invoke(args=["invite", "cli@example.org", "--role", "editor"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("http://127.0.0.1:5000/invitation/")
