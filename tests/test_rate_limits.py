"""Rate limits per address: sign-in, invitation and reset pages, the API, every form.

Each limit is set low here; a refused request is a 429 with Retry-After, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from nsc_library import create_app, rate_limits
from nsc_library.extensions import db
from nsc_library.models import LoginFailure, Practice, RateLimitWindow, TokenPurpose, User
from nsc_library.services import accounts
from nsc_library.services.limits import Limit, count_request, parse_limit
from tests.support.factories import PASSWORD, app_config, login, make_user

# Windows are fixed (a minute starts at :00): a test's requests falling on both sides of a
# window's end would start counting again. Day windows end only at midnight UTC.
LOW = {
    "RATE_LIMITS_ENABLED": True,
    "RATE_LIMIT_SIGN_IN": "3/day",
    "RATE_LIMIT_ACCOUNT_LINKS": "3/day",
    "RATE_LIMIT_API": "4/day",
    "RATE_LIMIT_FORMS": "5/day",
}
OTHER_ADDRESS = {"REMOTE_ADDR": "192.0.2.7"}


@pytest.fixture
def limited(tmp_path: Path, app_templates) -> Iterator[Flask]:
    with app_templates.app(tmp_path, **LOW) as app:
        yield app


def count(app: Flask, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def assert_refused(response, api: bool = False) -> None:
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    if api:
        assert response.get_json()["error"]["code"] == "rate_limited"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    else:
        assert "Too many requests" in response.get_data(as_text=True)


def test_sign_in_is_limited_per_address_and_a_refusal_writes_nothing(limited: Flask) -> None:
    make_user(limited, "editor@example.org", "editor")
    client = limited.test_client()
    for _ in range(3):
        assert login(client, "editor@example.org", "a wrong password").status_code == 401
    failures = count(limited, LoginFailure)
    assert_refused(login(client, "editor@example.org", PASSWORD))
    assert count(limited, LoginFailure) == failures
    # Another address is not held up by this one.
    other = limited.test_client()
    response = other.post(
        "/login",
        data={"email": "editor@example.org", "password": PASSWORD},
        environ_base=OTHER_ADDRESS,
    )
    assert response.status_code == 302


@pytest.mark.parametrize("purpose", ["invitation", "reset-password"])
def test_invitation_and_reset_pages_are_limited(limited: Flask, purpose: str) -> None:
    make_user(limited, "editor@example.org", "editor")
    with limited.app_context():
        if purpose == "invitation":
            secret = accounts.invite("new@example.org", accounts.Role.EDITOR, None, None)
        else:
            secret = accounts.password_reset_link(accounts.find_user("editor@example.org"), None)
        db.session.commit()  # as the admin page or the command does after the service
    client = limited.test_client()
    for _ in range(3):  # someone guessing links
        assert client.get(f"/{purpose}/guess-{_}").status_code == 404
    new = "a brand new password"
    form = {"display_name": "New", "password": new, "confirm": new}
    assert_refused(client.post(f"/{purpose}/{secret}", data=form))
    assert count(limited, User) == 1
    with limited.app_context():
        assert not accounts.password_matches(accounts.find_user("editor@example.org"), new)
        kind = TokenPurpose.INVITATION if purpose == "invitation" else TokenPurpose.PASSWORD_RESET
        assert accounts.usable_token(secret, kind).used_at is None  # the link still works


def test_the_api_answers_429_json_with_retry_after(limited: Flask) -> None:
    client = limited.test_client()
    for _ in range(4):
        assert client.get("/api/v1/themes").status_code == 200
    assert_refused(client.get("/api/v1/themes"), api=True)
    assert_refused(client.get("/api/v1/nothing-here"), api=True)
    assert client.get("/api/v1/themes", environ_base=OTHER_ADDRESS).status_code == 200
    # Pages outside the API are not counted by its limit.
    assert client.get("/practices").status_code == 200


def test_every_form_is_limited_and_a_refusal_writes_nothing(limited: Flask) -> None:
    make_user(limited, "editor@example.org", "editor")
    client = limited.test_client(use_cookies=True)
    assert login(client, "editor@example.org").status_code == 302  # POST 1
    for _ in range(4):  # public shortlist form: a 400 for an unknown practice, still counted
        assert client.post("/shortlist/add", data={"slug": "nope"}).status_code == 400
    practices = count(limited, Practice)
    response = client.post("/contribute/new", data={"title": "Written while refused"})
    assert_refused(response)
    assert count(limited, Practice) == practices
    assert client.get("/contribute/").status_code == 200  # reading is not a form


def test_counts_are_shared_by_every_host_on_the_database(limited: Flask, tmp_path: Path) -> None:
    # A second app on the same database (another worker or host) sees the first one's requests.
    other_host = create_app(
        app_config(tmp_path / "b", DATABASE_URL=limited.config["DATABASE_URL"], **LOW)
    )
    for _ in range(2):
        assert limited.test_client().get("/api/v1/themes").status_code == 200
        assert other_host.test_client().get("/api/v1/themes").status_code == 200
    assert_refused(other_host.test_client().get("/api/v1/themes"), api=True)
    with other_host.app_context():
        db.engine.dispose()


def test_limits_are_off_when_disabled_or_set_off(tmp_path: Path) -> None:
    app = create_app(app_config(tmp_path, **{**LOW, "RATE_LIMIT_API": "off"}))
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    client = app.test_client()
    assert all(client.get("/api/v1/themes").status_code == 200 for _ in range(8))
    assert count(app, RateLimitWindow) == 0
    with app.app_context():
        db.engine.dispose()


def test_windows_end_and_old_counts_are_removed(limited: Flask) -> None:
    limit = Limit(requests=2, seconds=60)
    with limited.app_context():
        assert count_request("api", "a", limit, now=120.0) is None
        assert count_request("api", "a", limit, now=130.0) is None
        assert count_request("api", "a", limit, now=170.5) == 10  # seconds left in the window
        assert count_request("api", "a", limit, now=180.0) is None  # a new window
        assert count_request("api", "b", limit, now=300.0) is None
    assert count(limited, RateLimitWindow) == 1  # the ended windows were deleted


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("300/minute", Limit(300, 60)),
        ("5 per second", Limit(5, 1)),
        ("10/Hour", Limit(10, 3600)),
        ("off", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_limit(text, limit) -> None:
    assert parse_limit(text) == limit


def test_a_malformed_limit_stops_the_app_from_starting(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="300/minute"):
        create_app(app_config(tmp_path, RATE_LIMIT_API="lots"))


def test_without_its_database_a_limit_lets_the_request_through(limited: Flask, monkeypatch) -> None:
    # Fail open: the request then fails or succeeds on its own, with the right answer.
    def database_down(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    monkeypatch.setattr(rate_limits, "count_request", database_down)
    client = limited.test_client()
    assert all(client.get("/api/v1/themes").status_code == 200 for _ in range(6))
