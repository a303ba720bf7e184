"""A Finnish youth worker finds a Danish practice through its Finnish translation; a contributor
updates a translation that is out of date. axe-core checks both pages."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from babel.support import Translations
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_review_browser import sign_in
from tests.support.factories import make_user

DANISH_TITLE = "Mentorforløb for unge i udkanten af bandemiljøet"
FINNISH_TITLE = "Mentorointia jengien reunamilla oleville nuorille"
SWEDISH_TITLE = "Mentorskap för unga i utkanten av gängmiljön"
CATALOGUES = Path(__file__).resolve().parents[2] / "nsc_library" / "translations"


def outdated_note(language: str) -> str:
    """The words that say a translation is older than its original, in the reader's language."""
    return Translations.load(CATALOGUES, [language]).gettext("Translated from an earlier version.")


def no_axe_violations(page) -> None:
    result = Axe().run(page)
    violations = [(v["id"], v["help"], len(v["nodes"])) for v in result.response["violations"]]
    assert violations == [], violations


def fits_the_screen(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def test_a_finnish_reader_finds_the_danish_practice_in_finnish(page, live_server) -> None:
    base = live_server.url
    page.set_extra_http_headers({"Accept-Language": "fi-FI,fi;q=0.9"})
    page.goto(base + "/practices?q=jengien reunamilla")
    page.locator(".card-title a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FINNISH_TITLE)
    expect(page.locator(".translation-note")).to_be_visible()
    expect(page.get_by_text(outdated_note("fi"))).to_have_count(0)
    no_axe_violations(page)
    screenshot(page, "translation-finnish")

    page.locator(".translation-note a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DANISH_TITLE)
    # The original's text is marked Danish in a page whose interface stays Finnish.
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.locator("article.practice > header")).to_have_attribute("lang", "da")


def test_an_outdated_translation_says_so_and_shows_the_changes(page, live_server) -> None:
    base = live_server.url
    page.set_extra_http_headers({"Accept-Language": "sv-SE,sv;q=0.9"})
    page.goto(base + "/practices?q=mentorskap gängmiljön")
    page.locator(".card-title a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SWEDISH_TITLE)
    expect(page.get_by_text(outdated_note("sv"))).to_be_visible()
    page.locator(".original-changes summary").click()
    expect(page.locator(".original-changes ins").first).to_be_visible()
    no_axe_violations(page)
    page.set_viewport_size({"width": 375, "height": 800})
    fits_the_screen(page)
    screenshot(page, "translation-outdated")


def test_a_contributor_updates_the_outdated_translation(page, live_server) -> None:
    base = live_server.url
    make_user(live_server.app, "writer@kbh.example.org", "contributor", "København", "DK")
    sign_in(page, base, "writer@kbh.example.org")
    page.goto(base + "/contribute/")
    page.get_by_role("link", name=DANISH_TITLE).click()
    page.get_by_role("link", name="Swedish").click()
    expect(page.get_by_text("The original has changed since this translation")).to_be_visible()
    no_axe_violations(page)

    page.get_by_label("Title", exact=True).fill("")
    page.get_by_role("button", name="Save the translation").click()
    expect(page.locator(".error-summary")).to_be_visible()
    no_axe_violations(page)
    screenshot(page, "translation-form-error")

    page.get_by_label("Title", exact=True).fill(SWEDISH_TITLE)
    page.get_by_role("button", name="Save the translation").click()
    expect(page.get_by_text("Translation saved.")).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    page.get_by_role("link", name="Swedish").click()
    expect(page.get_by_text("The original has changed since this translation")).to_have_count(0)
    fits_the_screen(page)
    screenshot(page, "translation-form-phone")
