"""The pages of issues 13 and 14 in a real browser: axe at 0 violations, at 1280 and 375 px."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_review_browser import sign_in
from tests.support.factories import make_user

EDITOR = "rates-editor@nsc.example.org"


@pytest.fixture(scope="module")
def editor(live_server) -> str:
    make_user(live_server.app, EDITOR, "editor")
    return EDITOR


def check_axe(page, name: str) -> None:
    """No violations, at desktop width and on a phone, without sideways scrolling of the page."""
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        result = Axe().run(page)
        violations = [
            (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in result.response["violations"]
        ]
        screenshot(page, f"{name}-{width}")
        assert violations == [], (width, violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


def test_an_editor_corrects_a_rate(page, live_server, editor) -> None:
    sign_in(page, live_server.url, editor)
    page.goto(live_server.url + "/admin/rates")
    check_axe(page, "rates")
    page.set_viewport_size({"width": 375, "height": 900})
    page.get_by_label("Currency", exact=True).fill("SEK")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_label("Euros for one unit").fill("-1")
    page.get_by_role("button", name="Save the rate").click()
    expect(page.locator(".error-summary")).to_contain_text("above 0")
    check_axe(page, "rates-error")
    page.get_by_label("Euros for one unit").fill("0,091")
    page.get_by_role("button", name="Save the rate").click()
    expect(page.get_by_text("Saved: 1 SEK = 0.091 EUR in 2026.")).to_be_visible()
    expect(page.locator("table.rates")).to_contain_text("0.091")
