"""Backup and restore: the whole library into a fresh instance, the same site and search results."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from nsc_library import create_app
from nsc_library.extensions import db
from nsc_library.models import City, NordicModel, Practice, Revision, Role, Theme, User
from nsc_library.practice_rules import Status
from nsc_library.progress import reporting_to
from nsc_library.search import SearchQuery, rebuild_index, search_practices
from nsc_library.services import accounts, backup, practices
from tests.support.databases import blank_database_url
from tests.support.factories import app_config, import_records, make_record

PASSWORD = "a long enough password"
QUERIES = ["residents", "neighbours", "night walkers", "Tromsø", "dialogue", ""]


def fill_library(app: Flask) -> None:
    """Practices in every state, with revisions, links and lineage; users; an edited theme."""
    import_records(
        app,
        [
            make_record(title="Dialogue cafés in Tórshavn", city="Tórshavn", country="FO"),
            make_record(title="Mentoring for neighbours", approaches=["mentoring"], links=[]),
            make_record(title="Night walkers", city="Tromsø", country="NO", language="nb"),
        ],
    )
    import_records(app, [make_record(title="A draft about schools")], status=Status.DRAFT)
    with app.app_context():
        editor = accounts.create_user("editor@example.org", Role.EDITOR, PASSWORD)
        city = db.session.scalar(select(City).where(City.name == "Tromsø"))
        accounts.create_user("walker@example.org", Role.CONTRIBUTOR, PASSWORD, city)
        walkers = practices.find_practice("Night walkers", "Tromsø", "NO")
        record = {**make_record(title="Night walkers", city="Tromsø", country="NO")}
        record["summary"] = "Adults walk the streets on Friday nights."
        practices.update_practice(walkers, record, author=editor, note="clearer summary")
        walkers.inspired_by.append(
            practices.find_practice("Mentoring for neighbours", "Malmö", "SE")
        )
        archived = practices.find_practice("Dialogue cafés in Tórshavn", "Tórshavn", "FO")
        archived.status = Status.ARCHIVED
        db.session.scalar(select(Theme).where(Theme.slug == "hate-crime")).label = "Hate crimes"
        # Issue 15: an editor's city details and a practice's Nordic model.
        city.description, city.member_since = "Gateway to the Arctic.", 2017
        walkers.model = db.session.scalar(
            select(NordicModel).where(NordicModel.slug == "night-walkers")
        )
        db.session.commit()
        rebuild_index()


def snapshot(app: Flask) -> dict:
    """What a visitor, an editor and a search see of the library."""
    with app.app_context():
        library = {
            "practices": [
                (
                    p.slug,
                    p.status.value,
                    p.title,
                    p.summary,
                    p.city.name,
                    p.version,
                    [t.slug for t in p.themes],
                    [(link.title, link.url) for link in p.links],
                    sorted(q.slug for q in p.inspired_by),
                    p.owner_id,
                    p.published_at,
                    p.model.slug if p.model else None,
                )
                for p in db.session.scalars(select(Practice).order_by(Practice.slug))
            ],  # fmt: skip
            "revisions": db.session.execute(
                select(Practice.slug, Revision.number, Revision.note, Revision.content)
                .join(Revision.practice)
                .order_by(Practice.slug, Revision.number)
            ).all(),
            "users": db.session.execute(
                select(User.email, User.role, User.city_id).order_by(User.email)
            ).all(),
            "themes": db.session.execute(
                select(Theme.slug, Theme.label).order_by(Theme.slug)
            ).all(),
            "countries": db.session.scalar(select(func.count()).select_from(City)),
            "cities": db.session.execute(
                select(
                    City.slug,
                    City.name,
                    City.latitude,
                    City.longitude,
                    City.description,
                    City.member,
                    City.member_since,
                ).order_by(City.slug)
            ).all(),  # fmt: skip
            "search": {
                q: [h.slug for h in search_practices(SearchQuery(text=q)).hits] for q in QUERIES
            },
        }
    return library


def fresh_app(tmp_path: Path, url: str | None = None) -> Flask:
    config = app_config(tmp_path / "fresh", **({"DATABASE_URL": url} if url else {}))
    return create_app(config)


def test_backup_then_restore_into_a_fresh_instance_gives_the_same_library(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    fill_library(app)
    before = snapshot(app)
    assert len(before["practices"]) == 4 and len(before["search"]["residents"]) == 2
    archive = tmp_path / "library-backup.json.gz"
    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "4 practice" in result.output and "without password hashes" in result.output
    assert archive.stat().st_mode & 0o077 == 0

    fresh = fresh_app(tmp_path)
    fresh_runner = fresh.test_cli_runner()
    assert fresh_runner.invoke(args=["init-db"]).exit_code == 0
    result = fresh_runner.invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert "Search index rebuilt: 2 published practices" in result.output
    assert snapshot(fresh) == before
    dispose(fresh)


def test_a_restored_library_takes_new_practices(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    """On PostgreSQL the id sequences must move past the restored rows."""
    fill_library(app)
    archive = tmp_path / "backup.json"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    fresh = fresh_app(tmp_path)
    assert fresh.test_cli_runner().invoke(args=["restore", str(archive)]).exit_code == 0
    import_records(fresh, [make_record(title="Brand new", city="Bergen", country="NO")])
    with fresh.app_context():
        assert db.session.scalar(select(func.count(Practice.id))) == 5
        new = practices.find_practice("Brand new", "Bergen", "NO")
        assert len(new.revisions) == 1 and new.city.id > 0
    dispose(fresh)


def test_password_hashes_stay_out_unless_asked_for(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    fill_library(app)
    without, with_hashes = tmp_path / "without.json", tmp_path / "with.json"
    assert runner.invoke(args=["backup", str(without)]).exit_code == 0
    result = runner.invoke(args=["backup", str(with_hashes), "--with-password-hashes"])
    assert result.exit_code == 0, result.output
    assert "$argon2" not in without.read_text() and "$argon2" in with_hashes.read_text()

    for archive, can_log_in in ((without, False), (with_hashes, True)):
        fresh = fresh_app(tmp_path / archive.stem)
        assert fresh.test_cli_runner().invoke(args=["restore", str(archive)]).exit_code == 0
        with fresh.app_context():
            user = accounts.find_user("walker@example.org")
            assert user.city.name == "Tromsø"
            assert accounts.password_matches(user, PASSWORD) is can_log_in
        dispose(fresh)


def test_restore_into_a_database_without_tables_runs_the_migrations(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    fill_library(app)
    before = snapshot(app)
    archive = tmp_path / "backup.json"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    fresh = fresh_app(tmp_path, blank_database_url(tmp_path))
    result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert snapshot(fresh) == before
    dispose(fresh)


def test_restore_refuses_an_instance_that_holds_practices(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    fill_library(app)
    archive = tmp_path / "backup.json"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    before = snapshot(app)
    result = runner.invoke(args=["restore", str(archive)])
    assert result.exit_code != 0
    assert "the database is not empty (4 rows in practice, 2 rows in user_account)" in result.output
    assert snapshot(app) == before


def test_a_failed_reindex_after_restore_keeps_the_data_and_says_what_to_do(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_library(app)
    archive = tmp_path / "backup.json"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0

    def broken_index() -> int:
        raise OSError("read-only file system")

    monkeypatch.setattr(backup, "rebuild_search_index", broken_index)
    fresh = fresh_app(tmp_path)
    result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code != 0
    assert "read-only file system" in result.output and "reindex" in result.output
    with fresh.app_context():
        assert db.session.scalar(select(func.count(Practice.id))) == 4
    dispose(fresh)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a readable backup"),
        (b"[1, 2]", "not a library backup"),
        (b'{"format": "something-else"}', "not a library backup"),
        (
            gzip.compress(b'{"format": "nsc-library-backup", "format_version": 99}', mtime=0),
            "format 99",
        ),
    ],
)
def test_restore_explains_a_file_that_is_not_a_backup(
    runner: FlaskCliRunner, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "not-a-backup.json"
    path.write_bytes(content)
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code != 0
    assert message in result.output


def test_the_backup_is_one_consistent_moment(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A practice saved while the backup reads its tables is left out entirely."""
    fill_library(app)
    dump_table = backup.dump_table

    def dump_and_write_meanwhile(connection, table, with_password_hashes):
        dumped = dump_table(connection, table, with_password_hashes)
        if table.name == "country":  # among the first tables read, before practice and revision
            import_records(app, [make_record(title="Saved during the backup")])
        return dumped

    monkeypatch.setattr(backup, "dump_table", dump_and_write_meanwhile)
    archive = tmp_path / "backup.json"
    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    tables = json.loads(archive.read_text())["tables"]
    assert len(tables["practice"]["rows"]) == 4
    assert len(tables["revision"]["rows"]) == 5
    with app.app_context():
        assert db.session.scalar(select(func.count(Practice.id))) == 5


