"""One open version of the index and what is worth computing once per version.

Document sets are Python integers used as bitmaps (bit n = document n): intersections, unions and
counts (`int.bit_count`) run in C, microseconds each at 10,000 documents. Facet values also keep a
frozenset, for membership tests. Each sort order is a list of document numbers.

Text queries are answered from the postings of their terms (see `Postings`), read once per index
version and kept while recently used: a query's match set is then a few bitmap operations, and its
ranking a sum of cached scores over the documents that passed the filters. Whoosh's matcher trees,
which step through every match of every query in Python, only run for phrases, once per phrase.

Everything here is built lazily, on the first search that needs it, and lives as long as the
searcher.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from nsc_library.search import internals, semantic
from nsc_library.search.docsets import (
    NO_POSTINGS,
    DocSet,
    LruCache,
    Postings,
    PostingsCache,
    members,
    to_bits,
)
from nsc_library.search.schema import UNKNOWN_YEAR

TEXT_MATCHES_CACHED = 64
# Postings kept per index version (about 20 bytes each, plus a bitmap per term).
MAX_CACHED_POSTINGS = 2_000_000
YEAR_RANGES_CACHED = 32
RELATED_CACHED = 4096


class Snapshot:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        # Whether postings can be read through Whoosh's internals (see internals.py).
        self.fast = internals.capable(self.reader)
        self._live: DocSet | None = None
        self._live_docs: list[int] | None = None
        self._values: dict[str, dict[str, DocSet]] = {}
        self._orders: dict[str, list[int]] = {}
        self._columns: dict[str, list[Any]] = {}
        self._lengths: dict[tuple[int, str], Any] = {}
        self._postings = PostingsCache(MAX_CACHED_POSTINGS)
        self._years = LruCache(YEAR_RANGES_CACHED)
        self._vectors: np.ndarray | None = None
        self._has_vectors = False
        self._initials: dict[str, dict[str, list[str]]] = {}
        self.related = LruCache(RELATED_CACHED)
        # Match sets of recent text queries: paging and filtering reuse them.
        self.text_matches = LruCache(TEXT_MATCHES_CACHED)

    def up_to_date(self) -> bool:
        return self.searcher.up_to_date()

    def close(self) -> None:
        self.searcher.close()

    @property
    def live(self) -> DocSet:
        """Every document in this version of the index (deleted ones excluded)."""
        if self._live is None:
            self._live = DocSet.of(self.live_docs, self.size)
        return self._live

    @property
    def live_docs(self) -> list[int]:
        """The numbers of the live documents, ascending."""
        if self._live_docs is None:
            self._live_docs = list(self.reader.all_doc_ids())
        return self._live_docs

    def vectors(self) -> np.ndarray:
        """The meaning vector of every document (rows by document number; zero if it has none)."""
        if self._vectors is None:
            if self.size and "vector" in self.searcher.schema:
                # Read, not kept as a column: the matrix holds them (22 MB at 50,000 practices).
                values = self.reader.column_reader("vector")
            else:  # an index built before vectors were stored: no sense of meaning until reindex
                values = []
            self._vectors = semantic.matrix(values, self.size)
            self._has_vectors = bool(self._vectors.any())
        return self._vectors

    @property
    def has_vectors(self) -> bool:
        """Whether any document has a meaning vector (an index built before vectors has none)."""
        self.vectors()
        return self._has_vectors

    def mask(self, bits: int) -> np.ndarray:
        """The bitmap as an array of booleans indexed by document number."""
        flags = np.frombuffer(self.members(bits), dtype=np.uint8)
        return np.unpackbits(flags, bitorder="little")[: self.size].astype(bool)

    def docset(self, docs: set[int]) -> DocSet:
        return DocSet.of(docs, self.size)

    def members(self, bits: int) -> bytes:
        return members(bits, self.size)

    def values(self, dimension: str) -> dict[str, DocSet]:
        """Each value of a facet dimension, with the documents that have it."""
        if dimension not in self._values:
            # Facet dimensions are indexed as keyword fields of the same name.
            self._values[dimension] = {
                value: DocSet.of(self.reader.postings(dimension, value).all_ids(), self.size)
                for value in self.reader.field_terms(dimension)
            }
        return self._values[dimension]

    def column(self, field: str) -> list[Any]:
        if field not in self._columns:
            # An index without documents has no columns at all (Whoosh's empty reader).
            found = self.reader.column_reader(field) if self.size else []
            self._columns[field] = list(found)
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
            self._orders[sort] = sorted(self.live_docs, key=keys.__getitem__)
        return self._orders[sort]

    def active_between(self, year_from: int | None, year_to: int | None) -> int:
        """Documents (a bitmap) of practices active at some time in [year_from, year_to].

        A practice without a start year is left out: we cannot tell. No end year means ongoing.
        """
        key = (year_from, year_to)
        cached = self._years.get(key)
        if cached is not None:
            return cached
        starts, ends = self.column("start_year"), self.column("end_year")
        low = year_from if year_from is not None else -1
        high = year_to if year_to is not None else 1_000_000
        docs = (
            d
            for d in self.live_docs
            if starts[d] != UNKNOWN_YEAR
            and starts[d] <= high
            and (ends[d] == UNKNOWN_YEAR or ends[d] >= low)
        )
        return self._years.put(key, to_bits(docs, self.size))

    def postings(self, field: str, words: tuple[str, ...]) -> Postings:
        """The documents having these terms (one term, or a phrase) in `field`, with scores."""
        key = (field, words)
        cached = self._postings.get(key)
        if cached is None:
            cached = self._postings.put(key, self._read_postings(field, words))
        return cached

    def _read_postings(self, field: str, words: tuple[str, ...]) -> Postings:
        docs: array = array("q")
        scores: array = array("d")
        if field not in self.searcher.schema or not words:
            return NO_POSTINGS
        if len(words) > 1:
            return self._read_phrase(field, words)
        for subsearcher, offset in self.searcher.leaf_searchers():
            self._read_term(subsearcher, offset, field, words[0], docs, scores)
        if not docs:
            return NO_POSTINGS
        return Postings(docs, scores, to_bits(docs, self.size))

    def _read_term(
        self, subsearcher: Searcher, offset: int, field: str, word: str, docs: array, scores: array
    ) -> None:
        """Postings of a term in one segment, scored as Whoosh's Term query scores them."""
        reader = subsearcher.reader()
        try:
            text = self.searcher.schema[field].to_bytes(word)
        except ValueError:
            return
        if (field, text) not in reader:
            return
        scorer = self.searcher.weighting.scorer(subsearcher, field, text)
        lengths = self._field_lengths(reader, offset, field) if self.fast else None
        if lengths is not None:
            matcher = reader.postings(field, text)
            if internals.read_bm25(matcher, scorer, lengths, offset, docs, scores):
                return
        _read_matcher(reader.postings(field, text, scorer=scorer), offset, docs, scores)

    def _read_phrase(self, field: str, words: tuple[str, ...]) -> Postings:
        """Documents with the words next to each other, in order, scored as Whoosh scores a
        Phrase: the sum of its words' scores (added up as its matcher tree adds them).

        Only documents having every word are looked at: their positions are read from the
        postings of each word, block by block.
        """
        parts = [self.postings(field, (word,)) for word in words]
        candidates = parts[0].bits
        for part in parts[1:]:
            candidates &= part.bits
        if not candidates:
            return NO_POSTINGS
        flags = self.members(candidates)
        positions = {}
        for word in set(words):
            found = self._positions(field, word, flags)
            if found is None:  # not a postings format we read: let Whoosh match the phrase
                return self._whoosh_phrase(field, words)
            positions[word] = found
        docs: array = array("q")
        scores: array = array("d")
        for doc in sorted(positions[words[0]]):
            following = [positions[word].get(doc, ()) for word in words[1:]]
            if any(
                all(start + i in later for i, later in enumerate(following, 1))
                for start in positions[words[0]][doc]
            ):
                docs.append(doc)
                scores.append(_tree_sum([_score_of(part, doc) for part in parts]))
        if not docs:
            return NO_POSTINGS
        return Postings(docs, scores, to_bits(docs, self.size))

    def _positions(self, field: str, word: str, flags: bytes) -> dict[int, frozenset] | None:
        """Positions of `word` in `field` in each document flagged in `flags`; None when they
        cannot be read through the internals (the phrase is then matched by Whoosh)."""
        if not self.fast:
            return None
        decode = self.searcher.schema[field].format.decode_positions
        text = self.searcher.schema[field].to_bytes(word)
        found: dict[int, frozenset] = {}
        for subsearcher, offset in self.searcher.leaf_searchers():
            reader = subsearcher.reader()
            if (field, text) not in reader:
                continue
            matcher = reader.postings(field, text)
            if not internals.read_positions(matcher, decode, offset, flags, found):
                return None
        return found

    def _whoosh_phrase(self, field: str, words: tuple[str, ...]) -> Postings:
        docs: array = array("q")
        scores: array = array("d")
        for subsearcher, offset in self.searcher.leaf_searchers():
            phrase = wq.Phrase(field, list(words))
            _read_matcher(
                phrase.matcher(subsearcher, self.searcher.context()), offset, docs, scores
            )
        if not docs:
            return NO_POSTINGS
        return Postings(docs, scores, to_bits(docs, self.size))

    def _field_lengths(self, reader: Any, offset: int, field: str) -> Any:
        """The length of `field` in each document of a segment, as Whoosh's scorer reads it."""
        key = (offset, field)
        if key not in self._lengths:
            self._lengths[key] = internals.field_lengths(reader, field)
        return self._lengths[key]

    def words_by_initial(self, field: str) -> dict[str, list[str]]:
        """The indexed words of `field`, grouped by their first letter."""
        if field not in self._initials:
            decode = self.searcher.schema[field].from_bytes
            grouped: dict[str, list[str]] = {}
            for term in self.reader.lexicon(field) if self.size else ():
                word = decode(term)
                grouped.setdefault(word[:1], []).append(word)
            self._initials[field] = grouped
        return self._initials[field]

    def document_number(self, practice_id: int) -> int | None:
        return self.searcher.document_number(key=str(practice_id))

    def stored(self, docnum: int) -> dict[str, Any]:
        return self.searcher.stored_fields(docnum)


def _read_matcher(matcher: Any, offset: int, docs: array, scores: array) -> None:
    """Every match of a Whoosh matcher with its score, one at a time."""
    while matcher.is_active():
        docs.append(matcher.id() + offset)
        scores.append(matcher.score())
        matcher.next()


def _score_of(postings: Postings, doc: int) -> float:
    at = bisect_left(postings.docs, doc)
    return postings.scores[at]


def _tree_sum(values: list[float]) -> float:
    """Sum in the order of Whoosh's make_binary_tree: a + (b + c) for three."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])
