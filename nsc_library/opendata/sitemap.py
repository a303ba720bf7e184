"""sitemap.xml and robots.txt: what search engines may crawl, and every public page to find."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask import current_app, url_for
from markupsafe import escape

from nsc_library.models.columns import as_utc
from nsc_library.services import browse, catalogue, collections, network

# Blueprints whose pages are for everyone; every other area (accounts, review, the API's
# data endpoints) is kept out of search engines.
CRAWLED_BLUEPRINTS = ("public", "opendata")
PER_VISITOR_PATHS = ("/shortlist", "/compare", "/practices/export.")
STATIC_PAGES = (
    "home",
    "practices",
    "themes",
    "countries",
    "cities",
    "nordic_map",
    "models",
    "collections_page",
    "gaps_page",
    "about",
    "accessibility",
)


def page_addresses() -> Iterable[tuple[str, datetime | None]]:
    """(absolute URL, last change or None) for every public page."""
    for endpoint in STATIC_PAGES:
        yield url_for(f"public.{endpoint}", _external=True), None
    yield url_for("opendata.api_page", _external=True), None
    for count in browse.term_counts("theme"):
        yield url_for("public.theme", slug=count.key, _external=True), None
    for count in browse.country_counts():
        yield url_for("public.country", code=count.key, _external=True), None
    for entry in network.listed_cities():
        yield url_for("public.city", slug=entry.city.slug, _external=True), None
    for model in network.models():
        yield url_for("public.model", slug=model.slug, _external=True), None
    for collection in collections.published_collections():
        address = url_for("public.collection", slug=collection.slug, _external=True)
        yield address, as_utc(collection.updated_at)
    for slug, changed in catalogue.published_slugs_and_changes():
        yield url_for("public.practice", slug=slug, _external=True), changed
    for slug, language, changed in catalogue.published_translations_and_changes():
        yield url_for("public.practice_in", slug=slug, language=language, _external=True), changed


def sitemap_xml() -> str:
    """A sitemaps.org 0.9 document."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for address, changed in page_addresses():
        lastmod = f"<lastmod>{changed.isoformat(timespec='seconds')}</lastmod>" if changed else ""
        lines.append(f"  <url><loc>{escape(address)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def private_prefixes() -> list[str]:
    """The first path segment of every route outside the crawled blueprints."""
    prefixes = set(PER_VISITOR_PATHS)
    for rule in current_app.url_map.iter_rules():
        blueprint = rule.endpoint.rpartition(".")[0]
        if rule.endpoint != "static" and blueprint not in CRAWLED_BLUEPRINTS:
            first = rule.rule.strip("/").split("/", 1)[0]
            if first and "<" not in first:
                prefixes.add(f"/{first}/" if "/" in rule.rule.strip("/") else f"/{first}")
    return sorted(prefixes)


def robots_txt() -> str:
    lines = ["User-agent: *", *(f"Disallow: {p}" for p in private_prefixes()), "Allow: /"]
    lines.append(f"Sitemap: {url_for('opendata.sitemap_document', _external=True)}")
    return "\n".join(lines) + "\n"
