"""One open version of the index and what is worth computing once per version.

Facet values are kept as document sets (Python sets for membership, integers as bitmaps for fast
counting), and each sort order as a list of document numbers. They are built lazily, on the first
search that needs them, and live as long as the searcher.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from whoosh.searching import Searcher

from nsc_library.search.schema import UNKNOWN_YEAR

TEXT_MATCHES_CACHED = 64


@dataclass(frozen=True)
class DocSet:
    docs: frozenset[int]
    bits: int

    @classmethod
    def of(cls, docs: set[int] | frozenset[int], size: int) -> DocSet:
        return cls(frozenset(docs), to_bits(docs, size))

    def __len__(self) -> int:
        return len(self.docs)


def to_bits(docs: set[int] | frozenset[int], size: int) -> int:
    buffer = bytearray(size // 8 + 1)
    for doc in docs:
        buffer[doc >> 3] |= 1 << (doc & 7)
    return int.from_bytes(buffer, "little")


class LruCache:
    """A small least-recently-used mapping."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[str, Any] = OrderedDict()

    def get(self, key: str) -> Any:
        if key in self.items:
            self.items.move_to_end(key)
            return self.items[key]
        return None

    def put(self, key: str, value: Any) -> Any:
        self.items[key] = value
        if len(self.items) > self.size:
            self.items.popitem(last=False)
        return value


class Snapshot:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        self._live: DocSet | None = None
        self._values: dict[str, dict[str, DocSet]] = {}
        self._orders: dict[str, list[int]] = {}
        self._columns: dict[str, list[Any]] = {}
        # Text matches of recent queries: paging and filtering reuse them.
        self.text_matches = LruCache(TEXT_MATCHES_CACHED)

    def up_to_date(self) -> bool:
        return self.searcher.up_to_date()

    def close(self) -> None:
        self.searcher.close()

    @property
    def live(self) -> DocSet:
        """Every document in this version of the index (deleted ones excluded)."""
        if self._live is None:
            self._live = DocSet.of(set(self.reader.all_doc_ids()), self.size)
        return self._live

    def docset(self, docs: set[int]) -> DocSet:
        return DocSet.of(docs, self.size)

    def values(self, dimension: str) -> dict[str, DocSet]:
        """Each value of a facet dimension, with the documents that have it."""
        if dimension not in self._values:
            # Facet dimensions are indexed as keyword fields of the same name.
            self._values[dimension] = {
                value: DocSet.of(set(self.reader.postings(dimension, value).all_ids()), self.size)
                for value in self.reader.field_terms(dimension)
            }
        return self._values[dimension]

    def column(self, field: str) -> list[Any]:
        if field not in self._columns:
            self._columns[field] = list(self.reader.column_reader(field))
        return self._columns[field]

    def order(self, sort: str) -> list[int]:
        """All live documents in a sort order; ties broken by practice id, so pages are stable."""
        if sort not in self._orders:
            pid = self.column("pid")
            if sort == "title":
                keys = list(zip(self.column("title_sort"), pid, strict=True))
            elif sort == "start_year":
                years = self.column("start_year")
                keys = [(y == UNKNOWN_YEAR, y, p) for y, p in zip(years, pid, strict=True)]
            else:
                keys = [(-t, -p) for t, p in zip(self.column("published"), pid, strict=True)]
            self._orders[sort] = sorted(self.live.docs, key=keys.__getitem__)
        return self._orders[sort]

    def active_between(self, year_from: int | None, year_to: int | None) -> set[int]:
        """Documents of practices active at some time in [year_from, year_to].

        A practice without a start year is left out: we cannot tell. No end year means ongoing.
        """
        starts, ends = self.column("start_year"), self.column("end_year")
        low = year_from if year_from is not None else -1
        high = year_to if year_to is not None else 1_000_000
        return {
            d
            for d in self.live.docs
            if starts[d] != UNKNOWN_YEAR
            and starts[d] <= high
            and (ends[d] == UNKNOWN_YEAR or ends[d] >= low)
        }

    def document_number(self, practice_id: int) -> int | None:
        return self.searcher.document_number(key=str(practice_id))

    def stored(self, docnum: int) -> dict[str, Any]:
        return self.searcher.stored_fields(docnum)
