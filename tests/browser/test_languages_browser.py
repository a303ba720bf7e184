"""Every interface language on a phone: the home page, search results, a practice page and the
practice form at 375 px fit the screen (no sideways scrolling) and axe finds nothing.
With NSC_SCREENSHOTS=1, screenshots go to test-artifacts/ (lang-<code>-<page>.png)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from nsc_library.i18n import LANGUAGES
from tests.browser.conftest import screenshot
from tests.support.factories import PASSWORD, make_user

PHONE = {"width": 375, "height": 812}
WRITER = "writer@languages.example.org"
PAGES = ("home", "results", "practice", "contribute")


@pytest.fixture(scope="module")
def writer(live_server) -> str:
    make_user(live_server.app, WRITER, "contributor", "Malmö")
    return WRITER


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def sign_in(page, base: str, email: str) -> None:
    """By the fields' ids: the labels are in whatever language the page is in."""
    page.goto(base + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.narrow-form button[type=submit]").click()
    expect(page.locator("form[action='/logout'] button")).to_be_visible()


def choose_language(page, base: str, code: str) -> None:
    """As a reader does: the switcher's link, named in its own language, on the page."""
    page.goto(base + "/")
    page.locator(f".language-switcher a[hreflang='{code}']").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def url_of(page, base: str, name: str) -> str:
    if name == "home":
        return base + "/"
    if name == "results":
        return base + "/practices?q=hate+crime"
    if name == "practice":
        page.goto(base + "/practices?sort=title")
        return base + page.locator(".card-title a").first.get_attribute("href")
    return base + "/contribute/new"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_each_language_fits_a_phone_and_passes_axe(phone, live_server, writer, code: str) -> None:
    base = live_server.url
    sign_in(phone, base, writer)
    choose_language(phone, base, code)
    problems = {}
    for name in PAGES:
        phone.goto(url_of(phone, base, name))
        expect(phone.locator("html")).to_have_attribute("lang", code)
        overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        screenshot(phone, f"lang-{code}-{name}")
        violations = [(v["id"], len(v["nodes"])) for v in Axe().run(phone).response["violations"]]
        if overflow > 0 or violations:
            problems[name] = {"overflow_px": overflow, "axe": violations}
    assert problems == {}
