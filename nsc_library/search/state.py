"""Per-process search state, kept in app.extensions["nsc_search"].

Opening a searcher costs tens of milliseconds, so each process keeps one and opens a new one only
when the index changed: another generation was swapped in, or `not searcher.up_to_date()`.
(`Searcher.refresh()` is not used: in whoosh 2.7.5 it returns duplicates after a segment merge.)
"""

from __future__ import annotations

import logging
import pickle
import struct
import threading
import time
import weakref
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app

from nsc_library.search import outbox, storage
from nsc_library.search.interface import REPAIR_HINT, SearchUnavailable
from nsc_library.search.snapshot import Snapshot
from nsc_library.search.writer import apply_pending_changes, catch_up

log = logging.getLogger(__name__)

EXTENSION = "nsc_search"
# How often a process checks the outbox for changes no process has applied to its index yet
# (a writer that died after its commit, a change applied to a generation being swapped out).
CATCH_UP_SECONDS = 30.0
# What damaged index files raise while being read.
READ_ERRORS = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError)


class SearchState:
    def __init__(self) -> None:
        # Whoosh searchers are not meant to be shared between threads while in use.
        self.lock = threading.RLock()
        self.generation: str | None = None
        self.snapshot: Snapshot | None = None
        self.next_catch_up = 0.0

    def open(self, root: Path) -> Snapshot:
        """The current snapshot of the index in `root`, reopened if the index changed."""
        generation = storage.current_generation(root)
        if generation is None:
            raise unavailable(f"no search index in {root}")
        if self.snapshot is not None and self.generation == generation.name:
            if self.snapshot.up_to_date():
                return self.snapshot
        self.close()
        try:
            searcher = storage.open_generation(generation).searcher()
        except storage.IndexUnreadable as exc:
            raise unavailable(str(exc)) from None
        self.snapshot, self.generation = Snapshot(searcher), generation.name
        return self.snapshot

    def close(self) -> None:
        if self.snapshot is not None:
            self.snapshot.close()
        self.snapshot, self.generation = None, None


def unavailable(problem: str) -> SearchUnavailable:
    log.error("search unavailable: %s; %s", problem, REPAIR_HINT)
    return SearchUnavailable(f"Search is temporarily unavailable: {problem}; {REPAIR_HINT}.")


def init_app(app: Flask) -> None:
    """Give the app its search state, and record index changes in every session's commits."""
    state = SearchState()
    app.extensions[EXTENSION] = state
    weakref.finalize(app, state.close)
    outbox.register_listeners(on_commit=_apply_after_commit)


def _apply_after_commit() -> None:
    # A failure here must not turn a saved change into an error page: the outbox row is
    # committed, so the next writer, start-up or `flask check-index` applies it.
    try:
        apply_pending_changes()
    except Exception:
        log.exception("search index not updated after commit; pending changes stay queued")


def search_state() -> SearchState:
    return current_app.extensions[EXTENSION]


@contextmanager
def open_snapshot() -> Iterator[Snapshot]:
    """The process's snapshot of the current index, held exclusively; SearchUnavailable if none.

    Any error from the index files while in use also becomes SearchUnavailable, and the snapshot
    is dropped so that the next search opens the index afresh.
    """
    state = search_state()
    root = storage.index_root()
    _catch_up_now_and_then(state, root)
    with state.lock:
        snapshot = state.open(root)
        try:
            yield snapshot
        except READ_ERRORS as exc:
            state.close()
            log.exception("search index read failed")
            raise unavailable(f"search index in {root} unreadable ({exc!r})") from exc


def _catch_up_now_and_then(state: SearchState, root: Path) -> None:
    now = time.monotonic()
    if now < state.next_catch_up:
        return
    state.next_catch_up = now + CATCH_UP_SECONDS
    generation = storage.current_generation(root)
    if generation is None:
        return
    try:
        catch_up(generation)
    except storage.IndexUnreadable as exc:
        log.error("search index catch-up failed: %s; %s", exc, REPAIR_HINT)
    except Exception:
        log.exception("search index catch-up failed; searching the index as it is")
