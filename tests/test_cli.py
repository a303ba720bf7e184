"""The administrative commands: init-db, create-user, seed-demo."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import Country, Practice, Role, Theme, User
from nsc_library.progress import reporting_to
from nsc_library.search import writer
from nsc_library.services.accounts import password_matches
from tests.support.factories import import_records, make_record, write_json


def test_init_db_twice_keeps_data_and_editor_changes(app: Flask, runner) -> None:
    import_records(app, [make_record()])
    with app.app_context():
        theme = db.session.scalar(select(Theme).where(Theme.slug == "hate-crime"))
        theme.label = "Hate crimes (edited)"
        db.session.commit()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "0 countries, 0 vocabulary terms and 0 Nordic models added" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Practice.id))) == 1
        assert db.session.scalar(select(Theme.label).where(Theme.slug == "hate-crime")) == (
            "Hate crimes (edited)"
        )


def test_init_db_seeds_vocabularies_and_nordic_countries(app: Flask) -> None:
    with app.app_context():
        assert db.session.scalar(select(func.count(Theme.id))) == 12
        nordic = set(db.session.scalars(select(Country.code).where(Country.nordic)))
        assert nordic == {"DK", "FI", "IS", "NO", "SE", "AX", "FO", "GL"}
        assert db.session.get(Country, "DE").name == "Germany"


def test_create_user_reads_the_password_from_stdin(app: Flask, runner) -> None:
    import_records(app, [make_record(city="Malmö", country="SE")])
    result = runner.invoke(
        args=["create-user", "Coordinator@Malmo.example.org", "--role", "contributor",
              "--city", "malmö"],
        input="a long enough password\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "a long enough password" not in result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "coordinator@malmo.example.org"
        assert user.role == Role.CONTRIBUTOR and user.city.name == "Malmö"
        assert user.password_hash.startswith("$argon2id$")
        assert password_matches(user, "a long enough password")
        assert not password_matches(user, "a wrong password!!")


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--role", "editor"], "short\n", "at least 12 characters"),
        (["--role", "contributor"], "long enough password\n", "give --city"),
        (["--role", "contributor", "--city", "Atlantis"], "long enough password\n", "no such city"),
        (["--role", "king"], "long enough password\n", "Invalid value for '--role'"),
    ],
)
def test_create_user_refuses_bad_input(app: Flask, runner, args, password, message) -> None:
    result = runner.invoke(args=["create-user", "x@example.org", *args], input=password)
    assert result.exit_code != 0
    assert message in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_create_user_refuses_a_second_account_for_one_email(app: Flask, runner) -> None:
    args = ["create-user", "ed@example.org", "--role", "editor"]
    assert runner.invoke(args=args, input="long enough password\n").exit_code == 0
    result = runner.invoke(args=args, input="long enough password\n")
    assert result.exit_code != 0
    assert "exists already" in result.output


def test_seed_demo_loads_the_demo_library_once(app: Flask, runner) -> None:
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        count = db.session.scalar(select(func.count(Practice.id)))
        countries = set(db.session.scalars(select(Country.code).join(Country.cities)))
    assert count >= 40
    assert {"DK", "SE", "NO", "FI", "IS"} <= countries
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "demo library not loaded" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Practice.id))) == count


@pytest.mark.parametrize(
    "command", ["init-db", "create-user", "import-practices", "export-practices", "seed-demo"]
)
def test_every_command_has_help(runner, command: str) -> None:
    result = runner.invoke(args=[command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_long_work_reports_its_progress_and_a_pipe_gets_no_bars(
    app: Flask, runner, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(writer, "BULK_CHANGES", 2)  # the index is built afresh, with progress
    seen: list[tuple[str, int, int]] = []
    with reporting_to(lambda *args: seen.append(args)):
        import_records(app, [make_record() for _ in range(3)])
    assert ("Writing practices", 3, 3) in seen and ("Indexing practices", 3, 3) in seen

    file = write_json(tmp_path / "more.json", [make_record() for _ in range(3)])
    result = runner.invoke(args=["import-practices", str(file)])
    assert result.exit_code == 0, result.output
    assert "Writing practices" not in result.output  # not a terminal: no bars
