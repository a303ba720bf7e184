"""The index folder on disk: generations, the CURRENT pointer, the applied-change state, locks.

INDEX_DIR holds one or more generation folders (`gen-…`, each a complete Whoosh index) and a file
CURRENT naming the one in use. A rebuild writes a new generation and swaps CURRENT atomically
(os.replace), so searches keep working on the old one until they notice. Each generation keeps
`applied.json`: the last outbox id it applied, and recent ids it has not seen yet (gaps).
"""

from __future__ import annotations

import fcntl
import gc
import json
import mmap
import os
import secrets
import shutil
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import FileIndex

CURRENT_FILE = "CURRENT"
STATE_FILE = "applied.json"
# The most frequent words of each text field, written when a generation is built (warm_up reads
# their postings before a server takes requests).
FREQUENT_TERMS_FILE = "frequent-terms.json"
GENERATION_PREFIX = "gen-"
SYNC_LOCK = "sync.lock"
REBUILD_LOCK = "rebuild.lock"
# An id below the last applied one that was not there yet (a transaction still open on
# PostgreSQL) is looked for again during this many seconds, then given up as rolled back.
GAP_SECONDS = 600
MAX_GAPS = 1000
# Generations other than the current and the previous one are removed once this old.
OLD_GENERATION_SECONDS = 600


def index_root() -> Path:
    return Path(current_app.config["INDEX_DIR"])


def current_generation(root: Path) -> Path | None:
    """The generation folder CURRENT names, or None when there is no usable pointer."""
    try:
        name = (root / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return None
    if not name.startswith(GENERATION_PREFIX) or "/" in name or not (root / name).is_dir():
        return None
    return root / name


class IndexUnreadable(Exception):  # noqa: N818
    """A generation's files cannot be opened as a Whoosh index."""


class MappedStorage(FileStorage):
    """Whoosh's folder of index files, each read through a read-only memory map.

    The index's pages then stay in the kernel's page cache, shared by every server process and
    dropped under memory pressure. Whoosh's own reading keeps a private copy of each file of a
    compound segment in every process instead (about 240 MB per process at 50,000 practices).
    """

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        with open(os.path.join(self.folder, name), "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:  # an empty file cannot be mapped
                return super().open_file(name, **kwargs)
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return StructFile(mapped, name=name, **kwargs)


def open_generation(generation: Path) -> FileIndex:
    """The Whoosh index in `generation`; IndexUnreadable (with the cause in words) if damaged."""
    # Whoosh leaves the file it failed to read open, in a reference cycle. Collect it here,
    # quietly, rather than let a ResourceWarning surface at some later, unrelated moment.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return MappedStorage(str(generation)).open_index()
        except Exception as exc:  # any damage to the files: EmptyIndexError, OSError, pickle...
            problem = f"search index in {generation} unreadable ({exc!r})"
        gc.collect()
    raise IndexUnreadable(problem)


def holds_index(generation: Path) -> bool:
    """Whether `generation` holds a Whoosh index; IndexUnreadable if its files are damaged."""
    with warnings.catch_warnings():  # as in open_generation: no stray ResourceWarning later
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return whoosh_index.exists_in(str(generation))
        except Exception as exc:
            problem = f"search index in {generation} unreadable ({exc!r})"
        gc.collect()
    raise IndexUnreadable(problem)


def new_generation(root: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    path = root / f"{GENERATION_PREFIX}{stamp}-{secrets.token_hex(3)}"
    path.mkdir(parents=True)
    return path


def swap_in(root: Path, generation: Path) -> None:
    """Point CURRENT at `generation`, atomically."""
    temporary = root / f"{CURRENT_FILE}.{secrets.token_hex(4)}"
    temporary.write_text(generation.name + "\n", encoding="utf-8")
    os.replace(temporary, root / CURRENT_FILE)


def remove_old_generations(root: Path, keep: set[str]) -> None:
    """Remove generations not in `keep` that are old enough that no process still reads them."""
    cutoff = time.time() - OLD_GENERATION_SECONDS
    for path in root.glob(f"{GENERATION_PREFIX}*"):
        if path.name not in keep and path.is_dir() and path.stat().st_mtime < cutoff:
            shutil.rmtree(path, ignore_errors=True)


@dataclass
class AppliedState:
    """How far a generation has caught up with the outbox."""

    last_id: int = 0
    gaps: dict[int, float] = field(default_factory=dict)  # outbox id -> when first missed

    def advanced(self, applied_ids: list[int], now: float | None = None) -> AppliedState:
        """The state after applying `applied_ids`: every existing id up to their maximum."""
        now = time.time() if now is None else now
        done = set(applied_ids)
        top = max(done | {self.last_id})
        gaps = {i: t for i, t in self.gaps.items() if i not in done and now - t < GAP_SECONDS}
        for missing in range(max(self.last_id + 1, top - MAX_GAPS), top):
            if missing not in done:
                gaps.setdefault(missing, now)
        if len(gaps) > MAX_GAPS:
            gaps = dict(sorted(gaps.items())[-MAX_GAPS:])
        return AppliedState(last_id=top, gaps=gaps)


def read_state(generation: Path) -> AppliedState:
    try:
        raw = json.loads((generation / STATE_FILE).read_text(encoding="utf-8"))
        return AppliedState(
            last_id=int(raw["last_id"]),
            gaps={int(k): float(v) for k, v in raw.get("gaps", {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return AppliedState()


def write_state(generation: Path, state: AppliedState) -> None:
    temporary = generation / f"{STATE_FILE}.{secrets.token_hex(4)}"
    temporary.write_text(
        json.dumps({"last_id": state.last_id, "gaps": state.gaps}), encoding="utf-8"
    )
    os.replace(temporary, generation / STATE_FILE)


def write_frequent_terms(generation: Path, terms: dict[str, list[str]]) -> None:
    temporary = generation / f"{FREQUENT_TERMS_FILE}.{secrets.token_hex(4)}"
    temporary.write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, generation / FREQUENT_TERMS_FILE)


def read_frequent_terms(generation: Path) -> dict[str, list[str]]:
    """The words written by write_frequent_terms; none for an index built without them."""
    try:
        raw = json.loads((generation / FREQUENT_TERMS_FILE).read_text(encoding="utf-8"))
        return {str(field): [str(word) for word in words] for field, words in raw.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


@contextmanager
def try_lock(path: Path) -> Iterator[bool]:
    """Hold an exclusive lock on `path` if no other process (or thread) does; never waits."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
