"""Any input is safe: hostile text and parameters give results or nothing, never an error."""

from __future__ import annotations

import pytest
from flask import Flask

from nsc_library.search import SearchQuery, SearchResults, search_practices
from nsc_library.search.parsing import MAX_QUERY_CHARS, clean, parse
from nsc_library.search.synonyms import load_synonyms
from tests.support.search_library import build_library, close, ids_by_title

MALMO = "Mentoring young people in Malmö"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    app = build_library(tmp_path_factory.mktemp("input"))
    yield app
    close(app)


def run(app: Flask, query: SearchQuery) -> SearchResults:
    with app.app_context():
        return search_practices(query)


HOSTILE = [
    '"unbalanced',
    'unbalanced"',
    '""',
    '"',
    '"""',
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "-",
    "--",
    "*",
    "?",
    "**",
    "title:",
    "title:*",
    "NOT NOT x",
    "NOT NOT NOT",
    "(((",
    ")",
    "[a TO z]",
    "{}",
    "^2",
    "~",
    "mal*",
    "\\",
    "x" * 10_000,
    "malmo " * 3_000,
    "a" * 200 + " " + "b" * 200,
    "\x00\x01\x02\x1b[31m",
    "\u200b\u200e\u202e",
    "\ud800",
    "\ufffd\ufffd",
    "%E0%A4%A",
    "%%%",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "💥🔥",
    "١٢٣ שלום",
    "\t\n\r",
    "   ",
    "-malmo -mentoring",
    "NOT malmo",
    "OR OR OR malmo",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_gives_results_or_nothing(library: Flask, text: str) -> None:
    results = run(library, SearchQuery(text=text))
    assert results.total >= 0 and len(results.hits) <= results.per_page
    for hit in results.hits:
        assert "<script" not in hit.highlight and "<script" not in hit.title_highlight


@pytest.mark.parametrize(
    "text",
    [
        "title:malmo",
        '"malmo',
        "malmo\x00",
        "\x1bmalmo",
        "NOT NOT malmo",
        "malmo AND",
        "OR malmo OR",
        "+malmo",
        "malmo*",
        "malmo" + "\u200b",
        "(malmo)",
    ],
)
def test_the_word_inside_the_noise_is_still_found(library: Flask, text: str) -> None:
    titles = {pid: t for t, pid in ids_by_title(library).items()}
    results = run(library, SearchQuery(text=text))
    assert [titles[h.practice_id] for h in results.hits][:1] == [MALMO]


def test_long_input_is_cut_before_parsing() -> None:
    parsed = parse("mentoring " + "y" * 10_000 + " malmo" * 5_000, load_synonyms())
    assert len(parsed.text) <= MAX_QUERY_CHARS
    assert [c.alternatives[0][0] for c in parsed.clauses] == [("mentor",)]


def test_cleaning_removes_control_characters_and_balances_quotes() -> None:
    assert clean('a\x00b\x1b "c') == "a b c"
    assert clean("“quoted”") == '"quoted"'


@pytest.mark.parametrize(
    "options",
    [
        {"page": 0},
        {"page": -3},
        {"page": "x"},
        {"page": 10**12},
        {"per_page": 0},
        {"per_page": -1},
        {"per_page": 10**9},
        {"per_page": None},
        {"sort": "drop table"},
        {"sort": None},
        {"year_from": "abc"},
        {"year_from": 10**30},
        {"year_to": -5},
        {"year_from": 2030, "year_to": 1990},
        {"filters": {"theme": "youth-crime"}},
        {"filters": {"bogus": ["x"], "country": ["se", "", "SE"]}},
        {"filters": {"decade": [2010, None]}},
        {"filters": {"theme": ["x" * 10_000] * 500}},
        {"filters": None},
        {"text": None},
        {"text": 42},
    ],
)
def test_odd_parameters_fall_back_to_sane_values(library: Flask, options: dict) -> None:
    results = run(library, SearchQuery(**options))
    assert 1 <= results.page and 1 <= results.per_page <= 100
    assert results.total >= 0 and len(results.hits) <= results.per_page


def test_lower_case_country_codes_filter_like_upper_case(library: Flask) -> None:
    lower = run(library, SearchQuery(filters={"country": ["se"]}))
    upper = run(library, SearchQuery(filters={"country": ["SE"]}))
    assert lower.total == upper.total == 3
