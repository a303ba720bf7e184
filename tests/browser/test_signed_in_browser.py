"""Signed-in pages in a real browser: axe finds nothing, the screens at 1280 and 375 px, and
the comforts of the practice form (local draft, picker), the filters and the shortlist."""

from __future__ import annotations

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from nsc_library.exchange import practice_record
from nsc_library.extensions import db
from nsc_library.models import Practice, User
from nsc_library.practice_rules import Status
from nsc_library.services import workflow
from tests.browser.conftest import screenshot
from tests.browser.test_review_browser import sign_in
from tests.support.factories import make_user

ADMIN = "admin@nsc.example.org"


@pytest.fixture(scope="module")
def world(live_server) -> dict:
    """An administrator, and a published practice with an edit waiting for review."""
    app = live_server.app
    make_user(app, ADMIN, "admin")
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == ADMIN))
        practice = db.session.scalar(
            select(Practice).where(Practice.status == Status.PUBLISHED).order_by(Practice.id)
        )
        record = practice_record(practice)
        record["summary"] = record["summary"] + " Now also in the evenings."
        workflow.save_practice(practice, record, admin, workflow.latest_revision_number(practice))
        return {"id": practice.id, "revisions": workflow.latest_revision_number(practice)}


def form_with_errors(page, base: str) -> None:
    page.goto(base + "/contribute/new")
    page.get_by_label("Title", exact=True).fill("Night walks")
    page.get_by_label("Start year").fill("20x9")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".error-summary")).to_be_visible()


PAGES = {
    "dashboard": "/contribute/",
    "form-with-errors": None,
    "review": "/contribute/{id}",
    "history": "/contribute/{id}/history?a=1&b={revisions}",
    "accounts": "/admin/users",
    "vocabularies": "/admin/vocabularies",
    "nordic-models": "/admin/models",
    "nordic-model-form": "/admin/models/ssp",
    "audit-log": "/admin/audit",
    "review-queue": "/review/",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_signed_in_pages_have_no_axe_violations(page, live_server, world, name: str) -> None:
    base = live_server.url
    sign_in(page, base, ADMIN)
    if PAGES[name] is None:
        form_with_errors(page, base)
    else:
        page.goto(base + PAGES[name].format(**world))
    result = Axe().run(page)
    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result.response["violations"]
    ]
    screenshot(page, f"signed-in-{name}-1280")
    # The brand and navigation row; the language switcher has a thin row of its own above it.
    header = page.evaluate("document.querySelector('.site-header > div.wrap').offsetHeight")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, f"signed-in-{name}-375")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert violations == [], violations
    assert header < 70, f"the signed-in header wraps to two lines at 1280 px ({header} px)"
    assert width <= 375 + 1, f"the page scrolls sideways at 375 px ({width} px wide)"


def test_typed_text_survives_leaving_the_page(page, live_server, world) -> None:
    base = live_server.url
    sign_in(page, base, ADMIN)
    page.goto(base + "/contribute/new")
    page.get_by_label("How it works", exact=True).fill("Volunteers walk in pairs on Fridays.")
    # The draft is kept 0.4 s after the last key: wait until it is there, not a fixed time.
    kept = "Object.keys(localStorage).some(k => k.startsWith('nsc-draft:'))"
    deadline = time.monotonic() + 10
    while not page.evaluate(kept):
        assert time.monotonic() < deadline, "the draft was never kept"
        page.wait_for_timeout(50)  # polling interval
    page.goto(base + "/contribute/")
    page.goto(base + "/contribute/new")
    expect(page.get_by_label("How it works", exact=True)).to_have_value(
        "Volunteers walk in pairs on Fridays."
    )
    expect(page.locator(".draft-notice")).to_contain_text("had not saved")
    page.get_by_role("button", name="Show the saved version instead").click()
    expect(page.get_by_label("How it works", exact=True)).to_have_value("")


