"""Search behaviour over a small library (tests/support/search_library.py): what finds what."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest
from flask import Flask
from markupsafe import Markup

from nsc_library.search import (
    FACET_DIMENSIONS,
    SearchQuery,
    SearchUnavailable,
    related_practices,
    search_practices,
)
from nsc_library.search import highlighting as highlighting_module
from nsc_library.search import query as query_module
from nsc_library.search.matching import text_matches
from nsc_library.search.parsing import parse
from nsc_library.search.state import open_snapshot, search_state
from tests.support.search_library import (
    ARCHIVED,
    DRAFT,
    PUBLISHED,
    SUBMITTED,
    UNPUBLISHED_WORD,
    build_library,
    close,
    ids_by_title,
)

TITLES = [r["title"] for r in PUBLISHED]
MALMO, BAERUM, TROMSO, GOTEBORG, AARHUS, ARHUS, SWEDISH, FINNISH, LIGHTHOUSE, DIALOGUE, MODS = (
    TITLES
)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    app = build_library(tmp_path_factory.mktemp("search"))
    yield app
    close(app)


@pytest.fixture(scope="module")
def titles_by_id(library: Flask) -> dict[int, str]:
    return {pid: title for title, pid in ids_by_title(library).items()}


@pytest.fixture
def search(library: Flask, titles_by_id: dict[int, str]):
    """Run a search; the result carries `.titles`, the hits' titles in order."""

    def run(text: str = "", **options):
        with library.app_context():
            results = search_practices(SearchQuery(text=text, **options))
        results.titles = [titles_by_id[h.practice_id] for h in results.hits]
        return results

    return run


# --- Only published practices ------------------------------------------------------------------


def test_unpublished_practices_are_never_found(search) -> None:
    results = search(UNPUBLISHED_WORD)
    assert results.total == 0 and results.hits == []
    assert results.suggestion is None  # not even offered as a spelling
    everything = search("", per_page=100)
    assert everything.total == len(PUBLISHED)
    for unpublished in (DRAFT, SUBMITTED, ARCHIVED):
        assert unpublished["title"] not in everything.titles
    assert "hate-crime" not in everything.facets["theme"]  # only the unpublished have it


def test_unpublished_practices_are_never_related(library: Flask) -> None:
    ids = ids_by_title(library)
    with library.app_context():
        for title in TITLES:
            related = related_practices(ids[title], limit=20)
            assert ids[title] not in related
            assert not {ids[p["title"]] for p in (DRAFT, SUBMITTED, ARCHIVED)} & set(related)


# --- Fields and weights ------------------------------------------------------------------------


def test_a_word_in_the_title_outranks_the_same_word_in_the_description(search) -> None:
    assert search("lighthouse").titles == [LIGHTHOUSE, DIALOGUE]


def test_practices_matching_more_words_rank_higher(search) -> None:
    results = search("lighthouse parents dark")
    assert results.titles[0] == DIALOGUE  # the only one with all three words


# --- Nordic letters, stemming, spelling variants -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("malmo", {MALMO}),
        ("Malmö", {MALMO}),
        ("malmoe", {MALMO}),
        ("baerum", {BAERUM}),
        ("barum", {BAERUM}),
        ("Bærum", {BAERUM}),
        ("tromso", {TROMSO}),
        ("Tromsø", {TROMSO}),
        ("goteborg", {GOTEBORG}),
        ("göteborg", {GOTEBORG}),
        ("aarhus", {AARHUS, ARHUS}),
        ("arhus", {AARHUS, ARHUS}),
        ("Århus", {AARHUS, ARHUS}),
        ("espoo", {FINNISH}),
    ],
)
def test_nordic_letters_are_folded_both_ways(search, text: str, expected: set[str]) -> None:
    # The words decide which practices match, and those come first; a practice only close in
    # meaning may follow them (`göteborg` reads as Swedish to the meaning model: docs/search.md).
    results = search(text)
    assert set(results.titles[: len(expected)]) == expected
    assert results.all_words + results.some_words == len(expected)


def test_spellings_that_share_their_terms_keep_their_own_meaning(library: Flask) -> None:
    """A query's matches are cached per index version: `göteborg` must not be answered with what
    was found for `goteborg` (the same terms, but the meaning model reads them differently), or
    a query's results would depend on what was searched before it."""
    with library.app_context():
        synonyms = query_module.synonyms_for_app()
        with open_snapshot() as snapshot:
            plain = text_matches(snapshot, parse("goteborg", synonyms), synonyms)
            accented = text_matches(snapshot, parse("göteborg", synonyms), synonyms)
    assert plain is not accented
    assert not np.array_equal(plain.meaning, accented.meaning)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mentors", MALMO),  # mentoring
        ("mentor", MALMO),
        ("organized", BAERUM),  # organised
        ("neighborhood", BAERUM),  # neighbourhood
        ("behavior", BAERUM),  # behaviour
        ("recognise", GOTEBORG),  # recognize
        ("radicalization", AARHUS),  # radicalisation
        ("counseling", ARHUS),  # counselling
        ("walking", BAERUM),  # walks
    ],
)
def test_stemming_and_british_american_spellings(search, text: str, expected: str) -> None:
    assert expected in search(text).titles


