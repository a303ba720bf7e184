"""The index kept in step with the database: outbox, catch-up, locks, rebuilds, check-index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, update
from whoosh import index as whoosh_index

from nsc_library import create_app
from nsc_library.extensions import db
from nsc_library.models import City, IndexChange, Practice, Theme
from nsc_library.practice_rules import Status
from nsc_library.search import (
    SearchQuery,
    apply_pending_changes,
    check_index,
    rebuild_index,
    search_practices,
    storage,
    warm_up,
    writer,
)
from nsc_library.search import state as state_module
from nsc_library.search.outbox import pending_changes
from nsc_library.search.state import search_state
from nsc_library.services import practices as practice_service
from tests.support.factories import app_config, import_records
from tests.support.search_library import record


def found(app: Flask, text: str) -> set[str]:
    with app.app_context():
        results = search_practices(SearchQuery(text=text, per_page=100))
    return {h.slug for h in results.hits}


def practice(app: Flask, title: str) -> Practice:
    return db.session.scalar(select(Practice).where(Practice.title == title))


def outbox_ids(app: Flask) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(IndexChange.id).order_by(IndexChange.id)))


def generation(app: Flask) -> Path:
    with app.app_context():
        path = storage.current_generation(storage.index_root())
    assert path is not None
    return path


KITE = record(
    "Kite festival for neighbours",
    "Malmö",
    "SE",
    summary="Families fly kites together.",
    themes=["polarisation"],
    start_year=2019,
)


@pytest.fixture
def kite(app: Flask) -> Flask:
    import_records(app, [KITE])
    return app


# --- The outbox --------------------------------------------------------------------------------


def test_publishing_writes_an_outbox_row_and_updates_the_index(kite: Flask) -> None:
    with kite.app_context():
        rows = db.session.execute(select(IndexChange.practice_id, IndexChange.reason)).all()
        assert [tuple(r) for r in rows] == [(practice(kite, KITE["title"]).id, "created")]
    assert found(kite, "kites") == {"kite-festival-for-neighbours-malmo"}
    assert storage.read_state(generation(kite)).last_id == outbox_ids(kite)[-1]


def test_drafts_and_dry_runs_write_no_outbox_rows(app: Flask) -> None:
    import_records(app, [KITE], status=Status.DRAFT)
    with app.app_context():
        report = practice_service.import_practices([record("Dry", "Oslo", "NO")], dry_run=True)
        assert report.ok
    assert outbox_ids(app) == []


def test_a_rolled_back_change_leaves_no_outbox_row(kite: Flask) -> None:
    before = outbox_ids(kite)
    with kite.app_context():
        practice(kite, KITE["title"]).title = "Renamed and rolled back"
        db.session.flush()
        db.session.rollback()
    assert outbox_ids(kite) == before
    assert found(kite, "rolled") == set()


def test_outbox_ids_only_grow(kite: Flask) -> None:
    with kite.app_context():
        db.session.execute(db.delete(IndexChange))
        db.session.commit()
        kept = practice(kite, KITE["title"])
        kept.summary = "Families fly kites and drink tea."
        db.session.commit()
    assert outbox_ids(kite) == [2]  # not 1 again: AUTOINCREMENT on SQLite


def test_every_kind_of_change_reaches_the_index(kite: Flask) -> None:
    slug = "kite-festival-for-neighbours-malmo"
    with kite.app_context():
        kept = practice(kite, KITE["title"])
        kept.summary = "Families fly balloons together."
        db.session.commit()
    assert found(kite, "balloons") == {slug} and found(kite, "kites") == {slug}  # title
    with kite.app_context():
        db.session.scalar(select(Theme).where(Theme.slug == "polarisation")).label = "Bridgework"
        db.session.commit()
    assert found(kite, "bridgework") == {slug}
    with kite.app_context():
        db.session.scalar(select(City).where(City.name == "Malmö")).name = "Malmoe Town"
        db.session.commit()
    assert found(kite, "town") == {slug}
    with kite.app_context():
        practice(kite, KITE["title"]).status = Status.ARCHIVED
        db.session.commit()
    assert found(kite, "balloons") == set()
    with kite.app_context():
        archived = practice(kite, KITE["title"])
        archived.status = Status.PUBLISHED
        db.session.commit()
    assert found(kite, "balloons") == {slug}
    with kite.app_context():
        db.session.delete(practice(kite, KITE["title"]))
        db.session.commit()
    assert found(kite, "balloons") == set()
    with kite.app_context():
        assert check_index().ok


def test_a_lost_index_write_is_caught_up_later(kite: Flask, monkeypatch) -> None:
    def crash() -> int:
        raise RuntimeError("the process died after the commit")

    monkeypatch.setattr(state_module, "apply_pending_changes", crash)
    with kite.app_context():
        practice(kite, KITE["title"]).summary = "Families fly dragons together."
        db.session.commit()  # no error reaches the user
    with kite.app_context():
        report = check_index()
        assert report.stale == ["kite-festival-for-neighbours-malmo"] and not report.ok
        assert apply_pending_changes() == 1
        assert apply_pending_changes() == 0
        assert check_index().ok
    assert found(kite, "dragons") == {"kite-festival-for-neighbours-malmo"}


def test_searches_catch_up_now_and_then(kite: Flask, monkeypatch) -> None:
    assert found(kite, "kites")
    monkeypatch.setattr(state_module, "apply_pending_changes", lambda: 0)  # a lost write
    with kite.app_context():
        practice(kite, KITE["title"]).summary = "Families fly parachutes together."
        db.session.commit()
    assert found(kite, "parachutes") == set()  # checked at most every CATCH_UP_SECONDS
    with kite.app_context():
        search_state().next_catch_up = 0.0  # that time has come
    assert found(kite, "parachutes") == {"kite-festival-for-neighbours-malmo"}


def test_a_busy_index_is_skipped_and_the_change_applied_by_the_next_writer(kite: Flask) -> None:
    sync_lock = generation(kite) / storage.SYNC_LOCK
    with storage.try_lock(sync_lock) as locked:  # another process is writing
        assert locked
        with kite.app_context():
            practice(kite, KITE["title"]).summary = "Families fly gliders together."
            db.session.commit()  # no LockError, no wait
            assert apply_pending_changes() == 0
        assert found(kite, "gliders") == set()
    with kite.app_context():
        assert apply_pending_changes() == 1
    assert found(kite, "gliders") == {"kite-festival-for-neighbours-malmo"}


def test_each_index_folder_catches_up_from_its_own_position(kite: Flask, tmp_path: Path) -> None:
    other = create_app(
        app_config(
            tmp_path,
            DATABASE_URL=kite.config["DATABASE_URL"],  # one database, two hosts' index folders
            INDEX_DIR=str(tmp_path / "host-b-index"),
        )
    )
    try:
        with other.app_context():
            assert rebuild_index() == 1
        with kite.app_context():
            practice(kite, KITE["title"]).summary = "Families fly drones together."
            db.session.commit()
        assert found(kite, "drones")
        behind = storage.read_state(generation(other)).last_id
        assert behind < outbox_ids(kite)[-1]
        with other.app_context():
            assert apply_pending_changes() == 1
        assert found(other, "drones") == {"kite-festival-for-neighbours-malmo"}
        assert storage.read_state(generation(other)).last_id == outbox_ids(kite)[-1]
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_missing_index_is_built_by_the_next_writer(kite: Flask) -> None:
    shutil.rmtree(kite.config["INDEX_DIR"])
    import_records(kite, [record("Second kite day", "Oslo", "NO", summary="More kites.")])
    assert len(found(kite, "kites")) == 2


# --- Gaps in the change log --------------------------------------------------------------------


def test_a_change_committed_late_with_a_lower_id_is_not_lost(kite: Flask) -> None:
    state = storage.AppliedState().advanced([1, 2, 5], now=1000.0)
    assert state.last_id == 5 and set(state.gaps) == {3, 4}
    with kite.app_context():
        db.session.execute(db.delete(IndexChange))
        db.session.add(IndexChange(id=4, practice_id=7, reason="late"))
        db.session.add(IndexChange(id=6, practice_id=8, reason="new"))
        db.session.commit()
        assert pending_changes(db.session, state, 10) == [(4, 7), (6, 8)]
    later = state.advanced([4, 6], now=1001.0)
    assert later.last_id == 6 and set(later.gaps) == {3}
    assert storage.AppliedState(6, {3: 0.0}).advanced([], now=10_000.0).gaps == {}


# --- Rebuilds ----------------------------------------------------------------------------------


def test_reindex_builds_a_fresh_folder_and_swaps_it_in(kite: Flask) -> None:
    assert found(kite, "kites")
    old = generation(kite)
    with kite.app_context():
        before = search_state().generation
    result = kite.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code == 0 and "1 published practices" in result.output
    new = generation(kite)
    assert new != old and old.is_dir()  # the previous one stays for processes still reading it
    assert found(kite, "kites") == {"kite-festival-for-neighbours-malmo"}
    with kite.app_context():
        assert search_state().generation == new.name != before


def test_a_second_reindex_at_once_is_refused(kite: Flask) -> None:
    root = Path(kite.config["INDEX_DIR"])
    with storage.try_lock(root / storage.REBUILD_LOCK):
        result = kite.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code == 1 and "another process is rebuilding" in result.output


# --- check-index -------------------------------------------------------------------------------


def test_check_index_passes_when_in_step(kite: Flask) -> None:
    result = kite.test_cli_runner().invoke(args=["check-index"])
    assert result.exit_code == 0, result.output
    assert "matches the database" in result.output


def test_check_index_reports_missing_stale_and_extra(kite: Flask) -> None:
    import_records(kite, [record("Harbour swims", "Oslo", "NO", summary="Swims.")])
    import_records(kite, [record("Forest runs", "Oslo", "NO", summary="Runs.")])
    with kite.app_context():
        # Changes that bypass the ORM, and so the outbox: what check-index is for.
        db.session.execute(
            update(Practice).where(Practice.title == "Harbour swims").values(summary="Dives.")
        )
        db.session.execute(
            update(Practice)
            .where(Practice.title == "Forest runs")
            .values(status=Status.ARCHIVED.value)
        )
        db.session.commit()
        kite_id = practice(kite, KITE["title"]).id
    writer = whoosh_index.open_dir(str(generation(kite))).writer()
    writer.delete_by_term("key", str(kite_id))
    writer.commit()
    result = kite.test_cli_runner().invoke(args=["check-index"])
    assert result.exit_code == 1
    assert "1 missing: kite-festival-for-neighbours-malmo" in result.output
    assert "1 stale: harbour-swims-oslo" in result.output
    assert "1 extra: forest-runs-oslo" in result.output
    assert "reindex" in result.output
    assert kite.test_cli_runner().invoke(args=["reindex"]).exit_code == 0
    assert kite.test_cli_runner().invoke(args=["check-index"]).exit_code == 0


def test_check_index_without_an_index_fails(app: Flask) -> None:
    shutil.rmtree(app.config["INDEX_DIR"])  # init-db made one; an operator's mistake removes it
    result = app.test_cli_runner().invoke(args=["check-index"])
    assert result.exit_code == 1 and "reindex" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(IndexChange.id))) == 0


def test_a_large_import_builds_a_fresh_index_with_every_practice(app: Flask, monkeypatch) -> None:
    monkeypatch.setattr(writer, "BULK_CHANGES", 3)
    with app.app_context():
        before = storage.current_generation(storage.index_root())
    records = [
        record(f"Harbour walks {n}", "Bergen", "NO", themes=["youth-crime"]) for n in range(5)
    ]
    import_records(app, records)
    with app.app_context():
        after = storage.current_generation(storage.index_root())
        assert check_index().ok
    assert after != before  # built afresh, not updated document by document
    assert found(app, "harbour") == {f"harbour-walks-{n}-bergen" for n in range(5)}


def test_warm_up_opens_the_index_before_the_first_search(app: Flask) -> None:
    import_records(app, [record("Harbour walks", "Bergen", "NO", themes=["youth-crime"])])
    with app.app_context():
        state = search_state()
        state.close()
        warm_up()
        assert state.snapshot is not None and state.snapshot.vectors().any()
        opened = state.snapshot
        search_practices(SearchQuery(text="harbour"))
        assert state.snapshot is opened  # the first search used what warm_up opened


def test_warm_up_without_an_index_leaves_the_error_to_the_search_page(app: Flask) -> None:
    with app.app_context():
        shutil.rmtree(storage.index_root())
        warm_up()  # logs, does not raise


def test_a_rebuild_notes_the_frequent_words_and_warm_up_reads_their_postings(app: Flask) -> None:
    """The longest postings are read before a server's first request, not by its first
    visitors: the build writes each field's most frequent words, warm_up reads them."""
    import_records(
        app,
        [record(f"Lantern walks {n}", "Bergen", "NO", themes=["youth-crime"]) for n in range(3)],
    )
    with app.app_context():
        rebuild_index()
        generation = storage.current_generation(storage.index_root())
        frequent = storage.read_frequent_terms(generation)
        assert "lantern" in frequent["title"][:2]  # in every title; the numbers in one each
        state = search_state()
        state.close()
        warm_up()
        cached = state.snapshot._postings.items
        assert len(cached[("title", ("lantern",))]) == 3


def test_an_index_without_frequent_words_still_warms_up(app: Flask) -> None:
    import_records(app, [record("Harbour walks", "Bergen", "NO", themes=["youth-crime"])])
    with app.app_context():
        generation = storage.current_generation(storage.index_root())
        (generation / storage.FREQUENT_TERMS_FILE).unlink(missing_ok=True)
        assert storage.read_frequent_terms(generation) == {}
        warm_up()
        assert search_practices(SearchQuery(text="harbour")).total == 1
