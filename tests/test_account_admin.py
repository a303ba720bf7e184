"""Accounts management: invitations listed, revoked and sent again; member cities added and
found by the names people type; no self-deactivation offered; deactivation asks first."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import City
from tests.support.factories import import_records, login, make_record, make_user


@pytest.fixture
def admin(app: Flask):
    import_records(
        app,
        [
            make_record(city="Göteborg", country="SE"),
            make_record(city="København", country="DK"),
            make_record(city="Helsingør", country="DK"),
        ],
    )
    make_user(app, "admin@example.org", "admin")
    client = app.test_client()
    login(client, "admin@example.org")
    return client


def invite(client, email: str = "new@example.org"):
    return client.post("/admin/invite", data={"email": email, "role": "editor", "city": ""})


def test_pending_invitations_are_listed_revoked_and_sent_again(app: Flask, admin) -> None:
    first = re.search(r"/invitation/([\w-]+)", invite(admin).get_data(as_text=True)).group(1)
    html = admin.get("/admin/users").get_data(as_text=True)
    assert "Invitations not yet accepted (1)" in html and "new@example.org" in html
    token_id = re.search(r"/admin/invitations/(\d+)/resend", html).group(1)
    again = admin.post(f"/admin/invitations/{token_id}/resend").get_data(as_text=True)
    second = re.search(r"/invitation/([\w-]+)", again).group(1)
    assert second != first
    assert app.test_client().get(f"/invitation/{first}").status_code == 404  # replaced
    assert app.test_client().get(f"/invitation/{second}").status_code == 200
    token_id = re.search(r"/admin/invitations/(\d+)/revoke", again).group(1)
    admin.post(f"/admin/invitations/{token_id}/revoke")
    assert app.test_client().get(f"/invitation/{second}").status_code == 404
    assert "Invitations not yet accepted (0)" in admin.get("/admin/users").get_data(as_text=True)


def test_an_admin_adds_a_member_city_and_invites_its_contributor(app: Flask, admin) -> None:
    response = admin.post("/admin/cities", data={"name": "Trondheim", "country": "NO"})
    assert response.status_code == 302
    result = app.test_cli_runner().invoke(
        args=["invite", "t@trondheim.example.org", "--role", "contributor", "--city", "Trondheim"]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "country": "NO"}, "This field is required"),
        ({"name": "Trondheim", "country": ""}, "This field is required"),
        ({"name": "goteborg", "country": "SE"}, "Göteborg, SE is in the library already"),
    ],
)
def test_a_bad_city_is_refused_and_nothing_is_written(app: Flask, admin, data, message) -> None:
    with app.app_context():
        before = db.session.scalar(select(func.count(City.id)))
    response = admin.post("/admin/cities", data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(City.id))) == before


@pytest.mark.parametrize(
    ("typed", "found"),
    [("Gothenburg", "Göteborg"), ("Copenhagen", "København"), ("Elsinore", "Helsingør"),
     ("goteborg", "Göteborg"), ("Kobenhavn, DK", "København"), ("HELSINGOR", "Helsingør")],
)  # fmt: skip
def test_invite_city_accepts_folded_letters_and_english_names(app, admin, typed, found) -> None:
    result = app.test_cli_runner().invoke(
        args=["invite", "x@example.org", "--role", "contributor", "--city", typed]
    )
    assert result.exit_code == 0, result.output
    html = admin.get("/admin/users").get_data(as_text=True)
    assert re.search(rf"x@example.org</td><td>contributor</td><td>{found}</td>", html)


def test_an_unknown_city_gets_a_suggestion(app: Flask, admin) -> None:
    result = app.test_cli_runner().invoke(
        args=["invite", "x@example.org", "--role", "contributor", "--city", "Gotebor"]
    )
    assert result.exit_code != 0 and "did you mean Göteborg, SE" in result.output


def test_an_admin_is_not_offered_to_deactivate_themselves(app: Flask, admin) -> None:
    other = make_user(app, "anna@example.org", "editor")
    html = admin.get("/admin/users").get_data(as_text=True)
    assert html.count("Deactivate…") == 1
    assert f"/admin/users/{other}/deactivate" in html
    question = admin.get(f"/admin/users/{other}/deactivate")
    assert question.status_code == 200 and "Yes, deactivate" in question.get_data(as_text=True)
