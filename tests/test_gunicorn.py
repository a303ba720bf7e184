"""The production server's settings (gunicorn.conf.py), tried through a real gunicorn."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from nsc_library import create_app
from tests.support.apps import dispose, seed_demo, set_up

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LONG_TEXT = "trygghet " * 1200  # about 11 KB in the address: over gunicorn's own limit

pytestmark = pytest.mark.slow  # each test starts gunicorn


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str) -> tuple[int, str]:
    url = f"http://127.0.0.1:{port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 (loopback only)
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@pytest.fixture(scope="module")
def demo_instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An instance folder holding the demo library in SQLite, made once for the module's servers.

    wsgi.py warms up an index with practices in it. The database and index are named as a
    server finds them in its instance folder, whichever database the test run uses.
    """
    folder = tmp_path_factory.mktemp("demo-instance")
    config = {"INSTANCE_PATH": str(folder), "SECRET_KEY": "gunicorn-test",
              "DATABASE_URL": f"sqlite:///{folder / 'nsc_library.sqlite3'}",
              "INDEX_DIR": str(folder / "index")}  # fmt: skip
    app = create_app(config)
    try:
        set_up(app, seed_demo)
    finally:
        dispose(app)
    return folder


def serve(demo: Path, folder: Path, *options: str) -> Iterator[int]:
    """gunicorn on a free port with a copy of the demo instance in `folder`; yields the port."""
    shutil.copytree(demo, folder, dirs_exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NSC_")}
    env.update(NSC_INSTANCE_PATH=str(folder), NSC_SECRET_KEY="gunicorn-test", PYTHONPATH=str(ROOT))
    port = free_port()
    command = [str(BIN / "gunicorn"), *options, "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    command.append("--no-control-socket")  # the default socket is one per user, shared
    log = (folder / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [*command, "wsgi:app"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, (folder / "gunicorn.log").read_text()
            try:
                get(port, "/robots.txt")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start in 120 s"
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


@pytest.fixture(scope="module")
def configured(tmp_path_factory: pytest.TempPathFactory, demo_instance: Path) -> Iterator[int]:
    folder = tmp_path_factory.mktemp("configured")
    yield from serve(demo_instance, folder, "--config", "gunicorn.conf.py")


def test_a_search_address_over_8_kb_gets_the_apps_own_page(configured: int) -> None:
    status, html = get(configured, f"/practices?q={LONG_TEXT.replace(' ', '+')}")
    assert status == 400
    assert "Use a few words that matter most" in html and 'class="site-header"' in html


def test_without_the_config_gunicorn_answers_414_itself(tmp_path: Path, demo_instance: Path):
    # The reason for the setting: the same address never reaches the app without it.
    defaults = tmp_path / "defaults.conf.py"
    defaults.write_text("")
    for port in serve(demo_instance, tmp_path, "--config", str(defaults)):
        status, html = get(port, f"/practices?q={LONG_TEXT.replace(' ', '+')}")
        assert status == 414 and "site-header" not in html


def test_ordinary_pages_still_answer(configured: int) -> None:
    status, html = get(configured, "/practices?q=trygghet")
    assert status == 200 and "site-header" in html


def test_a_server_process_runs_one_thread(tmp_path: Path) -> None:
    # Each core runs a server process: threads of OpenBLAS or of the tokenizer on top only wait.
    ours = ("NSC_", "OPENBLAS", "TOKENIZERS")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env.update(NSC_INSTANCE_PATH=str(tmp_path), NSC_SECRET_KEY="threads-test", PYTHONPATH=str(ROOT))
    count = "import os, wsgi; print(len(os.listdir('/proc/self/task')))"
    process = [str(BIN / "python"), "-c", count]
    found = subprocess.run(process, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split()[-1] == "1"
