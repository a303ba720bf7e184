"""Searching: from a SearchQuery to a page of hits with facets, snippets and corrections.

A practice matches when it contains any of the query's words (or a synonym, or the same concept
in another Nordic language from the glossary), or when it is close in meaning (see semantic.py).
Words are not all required, so adding words never empties the page; instead the ranking rewards
practices matching more of them (coordination), the rarer words more, and fuses that word score
with closeness in meaning. Quoted phrases are required; -word excludes.

Matching, filters, facets and sorting work on bitmaps of document numbers and on postings with
Whoosh's BM25F scores, both kept per index version (see snapshot.py); scores are summed as numpy
arrays over document numbers, only the page's hits are kept in order, and only those highlighted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from flask import current_app

from nsc_library.search import facets, semantic, spelling
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
from nsc_library.search.schema import FIELD_WEIGHTS, LONG_FIELDS
from nsc_library.search.snapshot import Snapshot
from nsc_library.search.state import open_snapshot
from nsc_library.search.synonyms import SynonymTable, load_synonyms

MIN_YEAR, MAX_YEAR = 1000, 3000
SHORT_FIELDS = {f: w for f, w in FIELD_WEIGHTS.items() if f not in LONG_FIELDS}


@dataclass(frozen=True)
class Ranking:
    """How word matches and meaning are weighed; see docs/search.md for how these were chosen."""

    # A practice's word score is multiplied by coverage ** coordination, where coverage is the
    # share of the query's words (weighted by rarity) that it contains.
    coordination: float = 2.0
    # Share of closeness in meaning in the fused score (the rest is the word score).
    meaning: float = 0.25
    # Practices that match no word are candidates when this close in meaning ...
    meaning_floor: float = 0.30
    # ... and among the closest this many.
    meaning_candidates: int = 20


RANKING = Ranking()


# One term or phrase in one field, and the weight its score counts with.
Leaf = tuple[str, tuple[str, ...], float]


@dataclass
class _Matches:
    """The documents a text query finds, kept per index version (paging and filters reuse it)."""

    bits: int  # every candidate, as a bitmap
    all_words: int = 0  # those containing every word (or an alternative of it)
    some_words: int = 0  # those containing at least one word
    scores: np.ndarray | None = None  # relevance by document number; None without text
    # Closeness in meaning by document number, and the documents that may be added for it
    # (not excluded, with every required phrase).
    meaning: np.ndarray | None = None
    eligible: int = 0


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
    matches = _text_matches(snapshot, parsed, synonyms)
    base = matches.bits
    years = snapshot.live.bits
    if request.year_from is not None or request.year_to is not None:
        years = snapshot.active_between(request.year_from, request.year_to)
        base &= years
    chosen = facets.selections(snapshot, request.filters)
    if chosen and matches.meaning is not None:
        # The closest in meaning among the filtered practices too, not only among all.
        within = facets.filtered(matches.eligible & years, chosen)
        base |= _nearest(snapshot, matches.meaning, within)
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


def _text_matches(snapshot: Snapshot, parsed: ParsedQuery, synonyms: SynonymTable) -> _Matches:
    """Documents found by the text, with their scores; cached per index version."""
    if parsed.unsearchable:
        return _Matches(0)
    key = repr(parsed.clauses)
    cached = snapshot.text_matches.get(key)
    if cached is None:
        cached = snapshot.text_matches.put(key, _match_text(snapshot, parsed, synonyms))
    return cached


def _match_text(snapshot: Snapshot, parsed: ParsedQuery, synonyms: SynonymTable) -> _Matches:
    live = snapshot.live.bits
    for clause in parsed.negative:
        for leaves in clause_leaves(clause):
            live &= ~_bits_of(snapshot, leaves)
    positive = parsed.positive
    if not positive:
        return _Matches(live)
    required = live
    for clause in positive:
        if clause.required:
            required &= _clause_bits(snapshot, clause)
    words, coverage, all_words, some_words = _word_scores(snapshot, positive)
    meaning = _closeness(snapshot, parsed, synonyms)
    candidates = (some_words | _nearest(snapshot, meaning, required)) & required
    scores = _fused(snapshot, words * coverage**RANKING.coordination, meaning, required)
    return _Matches(
        candidates, all_words & candidates, some_words & candidates, scores, meaning, required
    )


def _word_scores(
    snapshot: Snapshot, clauses: list[Clause]
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Each document's word score (the sum of its clauses' best alternatives), the rarity-weighted
    share of clauses it matches, and the bitmaps of documents matching all and any clauses."""
    size = snapshot.size
    total = np.zeros(size)
    covered = np.zeros(size)
    weights = 0.0
    all_bits, any_bits = snapshot.live.bits, 0
    for clause in clauses:
        best = np.zeros(size)
        bits = 0
        for leaves in clause_leaves(clause):
            alternative = np.zeros(size)
            for name, words, weight in leaves:
                postings = snapshot.postings(name, words)
                if len(postings):
                    docs = np.frombuffer(postings.docs, dtype=np.int64)
                    alternative[docs] += np.frombuffer(postings.scores) * weight
                    bits |= postings.bits
            np.maximum(best, alternative, out=best)
        rarity = math.log(1 + snapshot.size / (1 + bits.bit_count()))
        covered += (best > 0) * rarity
        weights += rarity
        total += best
        all_bits &= bits
        any_bits |= bits
    coverage = covered / weights if weights else covered
    return total, coverage, all_bits, any_bits


