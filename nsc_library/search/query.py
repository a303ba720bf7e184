"""Searching: from a SearchQuery to a page of hits with facets, snippets and corrections.

Text matches every word (each word: any field, or a synonym), and when that finds nothing, any
word, ranked by how many words a practice matches. Filters, facets and non-relevance sorting
work on document sets kept per index version (see snapshot.py); Whoosh scores the text and
returns only the page's hits, and only those are highlighted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from flask import current_app
from whoosh import query as wq

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
from nsc_library.search.snapshot import DocSet, Snapshot
from nsc_library.search.state import open_snapshot
from nsc_library.search.synonyms import SynonymTable, load_synonyms

MIN_YEAR, MAX_YEAR = 1000, 3000
SHORT_FIELDS = {f: w for f, w in FIELD_WEIGHTS.items() if f != "body"}


@dataclass
class _Matches:
    docs: DocSet
    ranked: list[int] | None = None  # by relevance, best first; None without text
    scores: dict[int, float] = field(default_factory=dict)


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
    base = matches.docs
    if request.year_from is not None or request.year_to is not None:
        base = snapshot.docset(
            set(base.docs & snapshot.active_between(request.year_from, request.year_to))
        )
    chosen = facets.selections(snapshot, request.filters)
    allowed = facets.filtered(base, chosen)
    total = len(allowed)
    first = (request.page - 1) * request.per_page
    page_docs = _page(snapshot, matches, allowed, request, first)
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

    One scored pass over all matches gives both the set (for filters and facets) and the order:
    Whoosh builds the matchers of a query once instead of twice. The result is kept with the
    index version, so paging and changing filters do not search the text again.
    """
    key = repr(parsed.clauses)
    cached = snapshot.text_matches.get(key)
    if cached is None:
        cached = snapshot.text_matches.put(key, _match_text(snapshot, parsed))
    return cached


def _match_text(snapshot: Snapshot, parsed: ParsedQuery) -> _Matches:
    searcher = snapshot.searcher
    positive = [clause_query(c) for c in parsed.positive]
    negative = [clause_query(c) for c in parsed.negative]
    excluded = set(searcher.docs_for_query(wq.Or(negative))) if negative else set()
    if not positive:
        if not excluded:
            return _Matches(snapshot.live)
        return _Matches(snapshot.docset(set(snapshot.live.docs - excluded)))
    ranked = _ranked(snapshot, wq.And(positive) if len(positive) > 1 else positive[0])
    if not ranked and len(positive) > 1:
        ranked = _ranked(snapshot, wq.Or(positive))
    if excluded:
        ranked = [(score, doc) for score, doc in ranked if doc not in excluded]
    return _Matches(
        snapshot.docset({doc for _, doc in ranked}),
        [doc for _, doc in ranked],
        {doc: score for score, doc in ranked},
    )


def _ranked(snapshot: Snapshot, text_query: wq.Query) -> list[tuple[float, int]]:
    """(score, document) of every match, best first, ties in document order."""
    return snapshot.searcher.search(text_query, limit=None, terms=False).top_n


def clause_query(clause: Clause) -> wq.Query:
    """A clause in any searchable field, weighted by field.

    Field scores add up (as Whoosh's MultifieldParser does). Not DisjunctionMax: in whoosh 2.7
    its matcher takes the best score of its parts without checking they are on the same
    document, so every match gets the same score.
    """
    options = []
    for sequence, boost in clause.alternatives:
        # A synonym's phrase is looked for in the short fields only: phrase matching reads
        # positions, and in long bodies that is most of the cost of a query.
        fields = FIELD_WEIGHTS if boost == 1.0 or len(sequence) == 1 else SHORT_FIELDS
        for name, weight in fields.items():
            if len(sequence) == 1:
                options.append(wq.Term(name, sequence[0], boost=weight * boost))
            else:
                options.append(wq.Phrase(name, list(sequence), boost=weight * boost))
    return wq.Or(options)


def _page(
    snapshot: Snapshot,
    matches: _Matches,
    allowed: frozenset[int],
    request: SearchQuery,
    first: int,
) -> list[tuple[int, float]]:
    """(document, score) of the page's hits, in the requested order."""
    if first >= len(allowed):
        return []
    if request.sort == "relevance" and matches.ranked is not None:
        order = matches.ranked
    else:
        order = snapshot.order("newest" if request.sort == "relevance" else request.sort)
    page: list[tuple[int, float]] = []
    seen = 0
    for docnum in order:
        if docnum in allowed:
            if seen >= first:
                page.append((docnum, matches.scores.get(docnum, 0.0)))
                if len(page) == request.per_page:
                    break
            seen += 1
    return page


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
