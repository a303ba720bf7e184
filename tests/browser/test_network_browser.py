"""The map, the city pages and the Nordic model pages in Chromium: axe at two widths, keyboard."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

PAGES = {
    "map": "/map",
    "cities": "/cities",
    "city": "/cities/oslo",
    "models": "/models",
    "model": "/models/exit",
    "home": "/",
}
WIDTHS = (1280, 375)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations_on_the_network_pages(page, live_server, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + PAGES[name])
    result = Axe().run(page)
    screenshot(page, f"network-{name}-{width}")
    violations = [(v["id"], v["help"], len(v["nodes"])) for v in result.response["violations"]]
    assert violations == [], violations
    # Nothing wider than the screen but the tables' own scrolling regions.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px wider than {width}px"


def test_a_visitor_reaches_a_city_from_the_home_page_in_two_clicks(page, live_server) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Open the map of the member cities").click()
    page.get_by_role("link", name="Tórshavn, Faroe Islands:").first.click()
    expect(page).to_have_url(re.compile("/cities/torshavn$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tórshavn")


def test_map_points_are_reached_with_the_keyboard(page, live_server) -> None:
    page.goto(live_server.url + "/map")
    page.locator(".nordic-map a").first.focus()
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused and "practice" in focused
    page.keyboard.press("Enter")
    page.wait_for_url("**/cities/*")


def test_a_search_for_a_model_shows_its_card_first(page, live_server) -> None:
    page.goto(live_server.url + "/practices?q=SLT")
    first = page.locator(".results .card-title a").first
    assert first.inner_text().startswith("Model: SLT")
    first.click()
    expect(page).to_have_url(re.compile("/models/slt$"))
