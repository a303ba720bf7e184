"""Atom feeds, sitemap.xml, robots.txt and the sharing metadata of practice pages."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree  # noqa: S405  (parses only what the app itself wrote)

import pytest
from flask import Flask

from nsc_library.practice_rules import Status
from tests.support import open_data
from tests.support.apps import AppTemplates
from tests.support.factories import import_records, make_record
from tests.support.open_data import DRAFT, DRAFT_TITLE, PUBLISHED

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MALMO, GOTEBORG, AARHUS, BAERUM = (r["title"] for r in PUBLISHED)


@pytest.fixture(scope="module")
def shared_library(tmp_path_factory: pytest.TempPathFactory, app_templates: AppTemplates):
    yield from open_data.shared_library(tmp_path_factory, app_templates)


@pytest.fixture
def app(request: pytest.FixtureRequest, tmp_path: Path, app_templates: AppTemplates):
    """The library of tests/support/open_data.py for tests that ask for its slugs, else empty."""
    yield from open_data.app_for(request, tmp_path, app_templates)


@pytest.fixture
def slugs(app: Flask) -> dict[str, str]:
    return app.extensions["tests.filled"]


def parse_atom(response) -> ElementTree.Element:
    """The feed, checked against what RFC 4287 requires of a feed and of each entry."""
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.get_data())  # noqa: S314
    assert feed.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{element}")) == 1, element
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == feed.find(f"{ATOM}id").text
    assert links["alternate"].startswith("http://localhost/")
    datetime.fromisoformat(feed.find(f"{ATOM}updated").text)
    for entry in feed.findall(f"{ATOM}entry"):
        for element in ("id", "title", "updated", "summary", "published"):
            assert len(entry.findall(f"{ATOM}{element}")) == 1, element
        updated = datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert updated.utcoffset() is not None
        # A link without rel is the alternate (RFC 4287, 4.2.7.2): the practice's page.
        alternates = [
            link.get("href")
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert alternates == [entry.find(f"{ATOM}id").text]
    return feed


def entry_titles(feed: ElementTree.Element) -> list[str]:
    return [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]


def test_library_feed_lists_published_practices_newest_first(app, client, slugs) -> None:
    import_records(app, [make_record(title="Newest practice")])
    feed = parse_atom(client.get("/feeds/practices.atom"))
    titles = entry_titles(feed)
    assert titles[0] == "Newest practice"
    assert set(titles) == {r["title"] for r in PUBLISHED} | {"Newest practice"}
    assert DRAFT_TITLE not in client.get("/feeds/practices.atom").get_data(as_text=True)
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}id").text.startswith("http://localhost/practices/")
    assert entry.find(f"{ATOM}updated").text == feed.find(f"{ATOM}updated").text


def test_an_updated_practice_moves_to_the_top(app, client, slugs) -> None:
    changed = {**PUBLISHED[0], "summary": "Advice the same day, now also in Arabic."}
    import_records(app, [changed])
    feed = parse_atom(client.get("/feeds/practices.atom"))
    first = feed.find(f"{ATOM}entry")
    assert first.find(f"{ATOM}title").text == MALMO
    assert "also in Arabic" in first.find(f"{ATOM}summary").text
    published = datetime.fromisoformat(first.find(f"{ATOM}published").text)
    assert datetime.fromisoformat(first.find(f"{ATOM}updated").text) > published


def test_entries_carry_their_themes(client, slugs) -> None:
    feed = parse_atom(client.get("/feeds/themes/hate-speech.atom"))
    (entry,) = feed.findall(f"{ATOM}entry")
    terms = {c.get("term"): c.get("label") for c in entry.findall(f"{ATOM}category")}
    assert terms == {"hate-crime": "Hate crime", "hate-speech": "Hate speech"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/feeds/themes/hate-crime.atom", {MALMO, GOTEBORG}),
        ("/feeds/themes/youth-crime.atom", {AARHUS}),
        ("/feeds/themes/gang-crime.atom", set()),
        ("/feeds/countries/DK.atom", {AARHUS}),
        ("/feeds/countries/SE.atom", {MALMO, GOTEBORG}),
        ("/feeds/countries/FI.atom", set()),
    ],
)
def test_theme_and_country_feeds(client, slugs, url: str, expected: set[str]) -> None:
    feed = parse_atom(client.get(url))
    assert set(entry_titles(feed)) == expected
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"http://localhost{url}"


def test_country_codes_are_case_insensitive(client, slugs) -> None:
    response = client.get("/feeds/countries/dk.atom")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/feeds/countries/DK.atom")


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/themes/no-such-theme.atom",
        "/feeds/countries/XX.atom",
        "/feeds/countries/Denmark.atom",
    ],
)
def test_unknown_feeds_are_404(client, slugs, url: str) -> None:
    assert client.get(url).status_code == 404


def test_feeds_answer_304_when_unchanged(app, client, slugs) -> None:
    first = client.get("/feeds/countries/SE.atom")
    etag = {"If-None-Match": first.headers["ETag"]}
    assert client.get("/feeds/countries/SE.atom", headers=etag).status_code == 304
    import_records(app, [make_record(title="One more in Sweden")])
    assert client.get("/feeds/countries/SE.atom", headers=etag).status_code == 200


def test_pages_link_to_their_feeds(client, slugs) -> None:
    feed_link = re.escape('<link rel="alternate" type="application/atom+xml"')
    home = client.get("/").get_data(as_text=True)
    assert re.search(feed_link + r'[^>]*href="/feeds/practices.atom"', home)
    theme = client.get("/themes/hate-crime").get_data(as_text=True)
    assert re.search(feed_link + r'[^>]*href="/feeds/themes/hate-crime.atom"', theme)
    assert 'href="/feeds/themes/hate-crime.atom">Subscribe' in theme
    country = client.get("/countries/DK").get_data(as_text=True)
    assert re.search(feed_link + r'[^>]*href="/feeds/countries/DK.atom"', country)
    search = client.get("/practices?country=DK").get_data(as_text=True)
    assert re.search(feed_link + r'[^>]*href="/feeds/countries/DK.atom"', search)


# --- Sitemap, robots and sharing metadata ------------------------------------------------------


def test_sitemap_lists_every_public_page_and_no_draft(client, slugs) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    urlset = ElementTree.fromstring(response.get_data())  # noqa: S314
    assert urlset.tag == f"{SITEMAP}urlset"
    locations = {u.find(f"{SITEMAP}loc").text: u for u in urlset.findall(f"{SITEMAP}url")}
    for title in (MALMO, GOTEBORG, AARHUS, BAERUM):
        url = locations[f"http://localhost/practices/{slugs[title]}"]
        datetime.fromisoformat(url.find(f"{SITEMAP}lastmod").text)
    assert f"http://localhost/practices/{slugs[DRAFT_TITLE]}" not in locations
    for page in ("/", "/practices", "/themes/hate-crime", "/countries/DK", "/api", "/about"):
        assert f"http://localhost{page}" in locations, page
    assert "http://localhost/themes/gang-crime" not in locations


def test_robots_points_to_the_sitemap_and_keeps_crawlers_out_of_private_areas(client) -> None:
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    for path in ("/api/", "/shortlist", "/compare", "/practices/export."):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /practices" not in lines
    assert "Disallow: /themes" not in lines


def test_practice_page_previews_when_shared(client, slugs) -> None:
    html = client.get(f"/practices/{slugs[MALMO]}").get_data(as_text=True)
    summary = PUBLISHED[0]["summary"]
    for tag in (
        f'<meta name="description" content="{summary}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{MALMO}">',
        f'<meta property="og:description" content="{summary}">',
        f'<meta property="og:url" content="http://localhost/practices/{slugs[MALMO]}">',
        '<meta property="og:site_name" content="Nordic Safe Cities Practice Library">',
        '<meta property="article:tag" content="Hate crime">',
    ):
        assert tag in html, tag
    published = re.search(r'property="article:published_time" content="([^"]+)"', html)
    assert datetime.fromisoformat(published.group(1)).utcoffset() is not None


def test_sharing_metadata_is_escaped(app, client) -> None:
    import_records(app, [make_record(title='Quotes "and" <tags>')])
    feed = parse_atom(client.get("/feeds/practices.atom"))
    page = client.get(feed.find(f"{ATOM}entry/{ATOM}id").text).get_data(as_text=True)
    assert '<meta property="og:title" content="Quotes &#34;and&#34; &lt;tags&gt;">' in page


def test_api_page_shows_a_partner_how_to_get_the_data(client, slugs) -> None:
    html = client.get("/api").get_data(as_text=True)
    for url in (
        "http://localhost/api/v1/practices?country=SE&amp;theme=hate-crime",
        "http://localhost/api/v1/practices.csv?country=SE&amp;theme=hate-crime",
        "http://localhost/api/v1/practices.json?country=SE&amp;theme=hate-crime",
        "http://localhost/feeds/countries/DK.atom",
        "http://localhost/api/v1/openapi.json",
    ):
        assert url in html, url
    # The examples on the page work.
    for url in re.findall(r"curl (?:-o \S+ )?'http://localhost([^']+)'", html):
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200, url
    assert client.get("/feeds/countries/DK.atom").status_code == 200
    assert 'href="/api"' in client.get("/").get_data(as_text=True)


def test_drafts_stay_out_of_every_feed(app, client, slugs) -> None:
    import_records(app, [{**DRAFT, "summary": "Updated draft."}], status=Status.DRAFT)
    for url in (
        "/feeds/practices.atom",
        "/feeds/themes/hate-crime.atom",
        "/feeds/countries/SE.atom",
    ):
        assert DRAFT_TITLE not in client.get(url).get_data(as_text=True), url
