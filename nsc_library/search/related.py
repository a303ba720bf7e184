"""Related practices for a practice page: closest in meaning, nudged by shared themes and
approaches. One matrix product over the index's meaning vectors; kept per index version."""

from __future__ import annotations

import numpy as np

from nsc_library.search.interface import SearchUnavailable
from nsc_library.search.snapshot import Snapshot
from nsc_library.search.state import open_snapshot

MAX_RELATED = 50
# Added to the closeness in meaning (a cosine) for each shared theme or approach.
SHARED_TERM_BONUS = {"theme": 0.06, "approach": 0.04}


def related_practices(practice_id: int, limit: int = 4) -> list[int]:
    """Ids of up to `limit` published practices like this one, never itself; [] without an index."""
    try:
        with open_snapshot() as snapshot:
            return _related(snapshot, practice_id, max(0, min(int(limit), MAX_RELATED)))
    except SearchUnavailable:
        return []


def _related(snapshot: Snapshot, practice_id: int, limit: int) -> list[int]:
    docnum = snapshot.document_number(practice_id)
    if docnum is None or limit == 0:
        return []
    key = (docnum, limit)
    cached = snapshot.related.get(key)
    if cached is None:
        cached = snapshot.related.put(key, _closest(snapshot, docnum, limit))
    return cached


def _closest(snapshot: Snapshot, docnum: int, limit: int) -> list[int]:
    vectors = snapshot.vectors()
    closeness = vectors @ vectors[docnum]
    for dimension, bonus in SHARED_TERM_BONUS.items():
        for docs in snapshot.values(dimension).values():
            if docnum in docs:
                closeness += snapshot.mask(docs.bits) * bonus
    others = snapshot.mask(snapshot.live.bits)
    others[docnum] = False
    candidates = np.flatnonzero(others & (closeness > 0))
    if len(candidates) > limit:
        candidates = candidates[np.argpartition(-closeness[candidates], limit - 1)[:limit]]
    ranked = sorted(candidates.tolist(), key=lambda d: (-closeness[d], d))
    pid = snapshot.column("pid")
    return [pid[d] for d in ranked]