def test_every_table_but_the_outbox_is_in_the_backup(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        report = backup.write_backup(tmp_path / "backup.json")
        tables = set(db.metadata.tables) - backup.SKIPPED_TABLES
    assert set(report.rows) == tables


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_backup_commands_have_help(runner: FlaskCliRunner, command: str) -> None:
    result = runner.invoke(args=[command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_backup_and_restore_count_rows_for_the_progress_bar(app: Flask, tmp_path: Path) -> None:
    """An operator backing up or restoring a large library sees rows counted, not a silent
    terminal: each stage reports its whole row count at the end."""
    fill_library(app)
    archive = tmp_path / "library-backup.json"
    seen: list[tuple[str, int, int]] = []
    with reporting_to(lambda *args: seen.append(args)), app.app_context():
        written = backup.write_backup(archive)
    rows = sum(written.rows.values())
    assert rows > 100  # countries and vocabularies too, so the bar moves before the end
    assert seen[-1] == ("Reading tables", rows, rows)
    assert [done for _, done, _ in seen] == sorted(done for _, done, _ in seen)

    fresh = fresh_app(tmp_path)
    assert fresh.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    seen.clear()
    with reporting_to(lambda *args: seen.append(args)), fresh.app_context():
        backup.restore_backup(archive)
    stages = {stage: (done, total) for stage, done, total in seen}
    assert stages["Writing tables"] == (rows, rows)
    assert stages["Indexing practices"] == (2, 2)
    dispose(fresh)
