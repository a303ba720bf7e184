"""Search benchmark: build a synthetic library of N practices, index it, time 200 searches.

    .venv/bin/python bench/search_bench.py --sizes 1000 10000 50000

For each size: rows are written straight into a fresh SQLite database (fast, bypassing the
services), the index is built with `rebuild_index()` (timed), then a fixed set of 200 queries
(plain, filtered, phrase, typo, browse) runs through `search_practices`, each a full results
page: 20 hits, facet counts on every dimension, highlights. Fixed random seed: runs compare.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nsc_library import create_app  # noqa: E402
from nsc_library.extensions import db  # noqa: E402
from nsc_library.models import Approach, City, Practice, TargetGroup, Theme  # noqa: E402
from nsc_library.models.practice import (  # noqa: E402
    practice_approach,
    practice_target_group,
    practice_theme,
)
from nsc_library.search import SearchQuery, rebuild_index, search_practices  # noqa: E402
from nsc_library.services.cities import new_city  # noqa: E402

SEED = 20261125
QUERIES = 200
COUNTRIES = ["SE", "NO", "DK", "FI", "IS", "DE", "NL", "GB"]
CITIES = [
    ("Malmö", "SE"), ("Göteborg", "SE"), ("Stockholm", "SE"), ("Uppsala", "SE"),
    ("Oslo", "NO"), ("Bærum", "NO"), ("Tromsø", "NO"), ("Bergen", "NO"),
    ("Aarhus", "DK"), ("København", "DK"), ("Odense", "DK"), ("Helsinki", "FI"),
    ("Turku", "FI"), ("Jyväskylä", "FI"), ("Reykjavík", "IS"), ("Berlin", "DE"),
    ("Amsterdam", "NL"), ("London", "GB"),
]  # fmt: skip
DEMO = Path(__file__).resolve().parent.parent / "nsc_library" / "data" / "demo-practices.json"
WORD = re.compile(r"\w+", re.UNICODE)


class Vocabulary:
    """Words drawn like real write-ups: each synthetic practice follows one demo practice's own
    words (its topic) for most of its text and the whole library's words for the rest, so a
    query word is common in some practices and absent from most, as in a real library."""

    def __init__(self) -> None:
        records = json.loads(DEMO.read_text(encoding="utf-8"))
        self.templates = []
        everything: Counter[str] = Counter()
        for r in records:
            text = " ".join(
                [r["title"], r["summary"], r["description"], r["results"], r["evaluation_summary"]]
            )
            words = WORD.findall(text.lower())
            everything.update(words)
            self.templates.append((r, words))
        self.library_words = list(everything)
        self.library_weights = list(everything.values())

    def words(self, rng: random.Random, template: list[str], count: int) -> list[str]:
        own = rng.choices(template, k=count)
        other = rng.choices(self.library_words, self.library_weights, k=count)
        return [o if rng.random() < 0.75 else w for o, w in zip(own, other, strict=True)]

    def sentence(self, rng: random.Random, template: list[str], count: int) -> str:
        return " ".join(self.words(rng, template, count)).capitalize() + "."

    def paragraph(self, rng: random.Random, template: list[str], sentences: int) -> str:
        return " ".join(self.sentence(rng, template, rng.randint(8, 22)) for _ in range(sentences))


def populate(app, size: int, rng: random.Random, vocabulary: Vocabulary) -> None:
    """Insert `size` published practices with realistic field lengths, in bulk."""
    with app.app_context():
        known = set(db.session.execute(select(City.name, City.country_code)).tuples())
        for name, code in CITIES:
            if (name, code) not in known:
                new_city(name, code)  # a slug and, for known places, coordinates
        db.session.commit()
        cities = list(db.session.scalars(select(City.id)))
        themes = list(db.session.scalars(select(Theme.id)))
        approaches = list(db.session.scalars(select(Approach.id)))
        groups = list(db.session.scalars(select(TargetGroup.id)))
        start = datetime(2020, 1, 1, tzinfo=UTC)
        for first in range(0, size, 2000):
            rows, links = [], ([], [], [])
            for n in range(first + 1, min(size, first + 2000) + 1):
                year = rng.randint(1990, 2025)
                model, template = rng.choice(vocabulary.templates)
                v = vocabulary
                rows.append(
                    {
                        "id": n,
                        "slug": f"practice-{n}",
                        "title": v.sentence(rng, template, rng.randint(4, 10)).rstrip("."),
                        "summary": v.paragraph(rng, template, 2)[:600],
                        "description": "\n\n".join(
                            v.paragraph(rng, template, 5) for _ in range(rng.randint(2, 5))
                        ),
                        "results": v.paragraph(rng, template, 3),
                        "evaluation_summary": v.paragraph(rng, template, 2),
                        "organisation": model["organisation"],
                        "partners": model["partners"][: rng.randint(0, 4)],
                        "city_id": rng.choice(cities),
                        "start_year": year,
                        "end_year": None if rng.random() < 0.6 else year + rng.randint(1, 5),
                        "prevention_level": rng.choice(["universal", "selective", "indicated"]),
                        "evaluation": rng.choice(["none", "process", "outcome", "impact"]),
                        "status": "published",
                        "published_at": start + timedelta(hours=n),
                    }
                )
                for table, pool, most in zip(
                    links, (themes, approaches, groups), (3, 4, 3), strict=True
                ):
                    for term in rng.sample(pool, rng.randint(1, most)):
                        table.append((n, term))
            db.session.execute(insert(Practice), rows)
            for table, pairs in zip(
                (practice_theme, practice_approach, practice_target_group), links, strict=True
            ):
                term_column = next(c.name for c in table.c if c.name != "practice_id")
                db.session.execute(
                    insert(table), [{"practice_id": p, term_column: t} for p, t in pairs]
                )
            db.session.commit()


def queries(rng: random.Random, vocabulary: Vocabulary) -> list[SearchQuery]:
    """200 fixed queries: plain, filtered, phrase, typo, browsing; all full result pages."""
    out = []
    for i in range(QUERIES):
        model, template = rng.choice(vocabulary.templates)
        title_words = [w for w in WORD.findall(model["title"].lower()) if len(w) > 3]
        words = " ".join(rng.sample(title_words, min(len(title_words), rng.randint(1, 3))))
        kind = i % 5
        if kind == 0:
            out.append(SearchQuery(text=words))
        elif kind == 1:
            filters = {"country": rng.sample(COUNTRIES, 2), "evaluation": ["impact", "outcome"]}
            out.append(SearchQuery(text=words, filters=filters))
        elif kind == 2:
            start = rng.randrange(max(1, len(template) - 2))
            out.append(SearchQuery(text=f'"{template[start]} {template[start + 1]}"'))
        elif kind == 3:
            word = max(title_words, key=len)
            out.append(SearchQuery(text=f"{word[:2] + word[3:]} {rng.choice(CITIES)[0]}"))
        else:
            out.append(
                SearchQuery(filters={"decade": ["2010"]}, sort=rng.choice(["newest", "title"]))
            )
    return out


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(size: int) -> dict[str, float]:
    rng = random.Random(SEED)
    vocabulary = Vocabulary()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "INSTANCE_PATH": f"{tmp}/instance",
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                "INDEX_DIR": f"{tmp}/index",
                "SECRET_KEY": "bench",
            }
        )
        app.test_cli_runner().invoke(args=["init-db"])
        populate(app, size, rng, vocabulary)
        with app.app_context():
            started = time.perf_counter()
            rebuild_index()
            build = time.perf_counter() - started
            size_mb = folder_size(Path(tmp) / "index") / 1e6
            timings = []
            first = time.perf_counter()
            search_practices(SearchQuery(text="warm up"))
            cold = time.perf_counter() - first
            for query in queries(random.Random(SEED + 1), vocabulary):
                started = time.perf_counter()
                results = search_practices(query)
                timings.append((time.perf_counter() - started) * 1000)
                if len(results.hits) > 20:
                    raise SystemExit("more hits than a page")
            db.session.remove()
            db.engine.dispose()
    cuts = statistics.quantiles(timings, n=100)
    return {
        "size": size,
        "build_s": build,
        "index_mb": size_mb,
        "cold_ms": cold * 1000,
        "p50": cuts[49],
        "p95": cuts[94],
        "p99": cuts[98],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    args = parser.parse_args()
    print("practices  build (s)  index (MB)  first search (ms)  p50 (ms)  p95 (ms)  p99 (ms)")
    for size in args.sizes:
        r = run(size)
        print(
            f"{r['size']:>9}  {r['build_s']:>9.1f}  {r['index_mb']:>10.1f}  {r['cold_ms']:>17.0f}"
            f"  {r['p50']:>8.1f}  {r['p95']:>8.1f}  {r['p99']:>8.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
