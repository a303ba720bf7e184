"""The fast path through Whoosh's internals gives exactly what Whoosh's public API gives.

The fixture library is indexed over several commits (several segments) and has a deleted
document (an archived practice), so both the block reader and the deleted-documents filter are
exercised.
"""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from whoosh import query as wq
from whoosh.codec import whoosh3

from nsc_library.search import SearchQuery, internals, rebuild_index, search_practices, spelling
from nsc_library.search.snapshot import Snapshot
from nsc_library.search.state import SearchState
from nsc_library.search.storage import index_root
from tests.support.search_library import build_library, close

TERMS = [
    ("title", ("mentor",)),
    ("summary", ("mentor",)),
    ("body", ("local",)),
    ("context", ("malmo",)),
    ("summary", ("walk",)),
    ("title", ("zeppelin",)),  # only in unpublished or archived practices
    ("body", ("nothing-like-this",)),
]
PHRASES = [
    ("summary", ("train", "adult")),
    ("body", ("local", "practic")),
    ("title", ("neighbourhood", "safeti")),
]
QUERIES = ["mentoring", "safety walks", '"local practice"', "malmo -youth", "walkres", ""]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    app = build_library(tmp_path_factory.mktemp("internals"))
    yield app
    close(app)


def open_snapshot(app: Flask) -> tuple[SearchState, Snapshot]:
    state = SearchState()
    with app.app_context():
        return state, state.open(index_root())


def postings_of(snapshot: Snapshot, field: str, words: tuple[str, ...]):
    found = snapshot.postings(field, words)
    return list(found.docs), list(found.scores)


@pytest.mark.parametrize(("field", "words"), TERMS + PHRASES)
def test_the_fast_path_reads_the_same_postings_as_the_public_api(
    library: Flask, monkeypatch, field: str, words: tuple[str, ...]
) -> None:
    fast_state, fast = open_snapshot(library)
    monkeypatch.setattr(internals, "ENABLED", False)
    slow_state, slow = open_snapshot(library)
    try:
        assert fast.fast and not slow.fast
        assert postings_of(fast, field, words) == postings_of(slow, field, words)
    finally:
        fast_state.close()
        slow_state.close()


@pytest.mark.parametrize(("field", "words"), TERMS)
def test_term_scores_equal_whooshs_own_search(library: Flask, field: str, words) -> None:
    state, snapshot = open_snapshot(library)
    try:
        hits = snapshot.searcher.search(wq.Term(field, words[0]), limit=None)
        expected = sorted((hit.docnum, hit.score) for hit in hits)
        docs, scores = postings_of(snapshot, field, words)
        assert list(zip(docs, scores, strict=True)) == expected
    finally:
        state.close()


def test_search_without_the_internals_gives_the_same_pages(library: Flask, monkeypatch) -> None:
    def pages() -> list[list[tuple[str, float]]]:
        with library.app_context():
            library.extensions["nsc_search"].close()  # a fresh snapshot
            return [
                [(h.slug, h.score) for h in search_practices(SearchQuery(text=q)).hits]
                for q in QUERIES
            ]

    fast = pages()
    monkeypatch.setattr(internals, "ENABLED", False)
    assert pages() == fast


def test_a_whoosh_without_the_internals_is_noticed_and_searched_through_its_api(
    library: Flask, monkeypatch, caplog
) -> None:
    # As if a later Whoosh had renamed one of the private names read by the fast path.
    monkeypatch.setattr(internals, "REQUIRED", (*internals.REQUIRED, (whoosh3, "W4LeafMatcher")))
    monkeypatch.setattr(internals, "_warned", set())
    with caplog.at_level(logging.WARNING, logger=internals.__name__):
        state, snapshot = open_snapshot(library)
    try:
        assert not snapshot.fast
        assert "W4LeafMatcher" in caplog.text and "public API" in caplog.text
        assert len(snapshot.postings("title", ("mentor",))) >= 1
    finally:
        state.close()


def test_a_rebuild_in_two_processes_answers_like_one_in_one_process(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Large libraries are rebuilt by two processes writing a segment each; the pages, scores
    included, are those of a single-process build."""
    app = build_library(tmp_path_factory.mktemp("parallel"))

    def rebuilt_pages(parallel_from: int) -> tuple[int, list[list[tuple[str, float]]]]:
        app.config["SEARCH_PARALLEL_FROM"] = parallel_from
        with app.app_context():
            rebuild_index()
            app.extensions["nsc_search"].close()
            state, snapshot = open_snapshot(app)
            segments = len(list(snapshot.searcher.reader().leaf_readers()))
            state.close()
            pages = [
                [(h.slug, round(h.score, 9)) for h in search_practices(SearchQuery(text=q)).hits]
                for q in QUERIES
            ]
        return segments, pages

    try:
        one_segment, single = rebuilt_pages(parallel_from=10**9)
        two_segments, parallel = rebuilt_pages(parallel_from=1)
    finally:
        close(app)
    assert (one_segment, two_segments) == (1, 2)
    assert parallel == single and any(single)


@pytest.mark.parametrize(
    "typed", ["mentorng", "mentroing", "neighborhod", "saftey", "walsk", "malmo", "xqzv", "loca"]
)
def test_spelling_corrections_are_the_ones_whooshs_own_search_for_words_gives(
    library: Flask, typed: str
) -> None:
    """Corrections come from edit distances computed in C; they must be the words Whoosh's own
    `terms_within` (Damerau-Levenshtein, in Python) finds, the most frequent first."""
    state, snapshot = open_snapshot(library)
    try:
        reader = snapshot.reader
        expected = None
        for distance in (1, 2) if len(typed) >= 5 else (1,):
            found = [
                w for w in reader.terms_within("spell", typed, distance, prefix=1) if w != typed
            ]
            if found:
                expected = max(found, key=lambda w: (reader.doc_frequency("spell", w), w))
                break
        assert spelling.correction(snapshot, typed) == expected
    finally:
        state.close()
