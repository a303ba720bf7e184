"""Searching: from a SearchQuery to a page of hits with facets, snippets and corrections.

Text matches every word (each word: any field, or a synonym), and when that finds nothing, any
word, ranked by how many words a practice matches. Matching, filters, facets and sorting work on
bitmaps of document numbers and on postings with Whoosh's BM25F scores, both kept per index
version (see snapshot.py); only the documents that pass the filters are scored, only the page's
hits are kept in order, and only those are highlighted.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from dataclasses import dataclass, replace

from flask import current_app

from nsc_library.search import facets, spelling
from nsc_library.search.highlighting import marked_title, snippet
from nsc_library.search.interface import (
    MAX_PAGE,
    MAX_PER_PAGE,
    SORTS,
    SearchHit,
    SearchQuery,
    SearchResults,
)
from nsc_library.search.parsing import Clause, ParsedQuery, parse
from nsc_library.search.schema import FIELD_WEIGHTS
from nsc_library.search.snapshot import Snapshot
from nsc_library.search.state import open_snapshot
from nsc_library.search.synonyms import SynonymTable, load_synonyms

MIN_YEAR, MAX_YEAR = 1000, 3000
SHORT_FIELDS = {f: w for f, w in FIELD_WEIGHTS.items() if f != "body"}


# One term or phrase in one field, and the weight its score counts with.
Leaf = tuple[str, tuple[str, ...], float]


@dataclass
class _Matches:
    bits: int  # the matching documents, as a bitmap
    leaves: list[Leaf] | None = None  # what scores them; None without text

    def score(self, snapshot: Snapshot, docnum: int) -> float:
        """The document's relevance score: the sum of its leaves' weighted scores."""
        total = 0.0
        for name, words, weight in self.leaves or ():
            postings = snapshot.postings(name, words)
            at = bisect_left(postings.docs, docnum)
            if at < len(postings.docs) and postings.docs[at] == docnum:
                total += postings.scores[at] * weight
        return total


def search_practices(query: SearchQuery) -> SearchResults:
    """One page of published practices for `query`. Raises SearchUnavailable, nothing else."""
    request = normalised(query)
    synonyms = synonyms_for_app()
    parsed = parse(request.text, synonyms)
    with open_snapshot() as snapshot:
        results = _search(snapshot, request, parsed)
        if not parsed.words:
            return results
        suggestion = spelling.suggest(snapshot, parsed, synonyms)
        if suggestion and results.total == 0 and request.correct:
            corrected = _search(
                snapshot, replace(request, text=suggestion), parse(suggestion, synonyms)
            )
            if corrected.total:
                corrected.suggestion, corrected.corrected_from = suggestion, request.text
                return corrected
            suggestion = None
        results.suggestion = suggestion
        return results


def normalised(query: SearchQuery) -> SearchQuery:
    """The query with every field in range: bad values fall back to defaults instead of failing."""
    text = query.text if isinstance(query.text, str) else ""
    return SearchQuery(
        text=text,
        filters=facets.clean_filters(query.filters),
        year_from=_year(query.year_from),
        year_to=_year(query.year_to),
        sort=query.sort if query.sort in SORTS else "relevance",
        page=min(max(_int(query.page, 1), 1), MAX_PAGE),
        per_page=min(max(_int(query.per_page, 20), 1), MAX_PER_PAGE),
        correct=bool(query.correct),
    )


def _int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return default


def _year(value: object) -> int | None:
    year = _int(value, 0) if value is not None else 0
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _search(snapshot: Snapshot, request: SearchQuery, parsed: ParsedQuery) -> SearchResults:
    matches = _text_matches(snapshot, parsed)
    base = matches.bits
    if request.year_from is not None or request.year_to is not None:
        base &= snapshot.active_between(request.year_from, request.year_to)
    chosen = facets.selections(snapshot, request.filters)
    allowed = facets.filtered(base, chosen)
    total = allowed.bit_count()
    first = (request.page - 1) * request.per_page
    page_docs = _page(snapshot, matches, allowed, request, first) if first < total else []
    terms = frozenset(parsed.terms())
    hits = [_hit(snapshot, docnum, score, terms) for docnum, score in page_docs]
    return SearchResults(
        hits=hits,
        total=total,
        page=request.page,
        per_page=request.per_page,
        pages=math.ceil(total / request.per_page),
        facets=facets.facet_counts(snapshot, base, chosen, request.filters),
    )


def _text_matches(snapshot: Snapshot, parsed: ParsedQuery) -> _Matches:
    """Documents matching the text: every word if any document has them all, else any word.

    Computed from the postings of the query's terms (cached per index version, see snapshot.py)
    as bitmaps; the result is kept with the index version, so paging and changing filters reuse
    it. Scores are only summed later, for the documents that pass the filters.
    """
    key = repr(parsed.clauses)
    cached = snapshot.text_matches.get(key)
    if cached is None:
        cached = snapshot.text_matches.put(key, _match_text(snapshot, parsed))
    return cached


def _match_text(snapshot: Snapshot, parsed: ParsedQuery) -> _Matches:
    positive = [clause_leaves(c) for c in parsed.positive]
    excluded = 0
    for clause in parsed.negative:
        excluded |= _any_of(snapshot, clause_leaves(clause))
    if not positive:
        return _Matches(snapshot.live.bits & ~excluded)
    clauses = [_any_of(snapshot, leaves) for leaves in positive]
    bits = clauses[0]
    for clause_bits in clauses[1:]:
        bits &= clause_bits
    if not bits and len(clauses) > 1:
        # Nothing has every word: anything with any of them, ranked by how many and how well.
        for clause_bits in clauses:
            bits |= clause_bits
    return _Matches(bits & ~excluded, [leaf for leaves in positive for leaf in leaves])


def _any_of(snapshot: Snapshot, leaves: list[Leaf]) -> int:
    bits = 0
    for name, words, _ in leaves:
        bits |= snapshot.postings(name, words).bits
    return bits


def clause_leaves(clause: Clause) -> list[Leaf]:
    """A clause in any searchable field, weighted by field: (field, terms, weight) each.

    A document's score is the sum of the weighted scores of the leaves it matches, as Whoosh
    adds up the parts of an Or (and of an And) of these terms and phrases. Not DisjunctionMax.
    """
    leaves: list[Leaf] = []
    for sequence, boost in clause.alternatives:
        # A synonym's phrase is looked for in the short fields only: phrase matching reads
        # positions, and in long bodies that is most of the cost of a query.
        fields = FIELD_WEIGHTS if boost == 1.0 or len(sequence) == 1 else SHORT_FIELDS
        for name, weight in fields.items():
            leaves.append((name, tuple(sequence), weight * boost))
    return leaves


def _page(
    snapshot: Snapshot,
    matches: _Matches,
    allowed: int,
    request: SearchQuery,
    first: int,
) -> list[tuple[int, float]]:
    """(document, score) of the page's hits, in the requested order."""
    last = first + request.per_page
    if request.sort == "relevance" and matches.leaves is not None:
        return _top(snapshot, matches.leaves, allowed, last)[first:]
    order = snapshot.order("newest" if request.sort == "relevance" else request.sort)
    flags = snapshot.members(allowed)
    page: list[int] = []
    seen = 0
    for docnum in order:
        if flags[docnum >> 3] >> (docnum & 7) & 1:
            if seen >= first:
                page.append(docnum)
                if len(page) == request.per_page:
                    break
            seen += 1
    if matches.leaves is None:
        return [(docnum, 0.0) for docnum in page]
    return [(docnum, matches.score(snapshot, docnum)) for docnum in page]


