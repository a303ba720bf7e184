"""The library as users and operators feel it: N practices served by gunicorn, over HTTP.

    .venv/bin/python bench/http_bench.py --sizes 1000 10000 50000 [--requests 200] [--repeat 3]

For each size (fixed seed, the same synthetic practices as bench/search_bench.py):
- import: the practices written as an exchange file and loaded with `flask import-practices`
  into an empty library (a fresh process, as an operator runs it), then `flask reindex`;
- served by gunicorn with 2 workers on a free local port (`wsgi.py`, which warms each worker
  up); the time until it answers, the first search's time, then p50/p95/p99 over `--requests`
  sequential requests each for the API search (plain, filtered and phrase queries), the HTML
  results page, practice pages, the home page, theme and country pages; the memory of each
  worker afterwards (RSS, PSS and its own heap); all of it `--repeat` times (a fresh server
  each time), medians shown;
- SQLite FTS5 (Porter stemmer, words ORed, bm25 order, 20 rows) on the same texts and queries,
  in-process, as the p95 ratio a plain full-text engine sets.

Timing goals live here, never in tests. Results and goals: docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_bench  # noqa: E402  (the synthetic library and its queries; puts the repo on the path)

from nsc_library import create_app  # noqa: E402
from nsc_library.exchange import practice_record  # noqa: E402
from nsc_library.extensions import db  # noqa: E402
from nsc_library.models import Practice  # noqa: E402
from nsc_library.practice_rules import latest_year  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
FLASK = [str(VENV_BIN / "flask"), "--app", "nsc_library"]
WORD = re.compile(r"\w+")


def library_records(size: int) -> list[dict]:
    """The synthetic practices as exchange records (written once, imported by the CLI)."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "INSTANCE_PATH": f"{tmp}/instance",
                "DATABASE_URL": f"sqlite:///{tmp}/gen.sqlite3",
                "INDEX_DIR": f"{tmp}/index",
                "SECRET_KEY": "bench",
            }
        )
        app.test_cli_runner().invoke(args=["init-db"])
        rng = random.Random(search_bench.SEED)
        search_bench.populate(app, size, rng, search_bench.Vocabulary())
        with app.app_context():
            records = [practice_record(p) for p in db.session.scalars(db.select(Practice))]
            for record in records:  # the generator may plan an end after this year
                if record["end_year"] and record["end_year"] > latest_year():
                    record["end_year"] = None
            db.session.remove()
            db.engine.dispose()
    return records


