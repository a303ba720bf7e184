"""The pages of issues 13 and 14 in a real browser: axe at 0 violations, at 1280 and 375 px."""

from __future__ import annotations

import re
import time

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


WRITER = "depth-writer@nsc.example.org"


@pytest.fixture(scope="module")
def writer(live_server) -> str:
    make_user(live_server.app, WRITER, "contributor", "Malmö")
    return WRITER


def test_a_contributor_adds_rows_without_javascript_help(page, live_server, writer) -> None:
    sign_in(page, live_server.url, writer)
    page.goto(live_server.url + "/contribute/new")
    page.set_viewport_size({"width": 375, "height": 900})
    page.get_by_label("Title", exact=True).fill("Homework café")
    page.locator("#phases-0-name").fill("Recruit volunteers")
    page.locator("#phases-0-duration_months").fill("3")
    page.get_by_role("button", name="Add another phase").click()
    expect(page.locator("#phases-1-name")).to_be_visible()
    expect(page.locator("#phases-0-name")).to_have_value("Recruit volunteers")
    expect(page.get_by_label("Title", exact=True)).to_have_value("Homework café")
    page.locator("#costs-0-amount").fill("-5")
    page.locator("#costs-0-currency").select_option("SEK")
    page.locator("#staffing-0-role").fill("Coordinator")
    page.locator("#staffing-0-fte").fill("1001")
    page.get_by_role("button", name="Save draft").last.click()
    # The import's rules, on every wrong row's field at once.
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("at most 1000")
    expect(summary).to_contain_text("Cannot be negative")
    expect(page.locator("#staffing-0-fte")).to_have_attribute("aria-invalid", "true")
    check_axe(page, "practice-form-rows-error")
    page.locator("#staffing-0-fte").fill("0,5")
    page.locator("#costs-0-amount").fill("25000")
    page.get_by_label("Title", exact=True).press("Enter")  # Enter saves; it adds no row
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("link", name="Edit").first.click()
    expect(page.locator("#staffing-0-fte")).to_have_value("0.5")
    expect(page.locator("#costs-0-amount")).to_have_value("25000")


def test_the_copying_city_reports_on_its_source(page, live_server, writer) -> None:
    from sqlalchemy import select

    from nsc_library.extensions import db
    from nsc_library.models import Practice

    with live_server.app.app_context():
        malmo = db.session.scalar(select(Practice).where(Practice.title.startswith("Sluta skjut")))
        practice_id = malmo.id
    sign_in(page, live_server.url, writer)
    page.goto(f"{live_server.url}/contribute/{practice_id}")
    page.get_by_role("link", name=re.compile("Report on “Boston Operation Ceasefire")).click()
    check_axe(page, "adaptation-report")
    page.set_viewport_size({"width": 375, "height": 900})
    group = page.get_by_role("group", name="Regular follow-up of the results")
    group.get_by_label("Changed").check()
    group.get_by_label("How, and why").fill("Quarterly instead of weekly.")
    page.get_by_label("Budget and staff").fill("Within the existing budgets.")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_text("It is published once an editor approves the change")).to_be_visible()
    page.get_by_role("link", name=re.compile("Report on “Boston Operation Ceasefire")).click()
    expect(page.get_by_label("Budget and staff")).to_have_value("Within the existing budgets.")


def test_typed_rows_are_kept_in_the_browser_like_the_other_fields(page, live_server, writer):
    sign_in(page, live_server.url, writer)
    page.goto(live_server.url + "/contribute/new")
    page.locator("#staffing-0-role").fill("Night coordinator")
    page.locator("#core_components-0").press_sequentially("Walk in pairs")
    # Kept 0.4 s after the last key: poll for it (the CSP forbids wait_for_function's eval).
    kept = "Object.values(localStorage).some(v => v.includes('Walk in pairs'))"
    deadline = time.monotonic() + 10
    while not page.evaluate(kept):
        assert time.monotonic() < deadline, "the draft was never kept"
        page.wait_for_timeout(50)  # polling interval
    page.goto(live_server.url + "/contribute/")
    page.goto(live_server.url + "/contribute/new")
    expect(page.locator("#staffing-0-role")).to_have_value("Night coordinator")
    expect(page.locator("#core_components-0")).to_have_value("Walk in pairs")
    expect(page.locator(".draft-notice")).to_contain_text("had not saved")
