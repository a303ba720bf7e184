"""Adding to the shortlist: without a reload when JavaScript runs, by the plain form without it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import screenshot

SEARCH = "/practices?theme=violent-extremism&sort=title"


def first_addable(page):
    return page.locator(".card").filter(has=page.get_by_role("button", name="Add to shortlist"))


def test_adding_keeps_the_page_and_says_so(page, live_server) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + SEARCH)
    page.evaluate("window.notReloaded = true")
    card = first_addable(page).first
    title = card.locator(".card-title").inner_text()
    card.get_by_role("button", name="Add to shortlist").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#shortlist-status")).to_have_text("Added to your shortlist.")
    expect(page.locator("#shortlist-status")).to_have_attribute("aria-live", "polite")
    done = page.locator(".card").filter(has_text=title).locator(".shortlisted")
    expect(done).to_contain_text("On your shortlist")
    expect(done.get_by_role("link", name="compare")).to_be_focused()
    expect(page.locator("nav .count")).to_have_text("(1)")
    assert page.evaluate("window.notReloaded") is True  # the same page, scrolled where it was
    screenshot(page, "shortlist-added-without-reload")
    page.reload()  # the server kept it: the shortlist is in the session, not only on screen
    expect(page.locator("nav .count")).to_have_text("(1)")
    expect(page.get_by_text("Added to your shortlist.")).to_have_count(0)  # no flash left over


def test_without_javascript_the_form_still_adds(browser, live_server) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + SEARCH)
    card = first_addable(page).first
    title = card.locator(".card-title").inner_text()
    card.get_by_role("button", name="Add to shortlist").click()
    expect(page.get_by_text("Added to your shortlist.")).to_be_visible()  # the flash message
    expect(page.locator(".card").filter(has_text=title).locator(".shortlisted")).to_be_visible()
    expect(page.locator("nav .count")).to_have_text("(1)")
    context.close()
