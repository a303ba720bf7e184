"""Search quality on a test collection: graded judgements, nDCG@10, recall@20, MRR, zero results.

The collection (tests/data/search-collection.json) holds queries over the demo library, each with
a kind (what sort of need it is) and judgements written from the need before looking at any
results: 2 = what the person wants, 1 = useful, unlisted = not. Practices are named by title.

The library's search is measured beside a plain BM25 baseline on the same documents: SQLite FTS5
with the Porter stemmer, the query's words joined by OR, ranked by FTS5's bm25().

Run `python -m tests.support.search_evaluation` for the table (it builds a demo library in a
temporary folder); `tests/test_search_quality.py` fails when a kind drops below the level reached.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from nsc_library.extensions import db
from nsc_library.models import Practice
from nsc_library.search import SearchQuery, search_practices
from nsc_library.search.schema import plain_text

COLLECTION = Path(__file__).parents[1] / "data" / "search-collection.json"
NDCG_DEPTH = 10
RECALL_DEPTH = 20
METRICS = ("ndcg@10", "recall@20", "mrr", "zero")


@dataclass(frozen=True)
class Judged:
    text: str
    kind: str
    grades: dict[str, int]  # practice title -> 2 or 1
    filters: dict[str, list[str]] = field(default_factory=dict)


def load_collection(path: Path = COLLECTION) -> list[Judged]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [
        Judged(q["query"], q["kind"], dict(q["judgements"]), dict(q.get("filters", {})))
        for q in raw["queries"]
    ]


def ndcg(ranked: list[str], grades: dict[str, int], depth: int = NDCG_DEPTH) -> float:
    def dcg(gains: Iterable[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))

    ideal = dcg(sorted(grades.values(), reverse=True)[:depth])
    return dcg(grades.get(t, 0) for t in ranked[:depth]) / ideal if ideal else 0.0


def recall(ranked: list[str], grades: dict[str, int], depth: int = RECALL_DEPTH) -> float:
    relevant = {t for t, g in grades.items() if g > 0}
    return len(relevant & set(ranked[:depth])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: list[str], grades: dict[str, int]) -> float:
    for rank, title in enumerate(ranked[:NDCG_DEPTH], 1):
        if grades.get(title, 0) > 0:
            return 1 / rank
    return 0.0


def scores(ranked: list[str], grades: dict[str, int]) -> dict[str, float]:
    return {
        "ndcg@10": ndcg(ranked, grades),
        "recall@20": recall(ranked, grades),
        "mrr": reciprocal_rank(ranked, grades),
        "zero": float(not ranked),
    }


Ranker = Callable[[Judged], list[str]]


def evaluate(collection: list[Judged], ranker: Ranker) -> dict[str, dict[str, float]]:
    """Mean of each metric per kind of query, and over all queries (`all`)."""
    by_kind: dict[str, list[dict[str, float]]] = defaultdict(list)
    for judged in collection:
        result = scores(ranker(judged), judged.grades)
        by_kind[judged.kind].append(result)
        by_kind["all"].append(result)
    return {
        kind: {m: sum(r[m] for r in results) / len(results) for m in METRICS}
        for kind, results in sorted(by_kind.items())
    }


def library_ranker(app: Flask) -> Ranker:
    """The library's own search, as the results page runs it."""
    with app.app_context():
        titles = dict(db.session.execute(select(Practice.slug, Practice.title)).all())

    def rank(judged: Judged) -> list[str]:
        query = SearchQuery(text=judged.text, filters=judged.filters, per_page=RECALL_DEPTH)
        with app.app_context():
            return [titles[h.slug] for h in search_practices(query).hits]

    return rank


def bm25_ranker(app: Flask) -> Ranker:
    """Plain BM25: SQLite FTS5 (Porter stemmer) over the same texts, the words ORed."""
    store = sqlite3.connect(":memory:")
    store.execute(
        "CREATE VIRTUAL TABLE doc USING fts5(title, summary, body, context, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    facets: dict[str, dict[str, set[str]]] = {}
    with app.app_context():
        practices = db.session.scalars(
            select(Practice).options(
                selectinload(Practice.themes),
                selectinload(Practice.approaches),
                selectinload(Practice.target_groups),
            )
        ).all()
        for p in practices:
            labels = [t.label for t in (*p.themes, *p.approaches, *p.target_groups)]
            context = " ".join([p.city.name, p.city.country.name, p.organisation, *labels])
            body = " ".join([plain_text(p.description), p.results, p.evaluation_summary])
            summary = f"{p.summary} {p.english_summary}"
            store.execute(
                "INSERT INTO doc(rowid, title, summary, body, context) VALUES (?, ?, ?, ?, ?)",
                (p.id, p.title, summary, body, context),
            )
            facets[p.title] = _facets_of(p)
        titles = {p.id: p.title for p in practices}

    def rank(judged: Judged) -> list[str]:
        words = re.findall(r"\w+", judged.text)
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', "") + '"' for w in words)
        rows = store.execute(
            "SELECT rowid FROM doc WHERE doc MATCH ? ORDER BY bm25(doc) LIMIT 200", (match,)
        )
        ranked = [titles[row[0]] for row in rows]
        return [t for t in ranked if _passes(facets[t], judged.filters)][:RECALL_DEPTH]

    return rank


def _facets_of(practice: Practice) -> dict[str, set[str]]:
    return {
        "theme": {t.slug for t in practice.themes},
        "approach": {a.slug for a in practice.approaches},
        "target_group": {g.slug for g in practice.target_groups},
        "country": {practice.city.country_code},
        "prevention_level": {practice.prevention_level.value}
        if practice.prevention_level
        else set(),
        "evaluation": {practice.evaluation.value} if practice.evaluation else set(),
    }


def _passes(facets: dict[str, set[str]], filters: dict[str, list[str]]) -> bool:
    return all(facets.get(dim, set()) & set(values) for dim, values in filters.items())


def table(ours: dict[str, dict[str, float]], baseline: dict[str, dict[str, float]]) -> str:
    lines = [f"{'kind':<16}" + "".join(f"{m:>22}" for m in METRICS)]
    for kind in ours:
        cells = "".join(
            f"{ours[kind][m]:>12.3f} ({baseline[kind][m]:.3f})".rjust(22) for m in METRICS
        )
        lines.append(f"{kind:<16}{cells}")
    return "\n".join(lines) + "\n(library search, BM25 baseline in brackets)"


def main(argv: list[str]) -> int:
    from nsc_library import create_app
    from tests.support.factories import app_config

    path = Path(argv[0]) if argv else COLLECTION
    collection = load_collection(path)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(app_config(Path(folder)))
        runner = app.test_cli_runner()
        for command in (["init-db"], ["seed-demo"]):
            runner.invoke(args=command)
        ours = evaluate(collection, library_ranker(app))
        baseline = evaluate(collection, bm25_ranker(app))
        print(f"{len(collection)} queries from {path}")
        print(table(ours, baseline))
        if "-v" in argv:
            rank = library_ranker(app)
            for judged in collection:
                got = rank(judged)
                print(f"{ndcg(got, judged.grades):.2f} [{judged.kind}] {judged.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
