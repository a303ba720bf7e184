"""The one place that reads Whoosh's private structures, for speed; everything else uses its API.

Whoosh's matchers step through postings one document at a time in Python. Reading a segment's
posting blocks directly (`W3LeafMatcher` blocks, the field-lengths column) makes a term's
postings about ten times faster to load. Those structures are private to whoosh-reloaded 2.7.5,
so:

- `capable(reader)` checks, when an index is opened, that every private name used here exists;
  if one is missing (another Whoosh version), the snapshot logs it once and uses the public API;
- each reading function returns None when it cannot read what it was given, and the caller then
  uses the public API for that term;
- `ENABLED` switches the fast path off (the fallback test does), and a parity test compares both
  paths' documents and scores on a fixture index.
"""

from __future__ import annotations

import logging
from array import array
from typing import Any

import numpy as np
from whoosh.codec import whoosh3
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25FScorer
from whoosh.util.numeric import byte_to_length

log = logging.getLogger(__name__)

ENABLED = True
# Methods of the block matcher class, and attributes each instance sets when it is created.
_MATCHER_METHODS = ("_next_block", "id", "weight", "value", "is_active")
_MATCHER_STATE = ("_i", "_ids", "_weights", "_values")
_warned: set[str] = set()
# Whoosh's one-byte field lengths decoded, by byte (0: the document lacks the field).
_BYTE_LENGTHS = np.array([0.0] + [float(byte_to_length(b)) for b in range(1, 256)])
# The module-level names read here.
REQUIRED: tuple[tuple[Any, str], ...] = (
    (whoosh3, "W3LeafMatcher"),
    (whoosh3, "LENGTHS_COLUMN"),
    (whoosh3, "_lenfield"),
)


def capable(reader: Any) -> bool:
    """Whether this Whoosh has every private structure the fast path reads."""
    if not ENABLED:
        return False
    missing = [name for owner, name in REQUIRED if not hasattr(owner, name)]
    matcher = getattr(whoosh3, "W3LeafMatcher", None)
    missing += [n for n in _MATCHER_METHODS if matcher is not None and not hasattr(matcher, n)]
    if not all(hasattr(leaf, "_perdoc") for leaf, _ in _leaves(reader)):
        missing.append("SegmentReader._perdoc")
    if missing:
        _warn_once(f"Whoosh internals missing ({', '.join(missing)}); using the public API")
    return not missing


def _leaves(reader: Any) -> list[tuple[Any, int]]:
    return list(reader.leaf_readers()) if hasattr(reader, "leaf_readers") else [(reader, 0)]


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        log.warning(message)


def leaf_matcher(matcher: Any) -> tuple[Any, Any] | None:
    """The segment's own block matcher under a deleted-documents filter, and the deleted ids;
    None when the postings are not in a format read here."""
    excluded: Any = ()
    if isinstance(matcher, FilterMatcher):
        if not getattr(matcher, "_exclude", False) or not hasattr(matcher, "_ids"):
            return None
        matcher, excluded = matcher.child, matcher._ids
    if type(matcher) is not whoosh3.W3LeafMatcher:
        return None
    if not all(hasattr(matcher, name) for name in _MATCHER_STATE):
        _warn_once("Whoosh's block matcher changed; reading its postings through the public API")
        return None
    return matcher, excluded


def field_lengths(reader: Any, field: str) -> np.ndarray | None:
    """The length of `field` in each document of a segment, as Whoosh's scorer reads it (from
    the lengths column; 0 for a document without the field); None when it cannot be read."""
    try:
        column = reader._perdoc._cached_reader(whoosh3._lenfield(field), whoosh3.LENGTHS_COLUMN)
        count = reader.doc_count_all()
        if column is None:  # Whoosh's scorer then takes every length as 1
            return np.ones(count)
        raw = bytes(column._dbfile.get(column._basepos, column._count))
    except (AttributeError, TypeError):
        return None
    raw += bytes(max(0, count - len(raw)))
    return _BYTE_LENGTHS[np.frombuffer(raw, dtype=np.uint8)]


def read_bm25(
    matcher: Any, scorer: Any, lengths: np.ndarray, offset: int, docs: array, scores: array
) -> bool:
    """Append the postings' documents and their BM25F scores, reading whole blocks at a time;
    False (nothing appended) when the matcher or scorer is not one read here.

    The score is whoosh.scoring.bm25 written out, the same operations in the same order (on a
    block's numbers at once), so each document gets exactly Whoosh's score."""
    leaf = leaf_matcher(matcher)
    if leaf is None or type(scorer) is not BM25FScorer:
        return False
    block, excluded = leaf
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    while block.is_active():
        block.id()
        block.weight()  # loads the block's ids and weights
        start = block._i
        ids = np.array(block._ids[start:], dtype=np.int64)
        tf = np.array(block._weights[start:], dtype=np.float64)
        if excluded:
            kept = ~np.isin(ids, np.fromiter(excluded, dtype=np.int64))
            ids, tf = ids[kept], tf[kept]
        fl = lengths[ids]
        docs.frombytes((ids + offset).tobytes())
        scores.frombytes(
            (idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))).tobytes()
        )
        block._next_block()
    return True


def read_positions(
    matcher: Any, decode: Any, offset: int, flags: bytes, found: dict[int, frozenset]
) -> bool:
    """Add the positions of the postings' documents that are flagged in `flags`; False when the
    matcher is not one read here."""
    leaf = leaf_matcher(matcher)
    if leaf is None:
        return False
    block, _ = leaf  # deleted documents are not flagged anyway
    while block.is_active():
        block.id()
        block.value()  # loads the block's ids and values
        start = block._i
        for local, value in zip(block._ids[start:], block._values[start:], strict=True):
            doc = local + offset
            if flags[doc >> 3] >> (doc & 7) & 1:
                found[doc] = frozenset(decode(value))
        block._next_block()
    return True
