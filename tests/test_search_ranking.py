"""How search finds and orders: partial matches, meaning, other languages, and the bugs of issue 10.

Each test uses a small library of its own, written for the behaviour it proves, so that the
demo library's wording cannot make it pass by accident.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from nsc_library import create_app
from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.search import SearchQuery, search_practices
from nsc_library.search.highlighting import snippet
from nsc_library.search.parsing import parse
from nsc_library.search.query import synonyms_for_app
from nsc_library.search.synonyms import load_synonyms
from tests.support.factories import app_config, import_records
from tests.support.search_library import close, record

GLOSSARY = """\
# a test glossary: one concept
en: worried parents | da: bekymrede forældre | nb: bekymrede foreldre | sv: oroliga föräldrar
"""

LIBRARY = [
    record(
        "Night walkers in Lund",
        "Lund",
        "SE",
        summary="Adult volunteers walk the streets of the town centre on weekend nights.",
        themes=["safe-urban-space"],
    ),
    record(
        "Evening patrols of parents in Kalmar",
        "Kalmar",
        "SE",
        summary="Parents walk in pairs through the streets on Friday and Saturday nights.",
        themes=["safe-urban-space"],
    ),
    record(
        "Adults in the park",
        "Växjö",
        "SE",
        summary="Youth workers and adults meet teenagers in the park at weekends.",
        themes=["youth-crime"],
    ),
    record(
        "Forældrenetværk i Vejle",
        "Vejle",
        "DK",
        language="da",
        summary="Et netværk for bekymrede forældre, der mødes hver måned med en rådgiver.",
        themes=["radicalisation"],
    ),
    record(
        "Support group for mothers and fathers",
        "Umeå",
        "SE",
        summary="Mothers and fathers anxious about their son or daughter meet a counsellor.",
        themes=["radicalisation"],
    ),
    record(
        "Finnish model of early help",
        "Oulu",
        "FI",
        summary="The Finnish model offers fast, low-threshold help to families.",
        description=(
            "The Finnish model offers fast help. "
            + "Staff meet families at home. " * 12
            + "The Finnish model offers fast access to a social worker for every family."
        ),
        themes=["youth-crime"],
    ),
    record(
        "Exit work with former members",
        "Borås",
        "SE",
        summary="Former members of violent groups get help to leave; de-radicalisation takes time.",
        themes=["violent-extremism"],
    ),
]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    folder = tmp_path_factory.mktemp("ranking")
    glossary = folder / "glossary.txt"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    app = create_app(app_config(folder, SEARCH_GLOSSARY_FILE=str(glossary)))
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    import_records(app, LIBRARY)
    yield app
    close(app)


def run(app: Flask, text: str, **options):
    with app.app_context():
        return search_practices(SearchQuery(text=text, **options))


def titles(app: Flask, text: str) -> list[str]:
    with app.app_context():
        results = search_practices(SearchQuery(text=text))
        return [db.session.get(Practice, h.practice_id).title for h in results.hits]


def test_a_long_query_finds_practices_matching_most_of_its_words(library: Flask) -> None:
    found = titles(library, "adults walking the streets on weekend nights")
    assert {"Night walkers in Lund", "Evening patrols of parents in Kalmar"} <= set(found)
    # The practice with most of the words comes first.
    assert found[0] == "Night walkers in Lund"


def test_adding_words_never_drops_what_fewer_words_found(library: Flask) -> None:
    short = titles(library, "walking streets")
    longer = titles(library, "walking streets with teenagers at weekends")
    assert set(short) <= set(longer)


def test_the_count_says_how_many_match_all_and_how_many_some(library: Flask) -> None:
    results = run(library, "streets weekend nights")
    assert results.all_words == 1 and results.some_words >= 1
    page = library.test_client().get("/practices?q=streets+weekend+nights").get_data(as_text=True)
    assert "1 matches all your words;" in page and "more match some of them" in page


@pytest.mark.parametrize("text", ["the", "och", "the and of", "x" * 500, "*** ???"])
def test_a_query_without_searchable_words_says_so(library: Flask, text: str) -> None:
    results = run(library, text)
    assert results.unsearchable and results.total == 0 and not results.hits
    page = library.test_client().get("/practices", query_string={"q": text})
    assert page.status_code == 200
    assert "no words we can look for" in page.get_data(as_text=True)


def test_an_empty_query_still_lists_every_practice(library: Flask) -> None:
    assert run(library, "the").total == 0
    assert run(library, "").total == len(LIBRARY)


def test_a_practice_sharing_no_word_is_found_by_meaning(library: Flask) -> None:
    found = titles(library, "worried parents")
    assert "Support group for mothers and fathers" in found


def test_a_query_in_one_nordic_language_finds_a_write_up_in_another(library: Flask) -> None:
    assert titles(library, "bekymrede foreldre")[0] == "Forældrenetværk i Vejle"
    assert "Forældrenetværk i Vejle" in titles(library, "worried parents")[:2]


def test_acronyms_and_glossary_terms_are_never_corrected(library: Flask) -> None:
    for text in ("PVE", "SSP", "GVI"):
        results = run(library, text)
        assert results.corrected_from is None and results.suggestion is None, text


def test_a_typo_alone_is_still_corrected(library: Flask) -> None:
    results = run(library, "walkres")
    assert results.corrected_from == "walkres" and results.suggestion == "walkers"


def test_only_whole_alternatives_are_highlighted(library: Flask) -> None:
    with library.app_context():
        marked = parse("exit", synonyms_for_app()).terms()
    assert "exit" in marked
    assert not {"de", "work"} & marked  # words of "de-radicalisation" and "exit work"
    hit = run(library, "exit").hits[0]
    assert "<mark>de</mark>" not in hit.highlight


def test_a_snippet_never_shows_the_same_text_twice(library: Flask) -> None:
    hit = next(h for h in run(library, "finnish model fast").hits if "finnish" in h.slug)
    text = str(hit.highlight)
    assert "… …" not in text
    assert text.count("offers <mark>fast</mark>, low-threshold") <= 1
    body = "The Finnish model offers fast, low-threshold help. " + "x " * 20 + "Finnish model."
    assert str(snippet(body, "", frozenset({"finnish", "model"}))).count("low-threshold") == 1


def test_the_shipped_glossary_covers_the_field_in_every_language() -> None:
    table = load_synonyms()
    concepts = set(table.english.values())
    assert len(concepts) >= 150
    found = {seq for seq in table.alternatives}
    for word in ("bekymringssamtal", "radikaliser", "vihapuhe", "natteravn"):
        assert any(word in term for seq in found for term in seq), word


def test_the_meaning_model_loads_with_no_network(tmp_path: Path) -> None:
    script = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from nsc_library.search import semantic\n"
        "v = semantic.embed(['worried parents', 'parents network'])\n"
        "print(round(float(v[0] @ v[1]), 2))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={"HF_HUB_OFFLINE": "0", "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) > 0.4