# --- Synonyms and acronyms ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SSP", AARHUS),  # schools, social services and police
        ("anchor", FINNISH),  # Ankkuri
        ("deradicalisation", TROMSO),  # disengagement
        ("exit", TROMSO),
        ("foreign fighters", ARHUS),  # returnees
        ("hate speech", GOTEBORG),  # online hate
        ("P/CVE", None),
        ("radikalisering", AARHUS),  # radicalisation
        ("preventing", SWEDISH),  # förebyggande
    ],
)
def test_synonyms_and_acronyms_find_each_other(search, text: str, expected: str | None) -> None:
    results = search(text)
    if expected is None:
        assert results.suggestion is None  # a known acronym, not a typo
    else:
        assert expected in results.titles


def test_edited_synonyms_file_is_used_without_reindex(library: Flask, search, tmp_path) -> None:
    assert search("beacon").total == 0
    synonyms = tmp_path / "synonyms.txt"
    synonyms.write_text("# test\nbeacon, lighthouse\n", encoding="utf-8")
    library.config["SEARCH_SYNONYMS_FILE"] = str(synonyms)
    try:
        # Synonyms are looked for in the short fields (docs/search.md): the practice with the
        # word in its title comes first.
        assert search("beacon").titles[0] == LIGHTHOUSE
    finally:
        del library.config["SEARCH_SYNONYMS_FILE"]


# --- Nordic-language write-ups -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("skolan", SWEDISH),
        ("socialtjansten", SWEDISH),
        ("våldsbejakande extremism", SWEDISH),
        ("valdsbejakande", SWEDISH),
        ("nuorten rikollisuutta", FINNISH),
        ("ehkaisevat", FINNISH),
    ],
)
def test_nordic_language_words_find_the_write_ups(search, text: str, expected: str) -> None:
    assert search(text).titles[0] == expected


# --- Query syntax ------------------------------------------------------------------------------


def test_natural_language_query_with_stop_words(search) -> None:
    assert search("help someone leave a neo-nazi group").titles[0] == TROMSO
    assert search("worried parents of a radicalised teenager").total >= 1


def test_quoted_phrase_needs_the_words_together(search) -> None:
    assert search('"online hate"').titles == [GOTEBORG]
    assert search('"hate online"').total == 0


def test_minus_excludes_a_word(search) -> None:
    with_word = search("hate")
    assert GOTEBORG in with_word.titles
    without = search("hate -lessons")
    assert GOTEBORG not in without.titles and without.total == with_word.total - 1


def test_or_finds_either(search) -> None:
    assert set(search("mentoring OR lighthouse").titles) == {MALMO, LIGHTHOUSE, DIALOGUE}


# --- Typos -------------------------------------------------------------------------------------


def test_a_typo_that_finds_nothing_shows_corrected_results(search) -> None:
    results = search("mentorng")
    assert results.titles == [MALMO]
    assert (results.suggestion, results.corrected_from) == ("mentoring", "mentorng")


def test_searching_the_original_anyway(search) -> None:
    results = search("mentorng", correct=False)
    # Only what is close in meaning: no practice has the word as typed.
    assert results.word_matches == 0 and results.corrected_from is None


def test_a_typo_beside_a_good_word_is_suggested_not_forced(search) -> None:
    results = search("Malmo mentorng")
    assert results.total >= 1 and results.corrected_from is None
    assert results.suggestion == "Malmo mentoring"


@pytest.mark.parametrize("text", ["malmo", "Malmo", "tromso", "barum", "lighthouse", "SSP"])
def test_words_in_the_index_are_never_corrected(search, text: str) -> None:
    assert search(text).suggestion is None


def test_no_suggestion_when_nothing_is_close(search) -> None:
    results = search("qwxzv")
    assert results.total == 0 and results.suggestion is None


# --- Facets ------------------------------------------------------------------------------------


def test_facets_cover_every_dimension(search) -> None:
    facets = search("").facets
    assert list(facets) == list(FACET_DIMENSIONS)
    assert facets["country"] == {"NO": 4, "DK": 3, "SE": 3, "FI": 1}
    assert facets["decade"]["2010"] == 5
    assert facets["evaluation"]["none"] == 5


def test_filters_or_within_and_across_dimensions(search) -> None:
    assert search(filters={"country": ["SE", "FI"]}).total == 4
    both = search(filters={"country": ["SE", "FI"], "theme": ["youth-crime"]})
    assert set(both.titles) == {MALMO, FINNISH}


def test_each_dimension_counts_as_if_its_own_selection_were_cleared(search) -> None:
    results = search(filters={"country": ["SE"], "theme": ["radicalisation"]})
    assert results.titles == [SWEDISH]
    # Countries: radicalisation practices anywhere (AARHUS in DK, SWEDISH in SE).
    assert results.facets["country"] == {"DK": 1, "SE": 1}
    # Themes: Swedish practices of any theme.
    assert results.facets["theme"] == {"hate-speech": 1, "radicalisation": 1, "youth-crime": 1}
    # Other dimensions: only the practices passing both filters.
    assert results.facets["evaluation"] == {"process": 1}


