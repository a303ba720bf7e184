"""A contributor writes up a practice and an editor publishes it, in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.support.factories import PASSWORD, make_user

TITLE = "Night walkers in Västra Hamnen"


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_from_draft_to_published_and_found_by_search(page, live_server) -> None:
    base = live_server.url
    make_user(live_server.app, "writer@malmo.example.org", "contributor", "Malmö")
    make_user(live_server.app, "editor@nsc.example.org", "editor")

    sign_in(page, base, "writer@malmo.example.org")
    page.get_by_role("link", name="Write up a new practice").click()
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".status")).to_have_text("Draft")

    page.get_by_role("link", name="Edit").click()
    summary = "Adult volunteers walk the harbour district on weekend nights."
    page.get_by_label("Summary", exact=True).fill(summary)
    page.get_by_label("How it works", exact=True).fill("Pairs of volunteers, **trained** first.")
    page.get_by_label("Safe urban space").check()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".status")).to_have_text("Submitted for review")
    sign_out(page)

    sign_in(page, base, "editor@nsc.example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Comment to the contributors").fill("Please add who trains the volunteers.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator(".status")).to_have_text("Changes requested")
    sign_out(page)

    sign_in(page, base, "writer@malmo.example.org")
    expect(page.get_by_text("Please add who trains the volunteers.")).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Lead organisation").fill("Malmö city and Police Region South")
    page.get_by_role("button", name="Submit for review").click()
    sign_out(page)

    sign_in(page, base, "editor@nsc.example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".status")).to_have_text("Published")
    sign_out(page)

    page.goto(base + "/")
    page.get_by_label("Search the practices").fill("night walkers harbour")
    page.get_by_role("button", name="Search").click()
    # The first practice (a search naming a model shows the model's card above them).
    expect(page.locator(".card:not(.model-card) .card-title a").first).to_have_text(TITLE)
    screenshot(page, "published-and-found")
