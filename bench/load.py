"""Load test: the app under gunicorn, many readers, contributors saving and editors publishing.

    .venv/bin/python bench/load.py                  # 30 s, 3 workers, SQLite
    .venv/bin/python bench/load.py --seconds 60 --database-url postgresql+psycopg://...

A fresh instance in a temporary folder (init-db, seed-demo, accounts made with the CLI) is served
by gunicorn on a free port of 127.0.0.1. For a bounded time, reader threads search, browse by
filters, open practice pages and call the API, while contributors sign in through the login form
(with its CSRF token), save drafts, edit them and submit them, and editors publish what they
submit. Then it reports throughput and p50/p95/p99 latency per kind of request, counts every 5xx
and connection error, and checks that each save and publish is in the database (with its last
text) and in the index (`flask check-index`, and a search by title finds each published one).
Exit status 1 if anything failed. Only loopback traffic; everything stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import queue
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = secrets.token_urlsafe(18)  # of every account this run makes
CITY = ("Malmö", "SE")
WORDS = ["mentoring", "violence", "police", "youth", "extremism", "school", "Malmö", "exit",
         "hate crime", "polarisation", "dialogue", "gang", "parents", "online", "Tromsø",
         "\"social services\"", "prevention -school", "radicalisation OR extremism"]  # fmt: skip
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
REVISION = re.compile(r'name="base_revision"[^>]*value="(\d+)"')
REQUEST_TIMEOUT = 60


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    server_errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    connection_errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unexpected: list[str] = field(default_factory=list)

    def add(self, kind: str, seconds: float, status: int | None) -> None:
        with self.lock:
            if status is None:
                self.connection_errors[kind] += 1
                return
            self.latencies[kind].append(seconds)
            if status >= 500:
                self.server_errors[kind] += 1


class Browser:
    """One user: an HTTP connection to the server and the cookies it was given."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.port, self.stats, self.cookies = port, stats, SimpleCookie()
        self.location = ""  # of the last redirect
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)

    def request(self, kind: str, path: str, form: dict | list | None = None):
        """(status, body) or (None, "") after a connection error; timed and counted."""
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.connection.request("POST" if form is not None else "GET", path, body, headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.stats.add(kind, time.perf_counter() - start, None)
            return None, ""
        self.stats.add(kind, time.perf_counter() - start, response.status)
        self.location = response.getheader("Location", "")
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()  # gunicorn's sync workers close after each answer
        return response.status, text

    def expect(self, kind: str, path: str, form=None, status: int = 200) -> str | None:
        got, text = self.request(kind, path, form)
        if got != status:
            if got is not None and got < 500:
                with self.stats.lock:
                    self.stats.unexpected.append(f"{kind} {path}: {got} instead of {status}")
            return None
        return text

    def csrf(self, kind: str, path: str) -> str | None:
        return hidden(self.expect(kind, path), CSRF)

    def sign_in(self, email: str) -> bool:
        token = self.csrf("form", "/login")
        form = {"csrf_token": token, "email": email, "password": PASSWORD}
        return token is not None and self.expect("login", "/login", form, 302) is not None


@dataclass
class Written:
    """What the writers did, to be found again afterwards."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    summaries: dict[int, str] = field(default_factory=dict)  # practice id -> last saved summary
    titles: dict[int, str] = field(default_factory=dict)
    submitted: set[int] = field(default_factory=set)
    published: set[int] = field(default_factory=set)


def practice_form(token: str, title: str, summary: str, revision: str) -> list[tuple[str, str]]:
    return [
        ("csrf_token", token), ("title", title), ("summary", summary),
        ("description", "## How it works\n\nNeighbours meet **every week**."),
        ("organisation", "Load test city"), ("partners", "Police\nSchools"),
        ("resources", "One coordinator."), ("start_year", "2020"), ("end_year", ""),
        ("themes", "polarisation"), ("approaches", "community-engagement"),
        ("target_groups", "general-public"), ("prevention_level", "universal"),
        ("results", "Trust rose."), ("evaluation", "process"),
        ("evaluation_summary", "An internal review."), ("contact_name", "Load Tester"),
        ("contact_role", "Coordinator"), ("contact_email", "load@example.org"),
        ("links", "City page | https://example.org/load"), ("language", "en"),
        ("city", CITY[0]), ("country", CITY[1]), ("base_revision", revision),
        ("save", "Save draft"),
    ]  # fmt: skip


def contributor(port, stats, written, email, number, deadline, submitted) -> None:
    user = Browser(port, stats)
    if not user.sign_in(email):
        return
    for n in range(10_000):
        if time.monotonic() >= deadline:
            return
        title = f"Load test practice {number}-{n} {random.randrange(10**6):06d}"
        token = user.csrf("form", "/contribute/new")
        form = practice_form(token or "", title, "First.", "0")
        if token is None or user.expect("save", "/contribute/new", form, 302) is None:
            continue
        practice_id = int(user.location.rstrip("/").rsplit("/", 1)[-1])
        with written.lock:
            written.titles[practice_id], written.summaries[practice_id] = title, "First."
        summary = f"Edited summary {n} of worker {number}."
        page = user.expect("form", f"/contribute/{practice_id}/edit")
        token, revision = hidden(page, CSRF), hidden(page, REVISION)
        form = practice_form(token or "", title, summary, revision or "")
        if token and user.expect("edit", f"/contribute/{practice_id}/edit", form, 302) is not None:
            with written.lock:
                written.summaries[practice_id] = summary
        token = user.csrf("form", f"/contribute/{practice_id}")
        path = f"/contribute/{practice_id}/submit"
        if token and user.expect("submit", path, {"csrf_token": token}, 302) is not None:
            with written.lock:
                written.submitted.add(practice_id)
            submitted.put(practice_id)


def hidden(page: str | None, pattern: re.Pattern) -> str | None:
    found = pattern.search(page or "")
    return found.group(1) if found else None


def editor(port, stats, written, email, deadline, submitted) -> None:
    user = Browser(port, stats)
    if not user.sign_in(email):
        return
    while time.monotonic() < deadline:
        try:
            practice_id = submitted.get(timeout=0.2)
        except queue.Empty:
            continue
        token = user.csrf("form", f"/contribute/{practice_id}")
        path = f"/review/{practice_id}/publish"
        if token and user.expect("publish", path, {"csrf_token": token}, 302) is not None:
            with written.lock:
                written.published.add(practice_id)


def reader(port, stats, catalogue, deadline) -> None:
    user = Browser(port, stats)
    slugs, themes, countries = catalogue
    while time.monotonic() < deadline:
        words = urllib.parse.quote(random.choice(WORDS))
        kind, path = random.choice(
            [
                ("search", f"/practices?q={words}"),
                ("search", f"/practices?q={words}&country={random.choice(countries)}"),
                ("browse", f"/themes/{random.choice(themes)}"),
                ("browse", f"/countries/{random.choice(countries)}"),
                ("browse", f"/practices?theme={random.choice(themes)}&sort=newest&page=1"),
                ("practice", f"/practices/{random.choice(slugs)}"),
                ("api", f"/api/v1/practices?q={words}&per_page=10"),
                ("api", f"/api/v1/practices/{random.choice(slugs)}"),
                ("api", "/api/v1/themes"),
            ]
        )
        user.request(kind, path)


def flask_command(env: dict, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "flask"), "--app", "nsc_library", *args], input=stdin, env=env, cwd=ROOT,
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def prepare(env: dict, contributors: int, editors: int) -> tuple[list[str], list[str]]:
    for args in (["init-db"], ["seed-demo"]):
        result = flask_command(env, *args)
        if result.returncode:
            sys.exit(f"flask {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    writers = [f"writer{i}@load.example.org" for i in range(contributors)]
    reviewers = [f"editor{i}@load.example.org" for i in range(editors)]
    for email, role in [(e, "contributor") for e in writers] + [(e, "editor") for e in reviewers]:
        city = ["--city", ", ".join(CITY)] if role == "contributor" else []
        result = flask_command(env, "create-user", email, "--role", role, *city, stdin=PASSWORD)
        if result.returncode:
            sys.exit(f"create-user {email} failed:\n{result.stderr}")
    return writers, reviewers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--timeout", "60", "wsgi:app"]  # fmt: skip
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    for _ in range(240):  # up to a minute
        if server.poll() is not None:
            sys.exit(f"gunicorn exited; see {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.25)
    server.terminate()
    sys.exit("gunicorn did not start within a minute")


def catalogue(port: int, stats: Stats) -> tuple[list[str], list[str], list[str]]:
    user = Browser(port, Stats())
    answer = json.loads(user.expect("api", "/api/v1/practices?per_page=100") or "{}")
    themes = json.loads(user.expect("api", "/api/v1/themes") or "{}")
    countries = json.loads(user.expect("api", "/api/v1/countries") or "{}")
    return (
        [p["slug"] for p in answer.get("results", [])],
        [t["slug"] for t in themes.get("results", []) if t["count"]],
        [c["code"] for c in countries.get("results", []) if c["count"]],
    )


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    return sorted_values[max(0, math.ceil(share * len(sorted_values)) - 1)]


def report(stats: Stats, seconds: float) -> list[str]:
    lines = [f"{'kind':<10} {'requests':>9} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} "
             f"{'p99 ms':>8} {'5xx':>5} {'conn err':>8}"]  # fmt: skip
    every = [x for values in stats.latencies.values() for x in values]
    for kind, values in sorted(stats.latencies.items()) + [("all", every)]:
        ordered = sorted(values)
        if not ordered:
            continue
        errors = sum(stats.server_errors.values()) if kind == "all" else stats.server_errors[kind]
        broken = (
            sum(stats.connection_errors.values()) if kind == "all"
            else stats.connection_errors[kind]
        )  # fmt: skip
        lines.append(
            f"{kind:<10} {len(ordered):>9} {len(ordered) / seconds:>7.1f} "
            + " ".join(f"{percentile(ordered, q) * 1000:>8.0f}" for q in (0.5, 0.95, 0.99))
            + f" {errors:>5} {broken:>8}"
        )
    return lines


def verify(env: dict, port: int, written: Written) -> list[str]:
    """Every write the run made, found in the database and in the index; problems as text."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import select

    from nsc_library import create_app
    from nsc_library.extensions import db
    from nsc_library.models import Practice
    from nsc_library.practice_rules import Status

    problems = []
    # The server's database: env is the servers' environment, not this process's.
    config = {"INSTANCE_PATH": env["NSC_INSTANCE_PATH"]}
    if env.get("NSC_DATABASE_URL"):
        config["DATABASE_URL"] = env["NSC_DATABASE_URL"]
    app = create_app(config)
    with app.app_context():
        rows = {p.id: p for p in db.session.scalars(select(Practice).where(
            Practice.id.in_(list(written.titles))))}  # fmt: skip
        for practice_id, title in written.titles.items():
            found = rows.get(practice_id)
            expected = (
                Status.PUBLISHED if practice_id in written.published
                else Status.SUBMITTED if practice_id in written.submitted
                else Status.DRAFT
            )  # fmt: skip
            if found is None or found.title != title:
                problems.append(f"lost: practice {practice_id} {title!r}")
            elif found.summary != written.summaries[practice_id]:
                problems.append(f"half-applied: {title!r} has summary {found.summary!r}")
            elif found.status != expected:
                problems.append(f"{title!r} is {found.status.value}, expected {expected.value}")
        slugs = {pid: p.slug for pid, p in rows.items()}
        db.engine.dispose()
    for flags in (["--no-catch-up"], []):
        result = flask_command(env, "check-index", *flags)
        if result.returncode:
            problems.append(f"check-index {' '.join(flags)}: {result.stderr.strip()}")
    user = Browser(port, Stats())
    for practice_id in sorted(written.published):
        words = urllib.parse.quote(f'"{written.titles[practice_id]}"')
        answer = json.loads(user.expect("api", f"/api/v1/practices?q={words}") or "{}")
        if slugs.get(practice_id) not in {r["slug"] for r in answer.get("results", [])}:
            problems.append(f"not found by search: {written.titles[practice_id]!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--readers", type=int, default=12)
    parser.add_argument("--contributors", type=int, default=4)
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--database-url", help="default: SQLite in the temporary instance")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance")
    parser.add_argument(
        "--rate-limits",
        action="store_true",
        help="keep the rate limits on (off by default: all load is one address)",
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="nsc-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("NSC_")}
    env.update(NSC_INSTANCE_PATH=str(folder / "instance"), PYTHONPATH=str(ROOT))
    if args.database_url:
        env["NSC_DATABASE_URL"] = args.database_url
    if not args.rate_limits:
        env["NSC_RATE_LIMITS_ENABLED"] = "false"
    writers, reviewers = prepare(env, args.contributors, args.editors)
    port = free_port()
    server = start_server(env, port, args.workers, folder / "gunicorn.log")
    stats, written, submitted = Stats(), Written(), queue.Queue()
    try:
        catalogue_ = catalogue(port, stats)
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=reader, args=(port, stats, catalogue_, deadline))
                   for _ in range(args.readers)]  # fmt: skip
        threads += [
            threading.Thread(
                target=contributor, args=(port, stats, written, email, i, deadline, submitted)
            )
            for i, email in enumerate(writers)
        ]
        threads += [
            threading.Thread(target=editor, args=(port, stats, written, email, deadline, submitted))
            for email in reviewers
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 2 * REQUEST_TIMEOUT)
        elapsed = time.monotonic() - started
        problems = verify(env, port, written)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    log_text = (folder / "gunicorn.log").read_text(errors="replace")
    tracebacks = log_text.count("Traceback")

    print(f"{args.seconds:g} s, {args.workers} gunicorn workers, {args.readers} readers, "
          f"{args.contributors} contributors, {args.editors} editors, "
          f"database {args.database_url or 'SQLite'}")  # fmt: skip
    print("\n".join(report(stats, elapsed)))
    print(f"writes: {len(written.titles)} drafts saved, {len(written.submitted)} submitted, "
          f"{len(written.published)} published")  # fmt: skip
    print(
        f"unexpected answers: {len(stats.unexpected)}; tracebacks in the server log: {tracebacks}"
    )
    for line in stats.unexpected[:10] + problems[:20]:
        print("  " + line)
    print("lost or half-applied writes: " + (str(len(problems)) if problems else "none"))
    if args.keep:
        print(f"instance kept in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    failed = problems or stats.unexpected or tracebacks
    failed = failed or sum(stats.server_errors.values()) or sum(stats.connection_errors.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
