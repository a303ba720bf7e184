"""Server processes writing at once lose no write (on SQLite: write-ahead log, busy timeout).

Two processes start together at a barrier and write in bounded loops: each creates practices of its
own, and both save new versions of one shared practice. A save based on a version the other process
has replaced is refused (optimistic locking) and retried, never silently applied over the other.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from nsc_library import create_app
from nsc_library.extensions import db
from nsc_library.models import Practice, Revision
from nsc_library.practice_rules import Status
from nsc_library.services import practices
from tests.support.factories import app_config, import_records, make_record

WRITES = 10  # per process and kind of write
MAX_ATTEMPTS = 200  # per save of the shared practice; bounded, so a livelock fails the test
SHARED = {"title": "Shared practice", "city": "Malmö", "country": "SE"}


def writer(name: str, config: dict[str, Any], barrier, results) -> None:
    """One server process: creates WRITES practices, then saves the shared one WRITES times."""
    app = create_app(config)
    retries = 0
    with app.app_context():
        barrier.wait(timeout=120)
        for i in range(WRITES):
            report = practices.import_practices(
                [make_record(title=f"{name} practice {i}")], status=Status.PUBLISHED
            )
            assert report.ok and report.created == 1
            db.session.commit()
        for i in range(WRITES):
            # The first save of each process starts from the same version, by construction.
            retries += save_shared(f"{name} saved version {i}", barrier if i == 0 else None)
        db.session.remove()
        db.engine.dispose()
    results.put((name, retries))


def save_shared(summary: str, meet=None) -> int:
    """Save a new summary of the shared practice, retrying after a conflict; returns the retries.

    With `meet`, both processes read the practice before either saves, so one save must fail.
    """
    for attempt in range(MAX_ATTEMPTS):
        try:
            practice = practices.find_practice(**SHARED)
            record = {**make_record(**SHARED), "summary": summary}
            if meet is not None and attempt == 0:
                practice.version  # noqa: B018  (loaded now, before the other process saves)
                meet.wait(timeout=120)
            assert practices.update_practice(practice, record, author=None, note=summary)
            db.session.commit()
            return attempt
        except (StaleDataError, IntegrityError, OperationalError):
            db.session.rollback()
    raise AssertionError(f"no save after {MAX_ATTEMPTS} attempts: {summary}")


def test_two_processes_writing_at_once_lose_nothing(app: Flask, tmp_path: Path) -> None:
    import_records(app, [make_record(**SHARED)])
    context = multiprocessing.get_context("spawn")  # a fresh interpreter, like a server worker
    barrier, results = context.Barrier(2), context.Queue()
    config = {
        key: app.config[key]
        for key in ("TESTING", "DATABASE_URL", "INDEX_DIR", "SECRET_KEY", "WTF_CSRF_ENABLED")
    }
    processes = [
        context.Process(
            target=writer,
            args=(name, {**config, "INSTANCE_PATH": str(tmp_path / name)}, barrier, results),
        )
        for name in ("first", "second")
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=300)
    assert [p.exitcode for p in processes] == [0, 0]
    retries = dict(results.get(timeout=5) for _ in processes)
    assert sorted(retries) == ["first", "second"]
    assert sum(retries.values()) >= 1  # the conflict was real, refused, and retried

    with app.app_context():
        titles = set(db.session.scalars(select(Practice.title)))
        for name in ("first", "second"):
            assert {f"{name} practice {i}" for i in range(WRITES)} <= titles
        assert len(titles) == 2 * WRITES + 1
        shared = practices.find_practice(**SHARED)
        numbers = db.session.scalars(
            select(Revision.number).where(Revision.practice_id == shared.id)
        ).all()
        assert sorted(numbers) == list(range(1, 2 * WRITES + 2))
        notes = set(db.session.scalars(select(Revision.note).where(Revision.number > 1)))
        assert notes == {
            f"{n} saved version {i}" for n in ("first", "second") for i in range(WRITES)
        }
        assert shared.version == 2 * WRITES + 1
        assert db.session.scalar(select(func.count(Practice.id))) == 2 * WRITES + 1


def test_sqlite_connections_use_a_write_ahead_log_and_wait_for_locks(tmp_path: Path) -> None:
    app = create_app(app_config(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}"))
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
            assert connection.scalar(text("PRAGMA busy_timeout")) >= 5000
            assert connection.scalar(text("PRAGMA foreign_keys")) == 1
        db.engine.dispose()
