"""Collections, asking a city, the inboxes and the evidence-gap map in a real browser: a visitor
asks without seeing an e-mail address, the city answers; axe finds nothing at 1280 and 375 px."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import Collection, Practice, Question
from nsc_library.practice_rules import Status
from nsc_library.services import corrections, questions
from tests.browser.conftest import screenshot
from tests.browser.test_review_browser import sign_in
from tests.support.factories import make_user

EDITOR = "secretariat-editor@nsc.example.org"
CITY = "city-contributor@nsc.example.org"
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture(scope="module")
def world(live_server) -> dict:
    """An editor, a contributor of the first practice's city, one question and one report."""
    app = live_server.app
    make_user(app, EDITOR, "editor")
    with app.app_context():
        practice = db.session.scalar(
            select(Practice).where(Practice.status == Status.PUBLISHED).order_by(Practice.id)
        )
        city, country = practice.city.name, practice.city.country_code
        question = questions.ask_city(
            practice, "Eva Lund", "eva@example.org", "Bergen", "May we visit in May?", True
        )
        corrections.report(practice, "The contact person has left.", "")
        collection = db.session.scalar(select(Collection).order_by(Collection.id))
        db.session.commit()
        found = {"slug": practice.slug, "question": question.id, "collection": collection.id}
    make_user(app, CITY, "contributor", city, country)
    return found


def check_page(page, name: str) -> None:
    """axe at 1280 px, then no sideways scrolling at 375 px; screenshots of both."""
    result = Axe().run(page)
    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result.response["violations"]
    ]
    screenshot(page, f"cityasks-{name}-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, f"cityasks-{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert violations == [], violations
    assert width <= 375 + 1, f"{name} scrolls sideways at 375 px ({width} px wide)"


PUBLIC = {
    "collections": "/collections",
    "collection": "/collections/start-here-nordic-models",
    "gaps": "/gaps",
    "gaps-groups": "/gaps?view=group-level",
    "practice-ask": "/practices/{slug}#ask",
}
SIGNED_IN = {
    "city-inbox": (CITY, "/contribute/questions"),
    "question": (CITY, "/contribute/questions/{question}"),
    "secretariat-inbox": (EDITOR, "/contribute/questions"),
    "queue-with-reports": (EDITOR, "/review/"),
    "collections-editor": (EDITOR, "/review/collections"),
    "collection-editor": (EDITOR, "/review/collections/{collection}"),
}


@pytest.mark.parametrize("name", list(PUBLIC))
def test_public_pages_have_no_axe_violations(page, live_server, world, name: str) -> None:
    page.goto(live_server.url + PUBLIC[name].format(**world))
    check_page(page, name)


@pytest.mark.parametrize("name", list(SIGNED_IN))
def test_signed_in_pages_have_no_axe_violations(page, live_server, world, name: str) -> None:
    email, path = SIGNED_IN[name]
    sign_in(page, live_server.url, email)
    page.goto(live_server.url + path.format(**world))
    check_page(page, name)


def test_a_visitor_asks_without_seeing_an_address_and_the_city_answers(
    page, live_server, world
) -> None:
    base = live_server.url
    page.goto(f"{base}/practices/{world['slug']}")
    assert not EMAIL_ADDRESS.findall(page.locator("main").inner_text())
    page.get_by_role("link", name=re.compile("^Ask .* a question$")).click()
    ask = page.locator("#ask")
    ask.get_by_role("button", name="Send the question").click()  # empty: the error state
    expect(page.locator("#ask .error-summary")).to_be_visible()
    check_page(page, "practice-ask-errors")
    ask = page.locator("#ask")
    ask.get_by_label("Your name").fill("Ola Nordmann")
    ask.get_by_label("Your e-mail address").fill("ola@example.org")
    ask.get_by_label("Your question").fill("<b>How</b> did you recruit the mentors?")
    ask.get_by_label("This is a request for a study visit").check()
    ask.get_by_role("button", name="Send the question").click()
    expect(page.locator(".messages")).to_contain_text("Your question was sent to")

    sign_in(page, base, CITY)
    page.goto(base + "/contribute/")
    page.get_by_role("link", name=re.compile("Questions to your city")).click()
    page.get_by_role("row", name=re.compile("Ola Nordmann")).get_by_role("link").click()
    expect(page.locator(".plain-text")).to_have_text("<b>How</b> did you recruit the mentors?")
    page.get_by_label("Your answer").fill("Through the sports clubs.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator(".messages")).to_contain_text("Answer sent.")
    with live_server.app.app_context():
        answered = db.session.scalar(select(Question).where(Question.name == "Ola Nordmann"))
        assert answered.answer == "Through the sports clubs." and answered.study_visit
