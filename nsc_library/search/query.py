"""Searching: from a SearchQuery to a page of hits with facets, snippets and corrections.

How words and meaning match and rank is in matching.py.

Matching, filters, facets and sorting work on bitmaps of document numbers and on postings with
Whoosh's BM25F scores, both kept per index version (see snapshot.py); scores are summed as numpy
arrays over document numbers, only the page's hits are kept in order, and only those highlighted.
"""

from __future__ import annotations

import logging
import math
from dataclasses import replace

import numpy as np
from flask import current_app

from nsc_library.search import facets, semantic, spelling, storage
from nsc_library.search.highlighting import marked_title, snippet
from nsc_library.search.interface import (
    FACET_DIMENSIONS,
    MAX_PAGE,
    MAX_PER_PAGE,
    SORTS,
    SearchHit,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
)
from nsc_library.search.matching import Matches, nearest, text_matches
from nsc_library.search.parsing import ParsedQuery, parse
from nsc_library.search.snapshot import Snapshot
from nsc_library.search.state import open_snapshot
from nsc_library.search.synonyms import SynonymTable, load_synonyms

log = logging.getLogger(__name__)
# Postings a server process reads before its first request (about 16 bytes each).
WARM_POSTINGS = 1_000_000

MIN_YEAR, MAX_YEAR = 1000, 3000


def search_practices(query: SearchQuery) -> SearchResults:
    """One page of published practices for `query`. Raises SearchUnavailable, nothing else."""
    request = normalised(query)
    synonyms = synonyms_for_app()
    parsed = parse(request.text, synonyms)
    with open_snapshot() as snapshot:
        if not parsed.words:
            return _search(snapshot, request, parsed, synonyms)
        rewrite = spelling.rewrite(snapshot, parsed, synonyms)
        if rewrite.suggestion and not rewrite.any_known and request.correct:
            # No word as typed is in the library: show the corrected query's results.
            fixed, text = parse(rewrite.suggestion, synonyms), rewrite.suggestion
            corrected = _search(snapshot, replace(request, text=text), fixed, synonyms)
            if corrected.word_matches:
                corrected.suggestion, corrected.corrected_from = rewrite.suggestion, request.text
                return corrected
        if request.correct and rewrite.text != parsed.text:
            # Compounds split and misspelt words ORed with their correction.
            parsed = parse(rewrite.text, synonyms)
        results = _search(snapshot, request, parsed, synonyms)
        results.suggestion = rewrite.suggestion
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


def _search(
    snapshot: Snapshot, request: SearchQuery, parsed: ParsedQuery, synonyms: SynonymTable
) -> SearchResults:
    matches = text_matches(snapshot, parsed, synonyms)
    base = matches.bits
    years = snapshot.live.bits
    if request.year_from is not None or request.year_to is not None:
        years = snapshot.active_between(request.year_from, request.year_to)
        base &= years
    chosen = facets.selections(snapshot, request.filters)
    if chosen and matches.meaning is not None:
        # The closest in meaning among the filtered practices too, not only among all.
        within = facets.filtered(matches.eligible & years, chosen)
        base |= nearest(snapshot, matches.meaning, within)
    allowed = facets.filtered(base, chosen)
    total = allowed.bit_count()
    first = (request.page - 1) * request.per_page
    page_docs = _page(snapshot, matches, allowed, request, first) if first < total else []
    terms = frozenset(parsed.terms())
    hits = [_hit(snapshot, docnum, score, terms) for docnum, score in page_docs]
    all_words = (allowed & matches.all_words).bit_count()
    return SearchResults(
        hits=hits,
        total=total,
        page=request.page,
        per_page=request.per_page,
        pages=math.ceil(total / request.per_page),
        facets=facets.facet_counts(snapshot, base, chosen, request.filters),
        all_words=all_words,
        some_words=(allowed & matches.some_words).bit_count() - all_words,
        unsearchable=parsed.unsearchable,
    )


def _page(
    snapshot: Snapshot,
    matches: Matches,
    allowed: int,
    request: SearchQuery,
    first: int,
) -> list[tuple[int, float]]:
    """(document, score) of the page's hits, in the requested order."""
    last = first + request.per_page
    if request.sort == "relevance" and matches.scores is not None:
        return _top(snapshot, matches.scores, allowed, last)[first:]
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
    scores = matches.scores
    return [(docnum, float(scores[docnum]) if scores is not None else 0.0) for docnum in page]


def _top(
    snapshot: Snapshot, scores: np.ndarray, allowed: int, count: int
) -> list[tuple[int, float]]:
    """The `count` best (document, score) among `allowed`: score descending, then practice id,
    so that ties keep their order in any build of the index."""
    docs = np.flatnonzero(snapshot.mask(allowed))
    if len(docs) > count:
        # Keep every document tied with the last one kept, so the order stays stable.
        cut = np.partition(-scores[docs], count - 1)[count - 1]
        docs = docs[-scores[docs] <= cut]
    pid = snapshot.column("pid")
    ranked = sorted(
        zip(docs.tolist(), scores[docs].tolist(), strict=True),
        key=lambda item: (-item[1], pid[item[0]]),
    )
    return ranked[:count]


def _hit(snapshot: Snapshot, docnum: int, score: float, terms: frozenset[str]) -> SearchHit:
    stored = snapshot.stored(docnum)
    hit = SearchHit(practice_id=stored["pid"], slug=stored["slug"], score=score)
    if terms:
        hit.highlight = snippet(stored.get("summary", ""), stored.get("body", ""), terms)
        hit.title_highlight = marked_title(stored.get("title", ""), terms)
    return hit


def synonyms_for_app() -> SynonymTable:
    """The synonyms and glossary files named in the configuration, else those shipped."""
    config = current_app.config
    return load_synonyms(config.get("SEARCH_SYNONYMS_FILE"), config.get("SEARCH_GLOSSARY_FILE"))


def warm_up() -> None:
    """Open the index and load what the first search would: the meaning model, the synonyms,
    the vectors, the sort orders, the facet values, the words spelling corrections are chosen
    from and the postings of the most frequent words. A server process calls it before taking
    requests, so that its first visitor does not wait for them. Needs an app context; an
    unusable index is left for the first search to report."""
    semantic.embed(["prevention"])  # loads the model, and the tokenizer's first use
    synonyms_for_app()
    try:
        with open_snapshot() as snapshot:
            snapshot.vectors()
            snapshot.order("newest")
            snapshot.live  # noqa: B018  (computed on first use)
            for dimension in FACET_DIMENSIONS:
                snapshot.values(dimension)
            snapshot.words_by_initial(spelling.SPELL_FIELD)
            generation = storage.current_generation(storage.index_root())
            if generation is not None:
                read_frequent_postings(snapshot, storage.read_frequent_terms(generation))
    except SearchUnavailable:
        log.warning("search index not warmed up: it is unavailable")


def read_frequent_postings(snapshot: Snapshot, terms: dict[str, list[str]]) -> int:
    """Read the postings of the most frequent words, each field's first words first, up to
    WARM_POSTINGS in all: the longest postings, which a first search would wait for longest.
    Returns how many were read."""
    read = 0
    for rank in range(max(map(len, terms.values()), default=0)):
        for field, words in terms.items():
            if rank < len(words):
                read += len(snapshot.postings(field, (words[rank],)))
                if read >= WARM_POSTINGS:
                    return read
    return read
