"""Search quality over the demo library: the right practice on the first screen.

Each query lists the practices that are a right answer (slug prefixes; several when several
are equally right). The suite measures the mean reciprocal rank of the first right answer in
the top ten, and fails if it drops below the level reached when this was written.
"""

from __future__ import annotations

import pytest
from flask import Flask

from nsc_library import create_app
from nsc_library.search import SearchQuery, search_practices
from tests.factories import app_config
from tests.search_library import close

# Reached 0.979 on the demo library (60 queries); one query dropping a rank or two stays above.
MINIMUM_MRR = 0.97
TOP = 10

QUERIES: list[tuple[str, list[str]]] = [
    ("malmo", ["sluta-skjut"]),
    ("baerum", ["radius"]),
    ("barum", ["radius"]),
    ("tromso", ["tryggere-tromso"]),
    ("goteborg", ["dialogue-police"]),
    ("aarhus", ["the-aarhus-model"]),
    ("arhus", ["the-aarhus-model"]),
    ("kobenhavn mentor", ["mentorforlob"]),
    ("help someone leave a neo-nazi group", ["exit-fryshuset"]),
    ("worried parents of a radicalised teenager", ["radius"]),
    ("SSP", ["ssp-samarbejdet"]),
    ("SLT", ["salto"]),
    ("SaLTo", ["salto"]),
    ("Anchor", ["anchor-teams"]),
    ("Ankkuri", ["anchor-teams"]),
    ("GVI", ["sluta-skjut"]),
    ("group violence intervention", ["sluta-skjut"]),
    ("CVE", ["the-aarhus-model", "channel", "exit-deutschland", "centre-for-the-prevention"]),
    ("P/CVE", ["the-aarhus-model", "channel", "exit-deutschland", "centre-for-the-prevention"]),
    ("deradicalisation", ["exit-deutschland"]),
    ("online hate", ["respectful-public-debate"]),
    ("hate speech schools", ["recognizing-and-responding"]),
    ("foreign fighters", ["family-support-for-children-and-mothers"]),
    ("returnees", ["family-support-for-children-and-mothers"]),
    ("radicalization prevention centre", ["centre-for-the-prevention"]),
    ("honor violence", ["national-competence-team"]),
    ("neighborhood safety at night", ["night-time-safety"]),
    ("gang exit", ["passus"]),
    ("leaving criminal gangs", ["passus"]),
    ("domestic violence iceland", ["together-against-violence"]),
    ("substance use", ["the-icelandic-model"]),
    ("hatbrott", ["police-hate-crime-unit"]),
    (
        "ungdomskriminalitet",
        ["ssp-samarbejdet", "the-icelandic-model", "mentorforlob", "bekymringssamtaler"],
    ),
    ("trygg på nätet", ["trygg-pa-natet"]),
    ("nettpatrulje", ["police-online-patrols"]),
    ("mentorng", ["mentorforlob", "mentors-for-minority", "radius", "the-aarhus-model"]),
    ("radicalsation", ["the-aarhus-model", "radius", "centre-for-the-prevention", "channel"]),
    ("22 july", ["proactive-psychosocial"]),
    ("gaming discord", ["youth-workers-on-gaming"]),
    ("politicians threats", ["rapid-support-for-local-politicians"]),
    ("polar night", ["tryggere-tromso"]),
    ("prison release extremist", ["reintegration-support"]),
    ("prolific young offenders", ["top600"]),
    ("housing estate", ["gellerup"]),
    ("nightlife staff", ["hate-crime-awareness-training"]),
    ("demonstrations police dialogue", ["dialogue-police"]),
    ("young girls meeting place", ["rosens-roda-matta"]),
    ("ohjaamo", ["ohjaamo"]),
    ("crisis after attack", ["community-resilience"]),
    ("digital citizenship", ["digital-citizenship"]),
    ("ceasefire boston", ["boston-operation-ceasefire"]),
    ("inclusive city", ["mechelen"]),
    ("terrorism multi-agency early support", ["channel"]),
    ("white power", ["exit-fryshuset"]),
    ("racist youth groups", ["project-exit"]),
    ("Greenland children violence", ["safe-homes"]),
    ("Faroe", ["night-time-safety", "respectful-public-debate"]),
    ("Åland domestic", ["coordinated-domestic"]),
    ("honour peer educators", ["peer-educators"]),
    ("bekymringssamtale", ["bekymringssamtaler"]),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    app = create_app(app_config(tmp_path_factory.mktemp("quality")))
    runner = app.test_cli_runner()
    for command in (["init-db"], ["seed-demo"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, result.output
    yield app
    close(app)


def reciprocal_rank(app: Flask, text: str, right: list[str]) -> float:
    with app.app_context():
        hits = search_practices(SearchQuery(text=text, per_page=TOP)).hits
    for rank, hit in enumerate(hits, 1):
        if any(hit.slug.startswith(prefix) for prefix in right):
            return 1 / rank
    return 0.0


def test_there_are_enough_queries() -> None:
    assert len(QUERIES) >= 30


def test_mean_reciprocal_rank(demo: Flask) -> None:
    ranks = {text: reciprocal_rank(demo, text, right) for text, right in QUERIES}
    mrr = sum(ranks.values()) / len(ranks)
    missed = sorted(text for text, rank in ranks.items() if rank == 0)
    assert mrr >= MINIMUM_MRR, f"MRR {mrr:.3f}; not in the top {TOP}: {missed}"


@pytest.mark.parametrize(
    ("text", "right"),
    [
        ("malmo", ["sluta-skjut"]),
        ("baerum", ["radius"]),
        ("tromso", ["tryggere-tromso"]),
        ("help someone leave a neo-nazi group", ["exit-fryshuset"]),
        ("worried parents of a radicalised teenager", ["radius", "the-aarhus-model"]),
        ("SaLTo", ["salto"]),
        ("Ankkuri", ["anchor-teams"]),
        ("GVI", ["sluta-skjut", "boston-operation-ceasefire"]),
    ],
)
def test_the_issues_own_examples_come_first(demo: Flask, text: str, right: list[str]) -> None:
    assert reciprocal_rank(demo, text, right) == 1.0
