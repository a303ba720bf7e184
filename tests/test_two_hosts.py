"""Two web hosts on one PostgreSQL database, each with its own instance and index folder.

Changes made on host A (publish, edit, archive, delete, through the services as a view would make
them) must reach host B's search, counts and facets within a bounded wait, also when host B was
stopped while they were made; afterwards `flask check-index` is clean on both hosts. This is the
set-up docs/operations.md describes. PostgreSQL only (SQLite is one file on one machine).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from nsc_library import create_app
from nsc_library.exchange.writing import practice_record
from nsc_library.extensions import db
from nsc_library.models import Practice, User
from nsc_library.practice_rules import Status
from nsc_library.services import workflow
from tests.support.databases import database_url, is_postgresql
from tests.support.factories import app_config, import_records, make_record, make_user

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# A host checks the outbox for changes made elsewhere at least every 30 s
# (search/state.py CATCH_UP_SECONDS); the bound leaves room for a slow machine.
AGREEMENT_BOUND = 60.0
WORD = "zeppelin"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not is_postgresql(), reason="two hosts share a PostgreSQL database"),
]


class Host:
    """One app host: gunicorn on a free port, with its own instance and index folder."""

    def __init__(self, folder: Path, url: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("NSC_")}
        self.env.update(
            NSC_INSTANCE_PATH=str(folder / "instance"),
            NSC_INDEX_DIR=str(folder / "index"),
            NSC_DATABASE_URL=url,
            NSC_SECRET_KEY="two-hosts-test",
            NSC_RATE_LIMITS_ENABLED="false",
            PYTHONPATH=str(ROOT),
        )
        self.process: subprocess.Popen | None = None
        self.port = 0

    def start(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        options = f"--bind 127.0.0.1:{self.port} --workers 1 --timeout 60 wsgi:app"
        command = [str(BIN / "gunicorn"), *options.split()]
        with (self.folder / "gunicorn.log").open("a") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(
                command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
            )
        wait_for(lambda: self.answers(), 60, f"host on port {self.port} to start")

    def answers(self) -> bool:
        assert self.process is not None and self.process.poll() is None, self.log()
        try:
            return bool(self.get("/api/v1/themes"))
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)

    def get(self, path: str) -> dict:
        url = f"http://127.0.0.1:{self.port}{path}"
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 (loopback only)
            return json.load(answer)

    def view(self) -> dict:
        """What a visitor of this host sees: results, counts and facets, without addresses."""
        first = self.get("/api/v1/practices?per_page=100&sort=title")
        results = first["results"]
        for page in range(2, first["pages"] + 1):
            results += self.get(f"/api/v1/practices?per_page=100&sort=title&page={page}")["results"]
        found = self.get(f"/api/v1/practices?q={WORD}&per_page=100&sort=title")
        themes = self.get("/api/v1/themes")["results"]
        return {
            "total": first["total"],
            "titles": {p["slug"]: p["title"] for p in results},
            "facets": first["facets"],
            "search": [p["title"] for p in found["results"]],
            "theme_counts": {t["slug"]: t["count"] for t in themes},
            "countries": {c["code"]: c["count"] for c in self.get("/api/v1/countries")["results"]},
        }

    def flask(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(BIN / "flask"), "--app", "nsc_library", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def log(self) -> str:
        path = self.folder / "gunicorn.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> float:
    """Poll until `condition` holds; the seconds it took. Fails at the deadline."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            found = vars(condition)
            pytest.fail(f"waited {seconds:g} s for {what}; last check: {found}")
        time.sleep(0.25)
    return time.monotonic() - started


def same_view(a: Host, b: Host, expect: Callable[[dict], bool]) -> Callable[[], bool]:
    def check() -> bool:
        seen, other = a.view(), b.view()
        # What differs, for the failure message at the deadline.
        check.differences = sorted(key for key in seen if seen[key] != other.get(key))
        check.expected = expect(seen)
        check.total, check.search = seen["total"], seen["search"]
        return check.expected and not check.differences

    return check


def practice_titled(title: str) -> Practice:
    return db.session.scalar(select(Practice).where(Practice.title == title))


def editor() -> User:
    return db.session.scalar(select(User).where(User.email == "editor@example.org"))


def change_on_a(app: Flask, prefix: str) -> dict[str, str]:
    """Publish a new practice, edit one, archive one, delete one; the titles involved."""
    new = make_record(title=f"{prefix} {WORD.title()} harbour walks", city="Göteborg")
    edited = make_record(title=f"{prefix} night patrols")
    archived = make_record(title=f"{prefix} parents' evenings")
    deleted = make_record(title=f"{prefix} football after dark")
    import_records(app, [edited, archived, deleted])
    import_records(app, [new], status=Status.DRAFT)
    with app.app_context():
        workflow.submit_practice(practice_titled(new["title"]), editor())
        workflow.publish_practice(practice_titled(new["title"]), editor())
        practice = practice_titled(edited["title"])
        record = {**practice_record(practice), "title": f"{prefix} {WORD} night patrols"}
        base = workflow.latest_revision_number(practice)
        workflow.save_practice(practice, record, editor(), base)
        workflow.approve_revision(practice_titled(edited["title"]), editor())
        workflow.archive_practice(practice_titled(archived["title"]), editor())
        db.session.delete(practice_titled(deleted["title"]))
        db.session.commit()
    return {
        "new": new["title"],
        "edited": record["title"],
        "archived": archived["title"],
        "deleted": deleted["title"],
    }


def shows(changes: dict[str, str], before: int) -> Callable[[dict], bool]:
    """Host A's view after `changes`: new and edited found by WORD, archived and deleted gone."""

    def check(view: dict) -> bool:
        titles = set(view["titles"].values())
        searched = set(view["search"])
        return (
            view["total"] == before + 2  # three imported, one deleted, one archived, one new
            and {changes["new"], changes["edited"]} <= searched
            and not {changes["archived"], changes["deleted"]} & titles
        )

    return check


def test_two_hosts_on_one_database_agree(tmp_path: Path) -> None:
    url = database_url(tmp_path)
    a, b = Host(tmp_path / "a", url), Host(tmp_path / "b", url)
    # The test makes host A's changes in its own process, on host A's folders, as a view would.
    app = create_app(app_config(tmp_path / "a", DATABASE_URL=url, INDEX_DIR=a.env["NSC_INDEX_DIR"]))
    for command in (["init-db"], ["seed-demo"]):
        result = app.test_cli_runner().invoke(args=command)
        assert result.exit_code == 0, result.output
    make_user(app, "editor@example.org", "editor")
    # A new host builds its own index from the database before it serves (docs/operations.md).
    built = b.flask("reindex")
    assert built.returncode == 0, built.stdout + built.stderr
    try:
        a.start()
        b.start()
        start = a.view()
        wait_for(lambda: b.view() == start, AGREEMENT_BOUND, "host B to match host A at first")

        first = change_on_a(app, "First")
        took = wait_for(
            same_view(a, b, shows(first, start["total"])), AGREEMENT_BOUND, "B to see A's changes"
        )
        print(f"host B agreed {took:.1f} s after the changes")

        b.stop()
        second = change_on_a(app, "Second")
        b.start()
        took = wait_for(
            same_view(a, b, shows(second, start["total"] + 2)),
            AGREEMENT_BOUND,
            "B, restarted, to see the changes made while it was down",
        )
        print(f"host B, restarted, agreed {took:.1f} s after it started")
    finally:
        a.stop()
        b.stop()
        with app.app_context():
            db.engine.dispose()
    for host in (a, b):
        result = host.flask("check-index")
        assert result.returncode == 0, result.stdout + result.stderr + host.log()
