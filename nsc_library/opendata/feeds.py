"""Atom feeds of newly published and updated practices: the whole library, a theme, a country."""

from __future__ import annotations

from feedgen.feed import FeedGenerator
from flask import url_for

from nsc_library.models import Practice
from nsc_library.models.columns import as_utc
from nsc_library.services.catalogue import LIBRARY_EPOCH, Subset
from nsc_library.services.catalogue import latest_changed as changed_among

FEED_LENGTH = 20
AUTHOR = "Nordic Safe Cities"


def latest_changed(subset: Subset, limit: int = FEED_LENGTH) -> list[Practice]:
    """The subset's practices, most recently published or updated first."""
    return changed_among(subset, limit)


def atom_feed(
    title: str, subtitle: str, page_url: str, self_url: str, practices: list[Practice]
) -> bytes:
    """An Atom (RFC 4287) document; each entry links to the practice's page."""
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(f"{title} · Nordic Safe Cities Practice Library")
    feed.subtitle(subtitle)
    feed.author(name=AUTHOR, uri=url_for("public.home", _external=True))
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.language("en")
    feed.updated(max((as_utc(p.updated_at) for p in practices), default=LIBRARY_EPOCH))
    for practice in practices:
        add_entry(feed, practice)
    return feed.atom_str(pretty=True)


def add_entry(feed: FeedGenerator, practice: Practice) -> None:
    permalink = url_for("public.practice", slug=practice.slug, _external=True)
    entry = feed.add_entry(order="append")
    # The permalink never changes, so it serves as the entry's permanent id.
    entry.id(permalink)
    entry.title(practice.title)
    entry.link(href=permalink, rel="alternate", type="text/html")
    entry.summary(f"{practice.city.name}, {practice.city.country.name}. {practice.summary}")
    entry.published(as_utc(practice.published_at or practice.created_at))
    entry.updated(as_utc(practice.updated_at))
    entry.author(name=practice.organisation or practice.city.name)
    scheme = url_for("public.themes", _external=True) + "/"
    for theme in practice.themes:
        entry.category(term=theme.slug, label=theme.label, scheme=scheme)