def run_cli(instance: Path, *args: str) -> float:
    env = {**os.environ, "NSC_INSTANCE_PATH": str(instance)}
    started = time.perf_counter()
    done = subprocess.run([*FLASK, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310  (local server)
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url}: {response.status}")
    return (time.perf_counter() - started) * 1000


def wait_until_up(url: str, deadline: float) -> float:
    """Time from now until the first answer of a fresh server, in ms."""
    started = time.perf_counter()
    while time.perf_counter() - started < deadline:
        try:
            get(url)
            return (time.perf_counter() - started) * 1000
        except OSError:
            time.sleep(0.05)  # the server is still starting; polled, not a fixed wait
    raise SystemExit(f"{url} did not answer within {deadline} s")


def query_params(query) -> list[tuple[str, str]]:
    params = [("q", query.text)] if query.text else []
    for dimension, values in query.filters.items():
        params += [(dimension, v) for v in values]
    if query.sort != "relevance":
        params.append(("sort", query.sort))
    return params


def practice_slugs(base: str, count: int, rng: random.Random) -> list[str]:
    """Slugs of practices spread over the library (read before timing starts)."""
    with urllib.request.urlopen(f"{base}/api/v1/practices?per_page=1", timeout=60) as r:  # noqa: S310
        pages = json.load(r)["total"] // 100 + 1
    slugs: list[str] = []
    for page in rng.sample(range(1, pages + 1), min(pages, 5)):
        url = f"{base}/api/v1/practices?per_page=100&sort=title&page={page}"
        with urllib.request.urlopen(url, timeout=60) as r:  # noqa: S310
            slugs += [hit["slug"] for hit in json.load(r)["results"]]
    return [rng.choice(slugs) for _ in range(count)]


def percentiles(timings: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(timings, n=100)
    return cuts[49], cuts[94], cuts[98]


def memory_mb(master: int, kind: str = "VmRSS") -> list[float]:
    """Memory of each worker: `VmRSS`, all its resident pages; `Pss`, those with each shared
    page divided among the processes that map it (the index files both workers read, the
    libraries), which is what a worker adds to the machine; `RssAnon`, its own heap only."""
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True, check=False
    ).stdout.split()
    sizes = []
    for pid in children:
        source = "smaps_rollup" if kind == "Pss" else "status"
        status = Path(f"/proc/{pid}/{source}").read_text()
        kb = int(re.search(rf"^{kind}:\s+(\d+)", status, re.M).group(1))
        sizes.append(kb / 1024)
    return sizes


def fts5_p95(records: list[dict], queries: list) -> float:
    store = sqlite3.connect(":memory:")
    store.execute(
        "CREATE VIRTUAL TABLE doc USING fts5(title, summary, body, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    store.executemany(
        "INSERT INTO doc VALUES (?, ?, ?)",
        [(r["title"], r["summary"], r["description"] + " " + r["results"]) for r in records],
    )
    timings = []
    for query in queries:
        words = WORD.findall(query.text)
        started = time.perf_counter()
        if words:
            match = " OR ".join(f'"{w}"' for w in words)
            sql = "SELECT rowid FROM doc WHERE doc MATCH ? ORDER BY bm25(doc) LIMIT 20"
            store.execute(sql, (match,)).fetchall()
        else:
            store.execute("SELECT rowid FROM doc ORDER BY rowid DESC LIMIT 20").fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return percentiles(timings)[1]


def browse_paths(base: str, count: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """Theme and country pages of the library (read before timing starts)."""
    with urllib.request.urlopen(f"{base}/api/v1/themes", timeout=60) as r:  # noqa: S310
        themes = [t["slug"] for t in json.load(r)["results"] if t["count"]]
    with urllib.request.urlopen(f"{base}/api/v1/countries", timeout=60) as r:  # noqa: S310
        countries = [c["code"] for c in json.load(r)["results"] if c["count"]]
    return (
        [f"/themes/{rng.choice(themes)}" for _ in range(count)],
        [f"/countries/{rng.choice(countries)}" for _ in range(count)],
    )


def serve(instance: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "wsgi:app",
        ],
        cwd=ROOT,
        # All bench traffic comes from one address: the per-address limits would refuse it.
        env={
            **os.environ,
            "NSC_INSTANCE_PATH": str(instance),
            "NSC_RATE_LIMITS_ENABLED": "false",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, f"http://127.0.0.1:{port}"


def measure_served(instance: Path, queries: list, requests: int, size: int) -> dict:
    """One fresh server: its start, first search, the pages' percentiles and workers' memory."""
    server, base = serve(instance)
    result: dict = {}
    try:
        result["start_ms"] = wait_until_up(f"{base}/robots.txt", 300)
        result["first_ms"] = get(f"{base}/api/v1/practices?q=prevention")
        api = [
            get(f"{base}/api/v1/practices?{urllib.parse.urlencode(query_params(q))}")
            for q in queries
        ]
        html = [get(f"{base}/practices?{urllib.parse.urlencode(query_params(q))}") for q in queries]
        slugs = practice_slugs(base, requests, random.Random(size))
        pages = [get(f"{base}/practices/{slug}") for slug in slugs]
        home = [get(f"{base}/") for _ in range(max(20, requests // 5))]
        themes, countries = browse_paths(base, max(20, requests // 5), random.Random(size))
        result["theme"] = percentiles([get(base + path) for path in themes])
        result["country"] = percentiles([get(base + path) for path in countries])
        result.update(api=percentiles(api), html=percentiles(html), page=percentiles(pages))
        result["home"] = percentiles(home)
        result["rss_mb"] = memory_mb(server.pid)
        result["pss_mb"] = memory_mb(server.pid, "Pss")
        result["private_mb"] = memory_mb(server.pid, "RssAnon")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return result


def median_of(runs: list[dict]) -> dict:
    """Each figure's median over the runs (percentiles figure by figure)."""
    merged: dict = {}
    for name, first in runs[0].items():
        if isinstance(first, tuple):
            merged[name] = tuple(statistics.median(r[name][i] for r in runs) for i in range(3))
        elif isinstance(first, list):
            merged[name] = [statistics.median(r[name][i] for r in runs) for i in range(len(first))]
        else:
            merged[name] = statistics.median(r[name] for r in runs)
    return merged


def measure(size: int, requests: int, repeat: int) -> dict:
    records = library_records(size)
    queries = search_bench.queries(random.Random(search_bench.SEED + 1), search_bench.Vocabulary())
    queries = (queries * (requests // len(queries) + 1))[:requests]
    result: dict = {"size": size, "runs": repeat}
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp) / "instance"
        instance.mkdir()
        source = Path(tmp) / "library.json"
        source.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        run_cli(instance, "init-db")
        result["import_s"] = run_cli(
            instance, "import-practices", "--status", "published", str(source)
        )
        result["reindex_s"] = statistics.median(run_cli(instance, "reindex") for _ in range(repeat))
        result["index_mb"] = search_bench.folder_size(instance / "index") / 1e6
        runs = [measure_served(instance, queries, requests, size) for _ in range(repeat)]
        result.update(median_of(runs))
    result["fts5_p95"] = statistics.median(fts5_p95(records, queries) for _ in range(repeat))
    return result


def show(r: dict) -> None:
    def cell(name: str) -> str:
        p50, p95, p99 = r[name]
        return f"{p50:.0f}/{p95:.0f}/{p99:.0f}"

    rss = ", ".join(f"{m:.0f}" for m in r["rss_mb"])
    pss = ", ".join(f"{m:.0f}" for m in r["pss_mb"])
    private = ", ".join(f"{m:.0f}" for m in r["private_mb"])
    print(
        f"{r['size']:>7} (medians of {r['runs']} runs)  import {r['import_s']:.0f} s"
        f"  reindex {r['reindex_s']:.0f} s"
        f"  index {r['index_mb']:.0f} MB  server up {r['start_ms']:.0f} ms"
        f"  first search {r['first_ms']:.0f} ms\n"
        f"         p50/p95/p99 ms: API {cell('api')}  results {cell('html')}"
        f"  practice {cell('page')}  home {cell('home')}\n"
        f"         theme pages {cell('theme')}  country pages {cell('country')}\n"
        f"         per worker: RSS {rss} MB, PSS {pss} MB, its own heap {private} MB;"
        f"  FTS5 p95 {r['fts5_p95']:.1f} ms"
        f" (API p95 / FTS5 p95 = {r['api'][1] / max(r['fts5_p95'], 0.01):.1f})",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--repeat", type=int, default=3, help="Servers started (and reindexes) per size."
    )
    args = parser.parse_args()
    for size in args.sizes:
        show(measure(size, args.requests, args.repeat))


if __name__ == "__main__":
    main()
