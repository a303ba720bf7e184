"""axe-core finds no accessibility violations on the main pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import screenshot


def first_practice(page, base: str) -> str:
    page.goto(base + "/practices?sort=title")
    return page.locator(".card-title a").first.get_attribute("href")


@pytest.mark.parametrize("name", ["home", "results", "practice", "compare", "about"])
def test_no_axe_violations(page, live_server, name: str) -> None:
    base = live_server.url
    if name == "practice":
        url = base + first_practice(page, base)
    elif name == "compare":
        page.goto(base + "/practices?sort=title")
        hrefs = page.locator(".card-title a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        slugs = [h.rsplit("/", 1)[1] for h in hrefs[:3]]
        url = base + "/compare?" + "&".join(f"p={s}" for s in slugs)
    else:
        url = base + {"home": "/", "results": "/practices?q=hate crime", "about": "/about"}[name]
    page.goto(url)
    result = Axe().run(page)
    screenshot(page, f"axe-{name}")
    violations = [(v["id"], v["help"], len(v["nodes"])) for v in result.response["violations"]]
    assert violations == [], violations
