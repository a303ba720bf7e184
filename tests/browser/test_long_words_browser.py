"""Before and besides the real translations: the interface with every string made half as long
again and its long words twice as long (a pseudo-translation, as Finnish and Icelandic compounds
can be) still fits a 375 px phone. With NSC_SCREENSHOTS=1: test-artifacts/pseudo-long-<page>.png."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_babel import get_domain
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, demo_app, screenshot
from tests.browser.test_languages_browser import PAGES, PHONE, sign_in, url_of
from tests.support.apps import AppTemplates
from tests.support.factories import make_user

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "nsc_library" / "translations" / "messages.pot"
# Placeholders, tags and entities stay as they are; only words grow.
KEEP = re.compile(r"(%\(\w+\)[sdr]|<[^>]+>|&\w+;|\{\w+\})")
LANGUAGE = "fi"  # the pseudo-translation stands in for Finnish in this test only


def longer(text: str) -> str:
    def grow(word: re.Match) -> str:
        w = word.group(0)
        return w * 2 if len(w) >= 8 else w + w[: max(2, len(w) // 2)]

    parts = KEEP.split(text)
    return "".join(p if KEEP.fullmatch(p) else re.sub(r"[A-Za-z]+", grow, p) for p in parts)


def pseudo_catalogue(folder: Path) -> Path:
    with TEMPLATE.open("rb") as f:
        catalogue = read_po(f, locale=LANGUAGE)
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(longer(message.id[i > 0]) for i in range(2))
        else:
            message.string = longer(message.id)
    target = folder / LANGUAGE / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as f:
        write_mo(f, catalogue)
    return folder


@pytest.fixture(scope="module")
def long_server(tmp_path_factory: pytest.TempPathFactory, app_templates: AppTemplates):
    translations = pseudo_catalogue(tmp_path_factory.mktemp("pseudo"))
    folder = tmp_path_factory.mktemp("long")
    with demo_app(app_templates, folder, BABEL_TRANSLATION_DIRECTORIES=str(translations)) as app:
        make_user(app, "writer@long.example.org", "contributor", "Malmö")
        forget_translations(app)
        with LiveServer(app) as server:
            yield server
        forget_translations(app)  # the other tests' apps read the real catalogues again


def forget_translations(app) -> None:
    """Flask-Babel keeps loaded catalogues per process, not per app: this app has its own."""
    with app.app_context():
        get_domain().cache.clear()


def test_long_words_fit_a_phone(browser, long_server) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    base = long_server.url
    sign_in(page, base, "writer@long.example.org")
    page.goto(base + f"/language/{LANGUAGE}?next=/")
    # The pseudo-translation is on.
    expect(page.locator("h1")).to_contain_text("preventionprevention")
    overflow = {}
    for name in PAGES:
        page.goto(url_of(page, base, name))
        width = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        screenshot(page, f"pseudo-long-{name}")
        if width > 0:
            overflow[name] = width
    context.close()
    assert overflow == {}
