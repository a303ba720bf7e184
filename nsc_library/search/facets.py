"""Filters and facet counts: OR within a dimension, AND across, each dimension counted as if its
own selection were cleared (so the user sees what choosing another value would give).
"""

from __future__ import annotations

from nsc_library.search.interface import FACET_DIMENSIONS
from nsc_library.search.snapshot import Snapshot

MAX_VALUES_PER_DIMENSION = 50


def clean_filters(filters: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """Known dimensions only, values as strings, duplicates and blanks dropped, sizes capped."""
    cleaned: dict[str, list[str]] = {}
    for dimension, values in (filters or {}).items():
        if dimension not in FACET_DIMENSIONS or not values:
            continue
        if isinstance(values, str):
            values = [values]
        wanted = []
        for value in list(values)[:MAX_VALUES_PER_DIMENSION]:
            text = str(value).strip()[:60]
            if dimension == "country":
                text = text.upper()
            if text and text not in wanted:
                wanted.append(text)
        if wanted:
            cleaned[dimension] = wanted
    return cleaned


def selections(snapshot: Snapshot, filters: dict[str, list[str]]) -> dict[str, int]:
    """For each filtered dimension, the documents (a bitmap) having any of the chosen values."""
    chosen: dict[str, int] = {}
    for dimension, wanted in filters.items():
        sets = snapshot.values(dimension)
        bits = 0
        for value in wanted:
            if value in sets:
                bits |= sets[value].bits
        chosen[dimension] = bits
    return chosen


def filtered(base: int, chosen: dict[str, int]) -> int:
    """The documents of `base` that pass every filter."""
    for selection in chosen.values():
        base &= selection
    return base


def facet_counts(
    snapshot: Snapshot, base: int, chosen: dict[str, int], filters: dict[str, list[str]]
) -> dict[str, dict[str, int]]:
    """Counts per value of every dimension; chosen values are listed even when their count is 0."""
    counts: dict[str, dict[str, int]] = {}
    for dimension in FACET_DIMENSIONS:
        bits = base
        for other, selection in chosen.items():
            if other != dimension:
                bits &= selection
        found = {}
        for value, docs in snapshot.values(dimension).items():
            count = (bits & docs.bits).bit_count() if bits else 0
            if count or value in filters.get(dimension, ()):
                found[value] = count
        for value in filters.get(dimension, ()):
            found.setdefault(value, 0)
        counts[dimension] = dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))
    return counts
