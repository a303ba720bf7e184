"""A practitioner's tasks on the public site, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot


def results_url(page) -> str:
    return page.url.split("://", 1)[1].split("/", 1)[1]


def test_search_with_a_typo_and_follow_the_suggestion(page, live_server) -> None:
    page.goto(live_server.url + "/")
    page.get_by_label("Search the practices").fill("radicalisatoin")
    page.get_by_role("button", name="Search").click()
    # Nothing matches the typo, so the corrected search runs, and says so.
    notice = page.locator(".notice")
    expect(notice).to_contain_text("Showing results for")
    expect(page.locator(".card-title").first).to_be_visible()
    # The original can still be searched; then the correction is offered as a suggestion.
    notice.get_by_role("link", name="anyway").click()
    # Nothing contains the word as typed; what is shown is only close in meaning.
    expect(page.locator(".match-summary")).to_contain_text("No practice contains your words")
    page.locator(".notice").get_by_role("link").click()
    expect(page).not_to_have_url(re.compile("correct=0"))
    expect(page).to_have_url(re.compile("radicali"))
    expect(page.locator(".card-title").first).to_be_visible()


def test_combine_two_filters_and_remove_one_chip(page, live_server) -> None:
    page.goto(live_server.url + "/practices")
    # With JavaScript a ticked box applies at once (the button is for pages without it).
    page.get_by_label(re.compile(r"^Hate crime \(")).check()
    page.wait_for_url("**theme=hate-crime**")
    page.get_by_label(re.compile(r"^Sweden \(")).check()
    page.wait_for_url("**country=SE**")
    chips = page.get_by_role("list", name="Selected filters")
    expect(chips.get_by_role("link", name="Remove filter country: Sweden")).to_be_visible()
    both = int(page.locator(".results-count").inner_text().split()[0])
    chips.get_by_role("link", name="Remove filter country: Sweden").click()
    expect(page.get_by_role("link", name="Remove filter country: Sweden")).to_have_count(0)
    expect(page.get_by_role("link", name="Remove filter theme: Hate crime")).to_be_visible()
    assert int(page.locator(".results-count").inner_text().split()[0]) > both
    screenshot(page, "results-filtered")


def test_open_a_practice_and_go_back_to_the_same_results(page, live_server) -> None:
    page.goto(live_server.url + "/practices?q=mentoring&theme=youth-crime")
    first = page.locator(".card-title a").first
    title = first.inner_text()
    before = page.url
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.go_back()
    assert page.url == before
    expect(page.locator(".card-title a").first).to_have_text(title)


def test_shortlist_three_practices_and_compare_them(page, live_server) -> None:
    page.goto(live_server.url + "/practices?theme=violent-extremism&sort=title")
    titles = []
    for _ in range(3):
        card = (
            page.locator(".card")
            .filter(has=page.get_by_role("button", name="Add to shortlist"))
            .first
        )
        titles.append(card.locator(".card-title").inner_text())
        card.get_by_role("button", name="Add to shortlist").click()
        added = page.locator(".card").filter(has_text=titles[-1]).locator(".shortlisted")
        expect(added).to_be_visible()  # added without a reload
    page.get_by_role("link", name=re.compile("Shortlist")).click()
    page.get_by_role("button", name="Compare selected").click()
    # A click does not wait for the next page; expect() retries until it has loaded.
    expect(page).to_have_url(re.compile(r"/compare\?"))
    expect(page.locator("table.compare thead th")).to_have_text(titles)
    screenshot(page, "compare")


def test_a_search_with_the_keyboard_only(page, live_server) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("mentoring")  # not a model's name: no model card first
    page.keyboard.press("Enter")
    expect(page.locator(".results-count")).to_contain_text("practice")
    # Reach the first result by tabbing and open it with Enter.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.card-title') !== null"):
            break
    page.keyboard.press("Enter")
    expect(page.locator("#facts-heading")).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/practices?q=youth", "/practices/aarhus"])
def test_small_screens_need_no_sideways_scrolling(browser, live_server, path: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    if path == "/practices/aarhus":
        page.goto(live_server.url + "/practices?q=aarhus model")
        # The first practice: the Aarhus model's own card comes above them.
        page.locator(".card:not(.model-card) .card-title a").first.click()
        expect(page.locator("#facts-heading")).to_be_visible()
    else:
        page.goto(live_server.url + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width}px wide"
    if path.startswith("/practices?"):
        expect(page.locator("details.filters")).not_to_have_attribute("open", "")
    screenshot(page, "phone" + path.replace("/", "-").replace("?", "-"))
    context.close()