def test_facets_follow_the_text_query(search) -> None:
    facets = search("hate").facets
    assert facets["theme"] == {"hate-speech": 2}


def test_year_range_means_active_in_that_range(search) -> None:
    results = search(year_from=2010, year_to=2013)
    # Bærum ran 2008-2012; ongoing ones started before 2014; the one without a year is left out.
    assert set(results.titles) == {BAERUM, TROMSO, AARHUS, FINNISH}


# --- Highlights --------------------------------------------------------------------------------


def test_highlights_are_escaped_except_the_marks(search) -> None:
    hit = search("counter speech").hits[0]
    assert isinstance(hit.highlight, Markup)
    assert "<mark>counter</mark>-<mark>speech</mark>" in hit.highlight
    assert "&lt;script&gt;" in hit.highlight and "<script>" not in hit.highlight
    assert "&lt;b&gt;for&lt;/b&gt;" in hit.title_highlight


def test_highlights_mark_folded_and_stemmed_forms(search) -> None:
    assert "<mark>Malmö</mark>" in search("malmo").hits[0].title_highlight
    assert "<mark>mentors</mark>" in search("mentoring").hits[0].highlight


def test_no_highlight_without_words(search) -> None:
    assert all(h.highlight == Markup("") for h in search("").hits)


def test_only_the_pages_hits_are_highlighted(search, monkeypatch) -> None:
    calls = []
    original = highlighting_module.snippet
    monkeypatch.setattr(query_module, "snippet", lambda *a: calls.append(a) or original(*a))
    results = search("family OR parents OR schools OR hate", per_page=1, page=2)
    assert results.total >= 4 and len(results.hits) == 1
    assert len(calls) == 1


# --- Sorting and pagination --------------------------------------------------------------------


def test_sort_by_title_and_start_year(search) -> None:
    by_title = search(sort="title", per_page=100).titles
    assert by_title == sorted(TITLES, key=str.casefold)
    by_year = search(sort="start_year", per_page=100).titles
    assert by_year[0] == TROMSO and by_year[-1] == LIGHTHOUSE  # no start year: last


def test_newest_first_without_text(search) -> None:
    newest = search(per_page=100).titles
    assert newest == search(sort="newest", per_page=100).titles
    assert newest[0] == MODS and newest[-1] == MALMO  # imported in this order


@pytest.mark.parametrize("sort", ["relevance", "newest", "title", "start_year"])
def test_pages_are_stable_and_complete(search, sort: str) -> None:
    whole = search("family OR schools OR hate OR police", sort=sort, per_page=100)
    assert whole.total > 4
    pages = []
    for page in range(1, (whole.total + 1) // 2 + 2):
        result = search("family OR schools OR hate OR police", sort=sort, per_page=2, page=page)
        assert result.total == whole.total and result.pages == (whole.total + 1) // 2
        pages.extend(result.titles)
    assert pages == whole.titles


def test_a_page_past_the_end_is_empty(search) -> None:
    results = search("", page=99)
    assert results.hits == [] and results.total == len(PUBLISHED)


# --- Related -----------------------------------------------------------------------------------


def test_related_practices_share_words_and_themes(library: Flask, titles_by_id) -> None:
    ids = ids_by_title(library)
    with library.app_context():
        related = [titles_by_id[i] for i in related_practices(ids[LIGHTHOUSE], limit=2)]
    assert related == [DIALOGUE, *related[1:]]
    assert len(related) == 2


def test_related_for_an_unknown_practice_is_empty(library: Flask) -> None:
    with library.app_context():
        assert related_practices(999_999) == []


# --- The index itself --------------------------------------------------------------------------


def test_the_searcher_is_opened_once_and_never_refreshed(library: Flask, search, monkeypatch):
    from whoosh.searching import Searcher

    monkeypatch.setattr(Searcher, "refresh", lambda self: pytest.fail("refresh() duplicates"))
    search("malmo")
    with library.app_context():
        first = search_state().snapshot
    search("tromso")
    with library.app_context():
        assert search_state().snapshot is first


def test_missing_index_makes_search_unavailable_with_a_repair_hint(tmp_path: Path, caplog):
    app = build_library(tmp_path)
    try:
        with app.app_context():
            search_practices(SearchQuery(text="malmo"))
            shutil.rmtree(app.config["INDEX_DIR"])
            caplog.set_level(logging.ERROR)
            with pytest.raises(SearchUnavailable, match="reindex"):
                search_practices(SearchQuery(text="malmo"))
            assert related_practices(1) == []
        assert "flask --app nsc_library reindex" in caplog.text
    finally:
        close(app)


def test_corrupt_index_makes_search_unavailable(tmp_path: Path) -> None:
    app = build_library(tmp_path)
    try:
        with app.app_context():
            index = Path(app.config["INDEX_DIR"])
            for path in index.glob("gen-*/*.toc"):
                path.write_bytes(b"not a table of contents")
            with pytest.raises(SearchUnavailable):
                search_practices(SearchQuery(text="malmo"))
    finally:
        close(app)
