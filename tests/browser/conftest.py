"""Browser tests: the real app on a free local port, driven by Debian's Chromium via Playwright.

Nothing is downloaded: Playwright launches /usr/bin/chromium. Outside CI the tests skip when no
Chromium is installed; in CI (CI=true) they fail instead, so a broken set-up cannot pass quietly.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.support.apps import AppTemplates, seed_demo

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CHROMIUM = os.environ.get("NSC_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {CHROMIUM}; the test set-up must install it")
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium to run these")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def whole_answers(app: Flask) -> WSGIApplication:
    """The app, each answer read in full and closed before the server writes it.

    When the browser leaves a page while a static file is still being sent, Werkzeug's development
    server fails reading what is left of the request and skips closing the answer: the file stays
    open, and Python's ResourceWarning then fails whichever test is running when it is collected.
    """

    def answer(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        parts = app(environ, start_response)
        try:
            return [b"".join(parts)]
        finally:
            if hasattr(parts, "close"):
                parts.close()

    return answer


class LiveServer:
    """The app served over real HTTP by Werkzeug's threaded server, in this process."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        # The socket is bound here, before the thread starts: the server is ready at once.
        self.server = make_server("127.0.0.1", 0, whole_answers(app), threaded=True)
        self.url = f"http://127.0.0.1:{self.server.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join()


@contextmanager
def demo_app(app_templates: AppTemplates, folder: Path, **overrides: Any) -> Iterator[Flask]:
    """The demo library with CSRF checks on, copied from the worker's seeded template."""
    with app_templates.app(folder, seed_demo, WTF_CSRF_ENABLED=True, **overrides) as app:
        yield app


@pytest.fixture(scope="module")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, app_templates: AppTemplates
) -> Iterator[LiveServer]:
    with demo_app(app_templates, tmp_path_factory.mktemp("live")) as app, LiveServer(app) as server:
        yield server


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # The site must work with no internet: any request to another host fails the test.
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith("http://127.0.0.1:") else None,
    )
    yield page
    context.close()
    assert not outside, f"requests left the machine: {outside}"


def screenshot(page, name: str) -> None:
    """A full-page picture for a person to look at, when NSC_SCREENSHOTS=1 asks for them.

    Off by default: the pictures assert nothing, and taking them was a fifth of the browser tests'
    time.
    """
    if os.environ.get("NSC_SCREENSHOTS") != "1":
        return
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
