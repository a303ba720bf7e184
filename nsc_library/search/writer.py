"""Writing the index: catching a generation up with the outbox, and full rebuilds.

Only the process holding a generation's sync lock writes to it, so Whoosh's own writer lock is
never contended and a LockError never reaches a user. A process that finds the lock taken does
not wait: the holder checks the outbox once more after releasing it and applies what arrived
meanwhile. Applying is idempotent (each change re-reads the practice), so a change applied twice
is harmless and none is lost.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from whoosh import index as whoosh_index
from whoosh.index import FileIndex, LockError
from whoosh.util.filelock import try_for
from whoosh.writing import SegmentWriter

from nsc_library import progress
from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.practice_rules import Status
from nsc_library.search import outbox, storage
from nsc_library.search.schema import TEXT_FIELDS, build_schema, practice_documents

log = logging.getLogger(__name__)

BATCH = 500
# More pending changes than this (a large import into the library) are applied by building a
# fresh generation with one writer: several times faster than updating documents batch by batch.
BULK_CHANGES = 1000
# A rebuild sorts its postings in memory up to this size (about 800 MB at 10,000 practices).
# Past it Whoosh spills sorted runs to disk and merges them, which costs a third of the build.
BUILD_MEMORY_MB = 1024
CATCH_UP_ROUNDS = 3
# Words per field whose postings a server reads before its first request (see warm_up).
FREQUENT_TERMS_KEPT = 400
# Nobody else writes to a generation while we hold its sync lock, so this is only a safeguard.
WRITER_TIMEOUT = 5.0
DOCUMENT_LOADS = (
    selectinload(Practice.themes),
    selectinload(Practice.approaches),
    selectinload(Practice.target_groups),
    selectinload(Practice.translations),
)


class IndexBusy(RuntimeError):
    """Another process is rebuilding the index."""


def apply_pending_changes() -> int:
    """Apply the outbox changes this index folder has not applied yet; return how many.

    Never waits for another process: if one is writing, it picks our changes up. A missing or
    outdated index, or one with very many changes pending, is built afresh from the database.
    Needs an app context.
    """
    root = storage.index_root()
    generation = storage.current_generation(root)
    if generation is None or not storage.holds_index(generation) or _outdated(generation):
        log.warning("search index missing or outdated in %s; building it from the database", root)
    elif _many_pending(generation):
        log.info("search index: many changes pending; building a fresh index instead")
    else:
        return catch_up(generation)
    try:
        return rebuild_index()
    except IndexBusy:
        return 0


def _many_pending(generation: Path) -> bool:
    with Session(db.engine) as session:
        state = storage.read_state(generation)
        return len(outbox.pending_changes(session, state, BULK_CHANGES + 1)) > BULK_CHANGES


def _outdated(generation: Path) -> bool:
    """Whether the generation was built with other fields than this version of the app writes
    (documents of this version could not be added to it)."""
    fields = set(storage.open_generation(generation).schema.names())
    return fields != set(build_schema().names())


def catch_up(generation: Path) -> int:
    """Apply pending changes to `generation` unless another process is doing so."""
    applied = 0
    for _ in range(CATCH_UP_ROUNDS):
        with storage.try_lock(generation / storage.SYNC_LOCK) as locked:
            if not locked:
                log.debug("index %s busy; its writer applies the pending changes", generation)
                return applied
            applied += _apply_locked(generation)
        # Changes committed while we held the lock: their writers found it taken.
        with Session(db.engine) as session:
            if not outbox.has_pending(session, storage.read_state(generation)):
                return applied
    return applied


def _apply_locked(generation: Path) -> int:
    applied = 0
    index = storage.open_generation(generation)
    state = storage.read_state(generation)
    while True:
        with Session(db.engine) as session:
            changes = outbox.pending_changes(session, state, BATCH)
            if not changes:
                return applied
            practice_ids = sorted({practice_id for _, practice_id in changes})
            documents = {d["pid"]: d for d in published_documents(session, practice_ids)}
        writer = open_writer(index)
        try:
            for practice_id in practice_ids:
                if practice_id in documents:
                    writer.update_document(**documents[practice_id])
                else:
                    writer.delete_by_term("key", str(practice_id))
            writer.commit()
        except BaseException:
            abandon(writer)
            raise
        state = state.advanced([change_id for change_id, _ in changes])
        storage.write_state(generation, state)
        applied += len(changes)
        log.info("search index: applied %d change(s) up to outbox id %d", applied, state.last_id)


def open_writer(index: FileIndex) -> SegmentWriter:
    """Whoosh's writer, holding its write lock; the lock is released if opening fails.

    SegmentWriter takes the lock before creating its first files and keeps it when that fails
    (a full or read-only disk): every later write in this process would then wait and fail with
    LockError until a restart. So the lock is taken here and handed to the writer.
    """
    lock = index.lock("WRITELOCK")
    if not try_for(lock.acquire, timeout=WRITER_TIMEOUT):
        raise LockError(f"search index writer lock in {index.storage.folder} is held")
    try:
        writer = SegmentWriter(index, _lk=False)
    except BaseException:
        lock.release()
        raise
    writer.writelock = lock  # released by the writer's commit() or cancel()
    return writer


def abandon(writer: SegmentWriter) -> None:
    """Cancel a failed write; release the lock even if cleaning up fails as well."""
    if writer.is_closed:  # commit() failed after releasing the lock: nothing left to do
        return
    try:
        writer.cancel()
    except Exception:
        log.warning("search index writer not cleaned up after a failure", exc_info=True)
        if writer.writelock is not None and writer.writelock.fd is not None:
            writer.writelock.release()


def published_documents(session: Session, practice_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Index documents of those of `practice_ids` that are published."""
    query = (
        select(Practice)
        .where(Practice.id.in_(list(practice_ids)), Practice.status == Status.PUBLISHED)
        .options(*DOCUMENT_LOADS)
    )
    return practice_documents(list(session.scalars(query)))