def _closeness(snapshot: Snapshot, parsed: ParsedQuery, synonyms: SynonymTable) -> np.ndarray:
    """Each document's closeness in meaning to the query (cosine, 0 without vectors)."""
    vectors = snapshot.vectors()
    text = meaning_text(parsed, synonyms)
    if not text or not snapshot.has_vectors:
        return np.zeros(snapshot.size)
    return vectors @ semantic.embed([text])[0]


def meaning_text(parsed: ParsedQuery, synonyms: SynonymTable) -> str:
    """What the query means, for the meaning model: its own words, and the English name of any
    glossary concept in it (the model reads English best)."""
    english = {
        synonyms.english[seq]
        for clause in parsed.positive
        for seq, _ in clause.alternatives
        if seq in synonyms.english
    }
    own = " ".join(w.text for w in parsed.words)
    return " ".join([own, *sorted(english - {own})]).strip()


def _nearest(snapshot: Snapshot, meaning: np.ndarray, allowed: int) -> int:
    """The documents closest in meaning (at most `meaning_candidates`, above the floor)."""
    close = np.flatnonzero((meaning >= RANKING.meaning_floor) & snapshot.mask(allowed))
    if len(close) > RANKING.meaning_candidates:
        order = np.argpartition(-meaning[close], RANKING.meaning_candidates)
        close = close[order[: RANKING.meaning_candidates]]
    return snapshot.docset(set(close.tolist())).bits if len(close) else 0


def _fused(snapshot: Snapshot, words: np.ndarray, meaning: np.ndarray, eligible: int) -> np.ndarray:
    """Word score and closeness in meaning, each scaled to 0..1 over the eligible, weighed."""
    mask = snapshot.mask(eligible)
    if not mask.any():
        return np.zeros(snapshot.size)
    top_words = words[mask].max()
    scaled_words = words / top_words if top_words > 0 else words
    low, high = RANKING.meaning_floor, meaning[mask].max()
    scaled_meaning = np.clip((meaning - low) / (high - low), 0, 1) if high > low else meaning * 0
    fused = (1 - RANKING.meaning) * scaled_words + RANKING.meaning * scaled_meaning
    return np.where(mask, fused, 0.0)


def _clause_bits(snapshot: Snapshot, clause: Clause) -> int:
    bits = 0
    for leaves in clause_leaves(clause):
        bits |= _bits_of(snapshot, leaves)
    return bits


def _bits_of(snapshot: Snapshot, leaves: list[Leaf]) -> int:
    bits = 0
    for name, words, _ in leaves:
        bits |= snapshot.postings(name, words).bits
    return bits


def clause_leaves(clause: Clause) -> list[list[Leaf]]:
    """Each alternative of a clause in every searchable field, weighted by field.

    A document's score for the clause is its best alternative's: the sum of that alternative's
    weighted scores over the fields (as Whoosh adds up the parts of an Or). A write-up that uses
    three synonyms of one word does not count three times.
    """
    alternatives: list[list[Leaf]] = []
    for sequence, boost in clause.alternatives:
        # Synonyms and translations are looked for in the short fields only: a glossary concept
        # has dozens of forms, and reading each one's postings in the long bodies cost a quarter
        # of the p95 at 10,000 practices for no measurable gain in quality (docs/search.md).
        fields = FIELD_WEIGHTS if boost == 1.0 else SHORT_FIELDS
        alternatives.append(
            [(name, tuple(sequence), weight * boost) for name, weight in fields.items()]
        )
    return alternatives


def _page(
    snapshot: Snapshot,
    matches: _Matches,
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