def test_inspired_by_finds_a_practice_among_many_and_marks_it(page, live_server, world) -> None:
    """The form lists only the chosen practices; the search adds matches as one types."""
    base = live_server.url
    sign_in(page, base, ADMIN)
    page.goto(base + "/contribute/new")
    picker = page.locator("fieldset[data-picker]")
    expect(picker.locator(".checkbox")).to_have_count(0)  # not the whole library
    picker.get_by_label("Find a practice by its title or city").fill("malmo exit")  # no ö typed
    found = picker.locator(".checkbox")
    expect(found.first).to_be_visible()
    expect(picker.locator(".picker-status")).to_contain_text("match")
    assert "Malmö" in found.first.inner_text()
    found.first.locator("input").check()
    # Another search replaces the unticked matches but keeps the ticked one.
    picker.get_by_label("Find a practice by its title or city").press("Control+a")
    picker.get_by_label("Find a practice by its title or city").fill("zzzzqx")
    expect(picker.locator(".picker-status")).to_contain_text("No published practice")
    expect(picker.locator(".checkbox")).to_have_count(1)
    expect(picker.locator("input:checked")).to_have_count(1)
    assert page.url.endswith("/contribute/new")  # Enter and the button never left the page
    violations = [v["id"] for v in Axe().run(page).response["violations"]]
    assert violations == [], violations
    page.set_viewport_size({"width": 375, "height": 800})
    picker.scroll_into_view_if_needed()
    screenshot(page, "inspired-by-picker-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1


def test_inspired_by_search_works_without_javascript(page, live_server, world) -> None:
    # The site's script never arrives (axe still needs the browser's JavaScript).
    page.route("**/static/app.js", lambda route: route.abort())
    base = live_server.url
    sign_in(page, base, ADMIN)
    page.goto(base + "/contribute/new")
    page.get_by_label("Title", exact=True).fill("Night walks in Umeå")
    page.get_by_label("Find a practice by its title or city").fill("malmo exit")
    page.get_by_role("button", name="Find practices").click()
    expect(page.get_by_label("Title", exact=True)).to_have_value("Night walks in Umeå")
    picker = page.locator("fieldset[data-picker]")
    expect(picker.locator(".picker-status")).to_contain_text("match")
    picker.locator(".checkbox input").first.check()
    violations = [v["id"] for v in Axe().run(page).response["violations"]]
    assert violations == [], violations
    screenshot(page, "inspired-by-picker-no-javascript")


def test_filters_apply_when_ticked_and_the_shortlist_keeps_the_place(page, live_server) -> None:
    base = live_server.url
    page.goto(base + "/practices")
    expect(page.locator("[data-apply-filters]")).to_be_hidden()
    page.locator(".filters input[name=country]").first.check()
    page.wait_for_url("**country=**")
    page.goto(base + "/practices?sort=title&page=2")
    button = page.get_by_role("button", name="Add to shortlist").nth(8)
    button.scroll_into_view_if_needed()
    button.click()
    # Added without a reload (static/app.js), so the page stays where it was.
    expect(page.locator(".site-header .count")).to_have_text("(1)")
    assert page.url.endswith("/practices?sort=title&page=2")
    assert page.evaluate("window.scrollY") > 300  # not back at the top
    contrast = [v for v in Axe().run(page).response["violations"] if v["id"] == "color-contrast"]
    assert contrast == [], [n["target"] for v in contrast for n in v["nodes"]]
    screenshot(page, "shortlist-added-keeps-place")


def test_compare_on_a_phone_shows_a_scroll_cue(page, live_server) -> None:
    base = live_server.url
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(base + "/practices?sort=title")
    hrefs = page.locator(".card-title a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    slugs = [h.rsplit("/", 1)[1] for h in hrefs[:3]]
    page.goto(base + "/compare?" + "&".join(f"p={s}" for s in slugs))
    expect(page.locator(".scroll-cue")).to_be_visible()
    screenshot(page, "compare-375")
