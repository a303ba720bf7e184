"""Faults: a worker killed while publishing, a lost or damaged index, the database out of reach,
a database locked beyond the busy timeout, a full disk while indexing.

No test sleeps: processes meet through events and pipes, every wait has a bound, and nothing
asserts how long anything took.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import shutil
import signal
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, event, func, make_url, select, text
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.pool import NullPool
from whoosh.filedb.filestore import FileStorage

from nsc_library import create_app
from nsc_library.errors import is_database_outage
from nsc_library.extensions import db
from nsc_library.models import AuditEntry, IndexChange, Practice, Revision, User
from nsc_library.practice_rules import Status
from nsc_library.search import (
    SearchQuery,
    apply_pending_changes,
    check_index,
    search_practices,
    storage,
)
from nsc_library.services import workflow
from tests.support.factories import app_config, import_records, login, make_record, make_user

EDITOR = "editor@nsc.example.org"
CONTRIBUTOR = "writer@malmo.example.org"
WAIT = 120  # seconds: only a bound on waits for another process, never a measurement


def slugs_found(app: Flask, words: str) -> set[str]:
    with app.app_context():
        return {
            hit.slug
            for hit in search_practices(SearchQuery(text=words, per_page=100, correct=False)).hits
        }


def count(app: Flask, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def practice_by_title(title: str) -> Practice:
    return db.session.scalar(select(Practice).where(Practice.title == title))


def process_config(app: Flask, instance: Path) -> dict[str, Any]:
    """The settings another process (a server worker, a restarted one) uses for the same site."""
    keys = ("TESTING", "DATABASE_URL", "INDEX_DIR", "SECRET_KEY", "CHEAP_PASSWORD_HASHES")
    return {**{key: app.config[key] for key in keys}, "INSTANCE_PATH": str(instance)}


# --- A worker killed with SIGKILL while publishing ---------------------------------------------

KILL_POINTS = {
    # point: whether the publication is in the database when the worker dies there
    "before the database commit": False,
    "after the commit, before the index write": True,
    "inside the index write": True,
    "after the index write, before its state is saved": True,
}


def publish_until_killed(config, practice_id, editor_id, point, reached, never) -> None:
    """A server worker: publishes, and at `point` tells the parent, then waits to be killed."""
    app = create_app(config)

    def stop(*_args, **_kwargs):
        reached.send(point)
        never.wait(timeout=WAIT)  # the parent kills us meanwhile
        os._exit(3)

    with app.app_context():
        if point == "before the database commit":
            # Every statement of the transaction has run; COMMIT is about to be sent.
            event.listen(db.engine, "commit", stop)
        elif point == "after the commit, before the index write":
            import nsc_library.search.state as search_state

            search_state.apply_pending_changes = stop
        elif point == "inside the index write":
            from whoosh.writing import SegmentWriter

            SegmentWriter.commit = stop  # documents written to a new segment, not committed
        else:
            storage.write_state = stop
        practice = db.session.get(Practice, practice_id)
        workflow.publish_practice(practice, db.session.get(User, editor_id))
        db.session.commit()  # as the view that calls the service does
    reached.send("finished without reaching the point")


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_worker_killed_while_publishing_leaves_all_or_nothing(
    app: Flask, tmp_path: Path, point: str
) -> None:
    editor_id = make_user(app, EDITOR, "editor")
    title = "Night walkers in the harbour"
    import_records(app, [make_record(title=title, summary="Adults walk the harbour at night.")],
                   status=Status.SUBMITTED)  # fmt: skip
    with app.app_context():
        practice_id = practice_by_title(title).id
    audit_before = count(app, AuditEntry)

    context = multiprocessing.get_context("spawn")  # a fresh interpreter, like a server worker
    receiver, sender = context.Pipe(duplex=False)
    never = context.Event()
    worker = context.Process(
        target=publish_until_killed,
        args=(process_config(app, tmp_path / "worker"), practice_id, editor_id, point, sender,
              never),
    )  # fmt: skip
    worker.start()
    try:
        assert receiver.poll(WAIT), "the worker never reached the point"
        assert receiver.recv() == point
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.join(timeout=WAIT)
        if worker.exitcode is None:
            worker.kill()
            worker.join()
    assert worker.exitcode == -signal.SIGKILL

    # Restart: a new process runs the start-up catch-up (scripts/dev.sh runs check-index).
    restarted = create_app(process_config(app, tmp_path / "restarted"))
    try:
        result = restarted.test_cli_runner().invoke(args=["check-index"])
        assert result.exit_code == 0, result.output
        with restarted.app_context():
            practice = db.session.get(Practice, practice_id)
            published = practice.status == Status.PUBLISHED
            audit_after = db.session.scalar(select(func.count(AuditEntry.id)))
            outbox = db.session.scalar(select(func.count(IndexChange.id)))
        assert published is KILL_POINTS[point]
        # All or nothing: the status, its audit entry and its outbox row go together.
        assert audit_after == audit_before + (1 if published else 0)
        assert outbox == (1 if published else 0)
        expected = {practice.slug} if published else set()
        assert slugs_found(restarted, "harbour night walkers") == expected
        assert restarted.test_cli_runner().invoke(args=["check-index"]).exit_code == 0
    finally:
        with restarted.app_context():
            db.session.remove()
            db.engine.dispose()


# --- The index deleted or damaged while the site runs ------------------------------------------


def delete_index(root: Path) -> None:
    shutil.rmtree(root)


def replace_index_files(root: Path) -> None:
    """Every file of the index folder in use replaced by rubbish (a bad copy or restore).

    The files are replaced, not overwritten in place: Whoosh maps segment files into memory,
    and a mapped file truncated under a running process kills it with SIGBUS.
    """
    generation = storage.current_generation(root)
    assert generation is not None
    for path in generation.iterdir():
        if path.is_file() and path.name not in (storage.SYNC_LOCK, storage.STATE_FILE):
            rubbish = path.with_name(path.name + ".rubbish")
            rubbish.write_bytes(b"\x00rubbish" * 7)
            os.replace(rubbish, path)


BROWSING = ("/", "/themes", "/themes/polarisation", "/countries", "/countries/SE")


@pytest.mark.parametrize("damage", [delete_index, replace_index_files])
def test_a_lost_index_leaves_browsing_working_until_reindex_repairs_it(
    app: Flask, client, tmp_path: Path, damage
) -> None:
    import_records(app, [make_record(title="Lantern walks", summary="Lanterns in the dark.")])
    import_records(app, [make_record(title="Bicycle repair club", summary="Youth fix bikes.")])
    with app.app_context():
        slug = practice_by_title("Lantern walks").slug
    assert client.get("/practices?q=lanterns").status_code == 200  # this worker's searcher is open
    practices_before = count(app, Practice)

    damage(Path(app.config["INDEX_DIR"]))
    # A worker started now (gunicorn replaces workers) opens the damaged index afresh; the
    # running one may still answer from the files it has open, or notice the loss.
    fresh = create_app(process_config(app, tmp_path / "fresh-worker"))
    try:
        for worker, search_codes in ((fresh, {503}), (app, {200, 503})):
            browser = worker.test_client()
            for url in (*BROWSING, f"/practices/{slug}", "/api/v1/themes"):
                assert browser.get(url).status_code == 200, url
            page = browser.get("/practices?q=bicycle")
            assert page.status_code in search_codes
            if page.status_code == 503:
                assert "Search is temporarily unavailable" in page.get_data(as_text=True)
            api = browser.get("/api/v1/practices?q=bicycle")
            assert api.status_code in search_codes
            if api.status_code == 503:
                assert api.get_json()["error"]["code"] == "search_unavailable"
                assert api.headers["Retry-After"]
        if damage is delete_index:
            assert client.get("/practices?q=bicycle").status_code == 503

        result = app.test_cli_runner().invoke(args=["reindex"])
        assert result.exit_code == 0 and "2 published practices" in result.output, result.output
        for worker in (fresh, app):
            assert worker.test_client().get("/practices?q=bicycle").status_code == 200
            assert slugs_found(worker, "lanterns") == {slug}
    finally:
        with fresh.app_context():
            db.session.remove()
            db.engine.dispose()
    assert count(app, Practice) == practices_before
    assert app.test_cli_runner().invoke(args=["check-index"]).exit_code == 0


def test_publishing_while_the_index_is_damaged_loses_nothing(app: Flask) -> None:
    import_records(app, [make_record(title="Lantern walks", summary="Lanterns in the dark.")])
    assert slugs_found(app, "lanterns")
    replace_index_files(Path(app.config["INDEX_DIR"]))
    # The commit succeeds; the index write fails and is logged, the outbox keeps the change.
    import_records(app, [make_record(title="Kayak school", summary="Paddling for teenagers.")])
    assert app.test_cli_runner().invoke(args=["reindex"]).exit_code == 0
    assert len(slugs_found(app, "kayak")) == 1 and len(slugs_found(app, "lanterns")) == 1


# --- The database out of reach -----------------------------------------------------------------


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_outage(app: Flask) -> Iterator[None]:
    """The database goes away, then comes back: real connection failures, no fake exceptions.

    New connections are redirected where nothing answers: for PostgreSQL a local port that
    refuses connections, for SQLite a file in a folder that does not exist ("unable to open
    database file"). Connections already open die as they would in a server restart: PostgreSQL
    ends them (pg_terminate_backend), and SQLite's, which cannot die, are closed by disposing
    the pool. Nothing is reset afterwards: the app has to find its way back by itself.
    """
    with app.app_context():
        engine = db.engine
    sqlite = engine.dialect.name == "sqlite"
    port = closed_port()

    def unreachable(_dialect, _record, cargs, cparams) -> None:
        if sqlite:
            cargs[0] = str(Path(app.instance_path) / "missing-folder" / "library.sqlite3")
        else:
            cparams.update(host="127.0.0.1", port=port)

    event.listen(engine, "do_connect", unreachable)
    try:
        if sqlite:
            engine.dispose()
        else:
            end_other_connections(engine.url)
        yield
    finally:
        event.remove(engine, "do_connect", unreachable)


def end_other_connections(url) -> None:
    admin = create_engine(url, poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            connection.commit()
    finally:
        admin.dispose()


def test_an_unreachable_database_gives_a_clear_503_and_the_site_recovers(
    app: Flask, client, caplog
) -> None:
    make_user(app, CONTRIBUTOR, "contributor", city="Malmö")
    import_records(app, [make_record(title="Lantern walks")])
    assert login(client, CONTRIBUTOR).status_code == 302
    assert client.get("/contribute/").status_code == 200
    practices_before = count(app, Practice)

    with database_outage(app):
        for url in ("/", "/themes", "/contribute/", "/practices/lantern-walks-malmo"):
            page = client.get(url)
            assert page.status_code == 503, url
            html = page.get_data(as_text=True)
            assert "Service temporarily unavailable" in html and page.headers["Retry-After"]
            assert page.mimetype == "text/html" and "Traceback" not in html
        api = client.get("/api/v1/themes")
        assert api.status_code == 503 and api.headers["Retry-After"]
        assert api.get_json()["error"]["code"] == "database_unavailable"
        sent = client.post("/contribute/new", data={"title": "Written during the outage"})
        assert sent.status_code == 503 and "not saved" in sent.get_data(as_text=True)
        assert client.get("/no-such-page").status_code == 503  # the 404 page reads the db too
    assert "database unavailable" in caplog.text

    # Back: no restart, no reset. The pool reconnects, the signed-in session still works.
    assert client.get("/").status_code == 200
    assert client.get("/contribute/").status_code == 200
    assert client.get("/api/v1/themes").status_code == 200
    assert count(app, Practice) == practices_before


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked")), True),
        (OperationalError("x", {}, sqlite3.OperationalError("unable to open database file")), True),
        (
            OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: practice")),
            False,
        ),
        (ProgrammingError("SELECT", {}, Exception("syntax error")), False),
        (IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed")), False),
        (OperationalError("SELECT 1", {}, Exception("connection refused")), True),
        (ValueError("not a database error"), False),
    ],
)
def test_only_transient_database_errors_count_as_an_outage(error, outage) -> None:
    assert is_database_outage(error) is outage


# --- SQLite locked beyond the busy timeout -----------------------------------------------------


@pytest.fixture
def sqlite_app(tmp_path: Path) -> Iterator[Flask]:
    """A SQLite site whose writers wait only a tenth of a second for a lock."""
    path = tmp_path / "locked.sqlite3"
    app = create_app(
        app_config(tmp_path, DATABASE_URL=f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT=0.1)
    )
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@contextmanager
def another_process_writing(app: Flask) -> Iterator[None]:
    """Another connection holds SQLite's write lock (an open write transaction) meanwhile."""
    path = make_url(app.config["DATABASE_URL"]).database
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_database_locked_beyond_the_busy_timeout_gives_503_and_no_half_write(
    sqlite_app: Flask,
) -> None:
    app = sqlite_app
    make_user(app, CONTRIBUTOR, "contributor", city="Malmö")
    client = app.test_client()
    assert login(client, CONTRIBUTOR).status_code == 302
    form = {"title": "Saved after the lock", "city": "Malmö", "country": "SE", "save": "1"}
    before = {model: count(app, model) for model in (Practice, Revision, AuditEntry)}

    with another_process_writing(app):
        assert client.get("/").status_code == 200  # readers are not blocked (write-ahead log)
        refused = client.post("/contribute/new", data=form)
        assert refused.status_code == 503
        assert "not saved" in refused.get_data(as_text=True)
        assert refused.headers["Retry-After"]
        api = client.get("/api/v1/themes")
        assert api.status_code == 200
    # Nothing of the refused save was written: no practice, revision or audit entry alone.
    assert {model: count(app, model) for model in before} == before

    saved = client.post("/contribute/new", data=form)  # the user sends it again
    assert saved.status_code == 302
    assert {model: count(app, model) for model in before} == {m: n + 1 for m, n in before.items()}


# --- A full disk or an unwritable index while indexing -----------------------------------------


def failing_storage(monkeypatch, code: int, when: str) -> None:
    """Whoosh's file creation fails like a full or read-only disk: at the start of a write (its
    first segment file) or at its commit (the table of contents that makes a segment visible)."""
    real_create = FileStorage.create_file

    def create_file(self, name, *args, **kwargs):
        if when == "start" or ".toc" in name:
            raise OSError(code, os.strerror(code), name)
        return real_create(self, name, *args, **kwargs)

    monkeypatch.setattr(FileStorage, "create_file", create_file)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
@pytest.mark.parametrize("when", ["start", "commit"])
def test_an_index_write_failing_keeps_the_change_for_later(
    app: Flask, client, monkeypatch, code: int, when: str
) -> None:
    make_user(app, EDITOR, "editor")
    import_records(app, [make_record(title="Lantern walks", summary="Lanterns in the dark.")])
    import_records(app, [make_record(title="Kayak school", summary="Paddling for teenagers.")],
                   status=Status.SUBMITTED)  # fmt: skip
    with app.app_context():
        lantern, kayak = (practice_by_title(t) for t in ("Lantern walks", "Kayak school"))
        lantern_slug, kayak_id, kayak_slug = lantern.slug, kayak.id, kayak.slug
    assert login(client, EDITOR).status_code == 302

    with monkeypatch.context() as patch:
        failing_storage(patch, code, when)
        with app.app_context():
            practice_by_title("Lantern walks").summary = "Lanterns and torches in the dark."
            db.session.commit()  # the database commit succeeds; the index write fails
        published = client.post(f"/review/{kayak_id}/publish", follow_redirects=True)
        assert published.status_code == 200  # the editor sees no error
        assert "Published." in published.get_data(as_text=True)
        with app.app_context():
            assert db.session.get(Practice, kayak_id).status == Status.PUBLISHED
            report = check_index()
            assert report.stale == [lantern_slug] and report.missing == [kayak_slug]
            assert db.session.scalar(select(func.count(IndexChange.id))) == 3
        # Searches still answer from the index as it was (their own catch-up fails quietly).
        assert slugs_found(app, "lanterns") == {lantern_slug}
        assert slugs_found(app, "torches") == set()

    with app.app_context():
        assert apply_pending_changes() == 2  # the disk has room again
        assert check_index().ok
    assert slugs_found(app, "torches") == {lantern_slug}
    assert slugs_found(app, "paddling") == {kayak_slug}
    assert app.test_cli_runner().invoke(args=["check-index", "--no-catch-up"]).exit_code == 0
