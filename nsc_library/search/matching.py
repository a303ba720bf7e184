"""Matching and ranking a query's words and meaning, on an index snapshot.

A practice matches when it contains any of the query's words (or a synonym, or the same concept
in another Nordic language from the glossary), or when it is close in meaning (see semantic.py).
Words are not all required, so adding words never empties the page; instead the ranking rewards
practices matching more of them (coordination), the rarer words more, and fuses that word score
with closeness in meaning. Quoted phrases are required; -word excludes.

Scores are Whoosh's BM25F postings kept per index version (see snapshot.py), summed as numpy
arrays over document numbers; the documents found are bitmaps of document numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nsc_library.search import semantic
from nsc_library.search.parsing import Clause, ParsedQuery
from nsc_library.search.schema import FIELD_WEIGHTS, LONG_FIELDS
from nsc_library.search.snapshot import Snapshot
from nsc_library.search.synonyms import SynonymTable

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
class Matches:
    """The documents a text query finds, kept per index version (paging and filters reuse it)."""

    bits: int  # every candidate, as a bitmap
    all_words: int = 0  # those containing every word (or an alternative of it)
    some_words: int = 0  # those containing at least one word
    scores: np.ndarray | None = None  # relevance by document number; None without text
    # Closeness in meaning by document number, and the documents that may be added for it
    # (not excluded, with every required phrase).
    meaning: np.ndarray | None = None
    eligible: int = 0


def text_matches(snapshot: Snapshot, parsed: ParsedQuery, synonyms: SynonymTable) -> Matches:
    """Documents found by the text, with their scores; cached per index version."""
    if parsed.unsearchable:
        return Matches(0)
    # Two spellings can share their terms (goteborg, göteborg) but not their meaning: the model
    # reads the words as typed.
    key = repr((parsed.clauses, meaning_text(parsed, synonyms)))
    cached = snapshot.text_matches.get(key)
    if cached is None:
        cached = snapshot.text_matches.put(key, _match_text(snapshot, parsed, synonyms))
    return cached


def _match_text(snapshot: Snapshot, parsed: ParsedQuery, synonyms: SynonymTable) -> Matches:
    live = snapshot.live.bits
    for clause in parsed.negative:
        for leaves in clause_leaves(clause):
            live &= ~_bits_of(snapshot, leaves)
    positive = parsed.positive
    if not positive:
        return Matches(live)
    required = live
    for clause in positive:
        if clause.required:
            required &= _clause_bits(snapshot, clause)
    words, coverage, all_words, some_words = _word_scores(snapshot, positive)
    meaning = _closeness(snapshot, parsed, synonyms)
    candidates = (some_words | nearest(snapshot, meaning, required)) & required
    scores = _fused(snapshot, words * coverage**RANKING.coordination, meaning, required)
    return Matches(
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


def nearest(snapshot: Snapshot, meaning: np.ndarray, allowed: int) -> int:
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