def _top(
    snapshot: Snapshot, leaves: list[Leaf], allowed: int, count: int
) -> list[tuple[int, float]]:
    """The `count` best (document, score) among `allowed`: score descending, then document."""
    flags = snapshot.members(allowed)
    scores: dict[int, float] = {}
    get = scores.get
    for name, words, weight in leaves:
        postings = snapshot.postings(name, words)
        for docnum, score in zip(postings.docs, postings.scores, strict=True):
            if flags[docnum >> 3] >> (docnum & 7) & 1:
                scores[docnum] = get(docnum, 0.0) + score * weight
    return heapq.nsmallest(count, scores.items(), key=lambda item: (-item[1], item[0]))


def _hit(snapshot: Snapshot, docnum: int, score: float, terms: frozenset[str]) -> SearchHit:
    stored = snapshot.stored(docnum)
    hit = SearchHit(practice_id=stored["pid"], slug=stored["slug"], score=score)
    if terms:
        hit.highlight = snippet(stored.get("summary", ""), stored.get("body", ""), terms)
        hit.title_highlight = marked_title(stored.get("title", ""), terms)
    return hit


def synonyms_for_app() -> SynonymTable:
    """The synonyms file named by SEARCH_SYNONYMS_FILE, else the one shipped with the app."""
    return load_synonyms(current_app.config.get("SEARCH_SYNONYMS_FILE"))
