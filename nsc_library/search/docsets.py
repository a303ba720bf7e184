"""Document sets as bitmaps, postings with their scores, and the caches a snapshot keeps them in.

Plain data: nothing here reads the index (snapshot.py does, through internals.py).
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class DocSet:
    """Documents as a bitmap only: at 50,000 practices a set of the numbers as well took 46 MB
    for the facet values of each server process."""

    bits: int
    count: int

    @classmethod
    def of(cls, docs: Iterable[int], size: int) -> DocSet:
        bits = to_bits(docs, size)
        return cls(bits, bits.bit_count())

    def __len__(self) -> int:
        return self.count

    def __contains__(self, docnum: int) -> bool:
        return bool(self.bits >> docnum & 1)


@dataclass(frozen=True)
class Postings:
    """The live documents containing a term (or phrase) in one field, ascending, with the score
    Whoosh's weighting gives each of them for it (before query boosts), and the same documents
    as a bitmap."""

    docs: array
    scores: array
    bits: int

    def __len__(self) -> int:
        return len(self.docs)


NO_POSTINGS = Postings(array("q"), array("d"), 0)


def to_bits(docs: Any, size: int) -> int:
    """The documents (numbers below `size`) as a bitmap."""
    if isinstance(docs, array):
        numbers = np.frombuffer(docs, dtype=np.int64) if len(docs) else np.empty(0, np.int64)
    else:
        numbers = np.fromiter(docs, dtype=np.int64)
    flags = np.zeros((size // 8 + 1) * 8, dtype=bool)
    flags[numbers] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def members(bits: int, size: int) -> bytes:
    """The bitmap as bytes, for membership tests: `flags[d >> 3] >> (d & 7) & 1`."""
    return bits.to_bytes(size // 8 + 1, "little")


class LruCache:
    """A small least-recently-used mapping."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any) -> Any:
        if key in self.items:
            self.items.move_to_end(key)
            return self.items[key]
        return None

    def put(self, key: Any, value: Any) -> Any:
        self.items[key] = value
        if len(self.items) > self.size:
            self.items.popitem(last=False)
        return value


class PostingsCache(LruCache):
    """Least recently used postings are dropped when they hold more than `size` documents."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.held = 0

    def put(self, key: Any, value: Any) -> Any:
        self.items[key] = value
        self.held += len(value)
        while self.held > self.size and len(self.items) > 1:
            _, dropped = self.items.popitem(last=False)
            self.held -= len(dropped)
        return value