def rebuild_index() -> int:
    """Build the index from the database into a fresh folder and swap it in; return its size.

    Searches keep using the old index until the swap. Raises IndexBusy if another rebuild runs.
    """
    root = storage.index_root()
    root.mkdir(parents=True, exist_ok=True)
    with storage.try_lock(root / storage.REBUILD_LOCK) as locked:
        if not locked:
            raise IndexBusy(f"another process is rebuilding the search index in {root}")
        generation = storage.new_generation(root)
        count = _build(generation)
        _apply_locked(generation)
        previous = storage.current_generation(root)
        storage.swap_in(root, generation)
        keep = {generation.name} | ({previous.name} if previous else set())
        storage.remove_old_generations(root, keep)
    log.info("search index rebuilt in %s: %d published practices", generation, count)
    # Changes another process applied to the previous generation during the build.
    catch_up(generation)
    return count


def _build(generation: Path) -> int:
    index = whoosh_index.create_in(str(generation), build_schema())
    count = 0
    with Session(db.engine) as session:
        # The outbox position first: a change committed during the build is applied again
        # afterwards, which is harmless; none can slip between the two.
        state = outbox.snapshot_state(session)
        total = published_count(session)
        writer = build_writer(index, total, current_app.config["SEARCH_PARALLEL_FROM"])
        try:
            for document in all_published_documents(session):
                writer.add_document(**document)
                count += 1
                progress.report("Indexing practices", count, total)
        except BaseException:
            writer.cancel()
            raise
    writer.commit()
    # Whoosh's parallel writer drops a process's segment if its result is late, without a word.
    indexed = index.doc_count()
    if indexed != count:
        raise RuntimeError(f"the new index holds {indexed} of {count} practices; rebuild again")
    storage.write_state(generation, state)
    storage.write_frequent_terms(generation, frequent_terms(index))
    return count


def frequent_terms(index: FileIndex) -> dict[str, list[str]]:
    """The most frequent words of each text field, most frequent first."""
    found: dict[str, list[str]] = {}
    with index.reader() as reader:
        for field in TEXT_FIELDS:
            if field not in index.schema or reader.doc_count() == 0:
                continue
            decode = index.schema[field].from_bytes
            top = reader.most_frequent_terms(field, number=FREQUENT_TERMS_KEPT)
            found[field] = [decode(term) for _, term in top]
    return found


def build_writer(index: FileIndex, total: int, parallel_from: int) -> Any:
    """One writer, or two processes each writing a segment (no merge: searches read both)."""
    processes = min(2, os.cpu_count() or 1) if total >= parallel_from else 1
    if processes == 1:
        return index.writer(limitmb=BUILD_MEMORY_MB)
    # Batches of documents go to the processes in turn; small enough that both get some.
    batch = max(1, min(100, total // (4 * processes)))
    return index.writer(
        procs=processes, batchsize=batch, limitmb=BUILD_MEMORY_MB, multisegment=True
    )


def published_count(session: Session) -> int:
    return session.scalar(select(func.count()).where(Practice.status == Status.PUBLISHED)) or 0


def all_published_documents(session: Session) -> Iterator[dict[str, Any]]:
    ids = list(
        session.scalars(
            select(Practice.id).where(Practice.status == Status.PUBLISHED).order_by(Practice.id)
        )
    )
    for start in range(0, len(ids), BATCH):
        yield from published_documents(session, ids[start : start + BATCH])
        session.expunge_all()
