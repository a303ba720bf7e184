"""The library behaves the same on SQLite and PostgreSQL (the suite runs on both in CI)."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import City, Practice, Revision, Role
from nsc_library.practice_rules import Status
from nsc_library.services import accounts, practices
from tests.support.factories import import_records, make_record


def test_lookups_ignore_the_case_of_nordic_letters(app: Flask) -> None:
    import_records(app, [make_record(title="Øresund dialogue", city="Örebro", country="SE")])
    shouting = make_record(title="ØRESUND DIALOGUE", city="ÖREBRO", country="SE")
    shouting["summary"] = "The same practice, written in capitals."
    with app.app_context():
        report = practices.import_practices([shouting], status=Status.PUBLISHED)
        assert (report.created, report.updated) == (0, 1)
        assert db.session.scalar(select(func.count(City.id))) == 1
        assert db.session.scalar(select(func.count(Practice.id))) == 1
        assert db.session.scalar(select(func.count(Revision.id))) == 2
        assert practices.find_practice("øresund dialogue", "örebro", "SE") is not None


def test_e_mail_lookup_ignores_case_beyond_ascii(app: Flask) -> None:
    with app.app_context():
        accounts.create_user("åsa.ström@example.org", Role.EDITOR, "a long enough password")
        assert accounts.find_user("ÅSA.STRÖM@EXAMPLE.ORG").email == "åsa.ström@example.org"


@pytest.mark.parametrize(
    "url",
    ["/practices/a%00b", "/themes/a%00b", "/countries/S%00", "/practices?theme=a%00b",
     "/practices?q=a%00b", "/api/v1/practices/a%00b", "/api/v1/practices?theme=a%00b",
     "/compare?p=a%00b", "/practices?a%00=1"],
)  # fmt: skip
def test_nul_characters_in_addresses_get_a_clear_400(client, url: str) -> None:
    """PostgreSQL cannot hold a NUL character: a lookup with one was a 500 there, a 404 here."""
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.text


def test_nul_characters_in_forms_get_a_clear_400(app: Flask, client) -> None:
    import_records(app, [make_record()])
    response = client.post("/shortlist/add", data={"slug": "a\x00b"})
    assert response.status_code == 400
    assert "NUL character" in response.text
