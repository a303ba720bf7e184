"""“Did you mean …”: corrections from the index's own vocabulary (the dedicated `spell` field).

A word is only corrected when none of its terms occurs in any searchable field, it is not in the
synonyms list or glossary, and it is not typed as an acronym: `Malmo` is a place in the index and
is never "corrected" to `also`, nor `PVE` (preventing violent extremism) to `PRE`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from nsc_library.search.analysis import terms
from nsc_library.search.parsing import ParsedQuery, Word
from nsc_library.search.schema import TEXT_FIELDS
from nsc_library.search.snapshot import Snapshot
from nsc_library.search.synonyms import SynonymTable

_PUNCTUATION = "".join(chr(c) for c in range(0x20, 0x7F) if not chr(c).isalnum()) + "…–—’‘"
SPELL_FIELD = "spell"
MIN_WORD_CHARS = 3
MAX_CORRECTED_WORDS = 6
MAX_ACRONYM_CHARS = 6
# Each part of a split compound is a word of its own, at least this long.
MIN_PART_CHARS = 4


def is_acronym(word: str) -> bool:
    """A short word typed in capitals (SSP, PVE, P/CVE): a term of the field, not a typo."""
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= MAX_ACRONYM_CHARS and all(c.isupper() for c in letters)


def is_known(snapshot: Snapshot, word: str, synonyms: SynonymTable) -> bool:
    """True if the word means something to the index (or is only stop words and symbols)."""
    reader = snapshot.reader
    known_terms = synonyms.known_terms
    for term in terms(word):
        if term in known_terms:
            continue
        if not any(reader.doc_frequency(f, term) for f in TEXT_FIELDS):
            return False
    return True


def correction(snapshot: Snapshot, word: str) -> str | None:
    """The most frequent vocabulary word one edit away, else two edits away (longer words).

    Edits are counted as Whoosh's `terms_within` counts them (Damerau-Levenshtein, adjacent
    transpositions: rapidfuzz's OSA), among the words with the same first letter, in C."""
    lower = word.lower()
    if len(lower) < MIN_WORD_CHARS or not lower.isalpha():
        return None
    vocabulary = snapshot.words_by_initial(SPELL_FIELD).get(lower[0], [])
    furthest = 2 if len(lower) >= 5 else 1
    distances = process.cdist([lower], vocabulary, scorer=OSA.distance, score_cutoff=furthest)
    reader = snapshot.reader
    for distance in range(1, furthest + 1):
        candidates = [vocabulary[i] for i in np.flatnonzero(distances[0] == distance)]
        if candidates:
            return max(candidates, key=lambda c: (reader.doc_frequency(SPELL_FIELD, c), c))
    return None


@dataclass
class Rewrite:
    """A query as searched: compounds split, unknown words ORed with their correction; and the
    corrected text to suggest ("Did you mean …"), if any word was corrected."""

    text: str
    suggestion: str | None = None
    # Whether some word as typed (or split) is in the index: if none is, the corrected query is
    # searched instead of the typed one.
    any_known: bool = False


def rewrite(snapshot: Snapshot, parsed: ParsedQuery, synonyms: SynonymTable) -> Rewrite:
    """How to search for what was typed, and what to suggest instead."""
    searched: list[tuple[Word, str]] = []
    suggested: list[tuple[Word, str]] = []
    any_known = False
    for word in map(_core, parsed.words):
        if is_known(snapshot, word.text, synonyms):
            any_known = True
            continue
        if len(suggested) >= MAX_CORRECTED_WORDS or is_acronym(word.text):
            continue
        parts = split_compound(snapshot, word.text, synonyms)
        if parts:
            searched.append((word, " ".join(parts)))
            any_known = True
            continue
        better = correction(snapshot, word.text)
        if better:
            searched.append((word, f"{word.text} OR {better}"))
            suggested.append((word, _same_case(word.text, better)))
    return Rewrite(
        _replaced(parsed.text, searched),
        _replaced(parsed.text, suggested) if suggested else None,
        any_known,
    )


def split_compound(snapshot: Snapshot, word: str, synonyms: SynonymTable) -> tuple[str, ...]:
    """An unknown compound as two known words, longest first part first: `exitverksamhet` ->
    (`exit`, `verksamhet`), `kriminalitetsforebygging` -> (`kriminalitet`, `forebygging`).
    Nordic languages write compounds as one word, often with a linking s. () if none."""
    lower = word.lower()
    if len(lower) < 2 * MIN_PART_CHARS or not lower.isalpha():
        return ()
    for cut in range(len(lower) - MIN_PART_CHARS, MIN_PART_CHARS - 1, -1):
        left, right = lower[:cut], lower[cut:]
        if not is_known(snapshot, right, synonyms):
            continue
        for first in (left, left[:-1] if left.endswith("s") else ""):
            if len(first) >= MIN_PART_CHARS and is_known(snapshot, first, synonyms):
                return first, right
    return ()


def _replaced(text: str, replacements: list[tuple[Word, str]]) -> str:
    offset = 0
    for word, better in replacements:
        start, end = word.start + offset, word.end + offset
        text = text[:start] + better + text[end:]
        offset += len(better) - (word.end - word.start)
    return text


def _core(word: Word) -> Word:
    """The word without punctuation around it: `malmo,` -> `malmo`."""
    core = word.text.strip(_PUNCTUATION)
    start = word.start + word.text.find(core) if core else word.start
    return Word(core, start, start + len(core))


def _same_case(original: str, better: str) -> str:
    if original.isupper() and len(original) > 1:
        return better.upper()
    if original[:1].isupper():
        return better[:1].upper() + better[1:]
    return better
