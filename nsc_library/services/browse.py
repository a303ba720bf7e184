"""Browsing from the database: counts and lists that work even when the search index does not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, g
from sqlalchemy import and_, func, select
from sqlalchemy.orm import InstrumentedAttribute

from nsc_library.extensions import db
from nsc_library.i18n import country_name_in, current_language
from nsc_library.models import City, Country, Practice
from nsc_library.practice_rules import Status
from nsc_library.search import SearchQuery, SearchUnavailable, search_practices
from nsc_library.services.catalogue import CARD_LOADS, TERM_MODELS, Subset, last_public_change

# Where an app keeps its counts of the library (see counted()).
COUNTS_CACHE = "nsc_library_counts"
# Where a request keeps the counts it read from the search index.
INDEX_COUNTS = "library_counts_from_index"
TERM_RELATIONS: dict[str, InstrumentedAttribute] = {
    "theme": Practice.themes,
    "approach": Practice.approaches,
    "target_group": Practice.target_groups,
}


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int
    description: str = ""


# The whole library as a search filter: none.
NO_FILTER = ("", "")


def whole_library() -> Subset:
    return Subset(("library",), Practice.status == Status.PUBLISHED, NO_FILTER)


def with_term(dimension: str, slug: str) -> Subset:
    model = TERM_MODELS[dimension]
    condition = TERM_RELATIONS[dimension].any(model.slug == slug)
    published = and_(Practice.status == Status.PUBLISHED, condition)
    return Subset((dimension, slug), published, (dimension, slug))


def in_country(code: str) -> Subset:
    cities = select(City.id).where(City.country_code == code)
    condition = and_(Practice.status == Status.PUBLISHED, Practice.city_id.in_(cities))
    return Subset(("country", code), condition, ("country", code))


def in_city(city_id: int) -> Subset:
    condition = and_(Practice.status == Status.PUBLISHED, Practice.city_id == city_id)
    return Subset(("city", str(city_id)), condition)


def term_counts(
    dimension: str,
    within: Subset | None = None,
    keep_empty: bool = False,
    language: str | None = None,
) -> list[Count]:
    """Published practices per theme, approach or target group, optionally within a subset,
    labelled in `language` (default: the page's), sorted by label."""
    language = language or current_language()
    subset = within or whole_library()
    numbers = counted(subset, dimension, lambda: _term_numbers(dimension, subset))
    model = TERM_MODELS[dimension]
    counts = [
        Count(
            term.slug,
            term.label_in(language),
            numbers.get(term.slug, 0),
            term.description_in(language),
        )
        for term in db.session.scalars(select(model))
        if numbers.get(term.slug) or keep_empty
    ]
    return sorted(counts, key=lambda c: c.label.casefold())


def _term_numbers(dimension: str, subset: Subset) -> dict[str, int]:
    link = TERM_RELATIONS[dimension].property.secondary
    column = next(c for c in link.c if c.name != "practice_id")
    model = TERM_MODELS[dimension]
    rows = db.session.execute(
        select(model.slug, func.count())
        .select_from(link)
        .join(model, model.id == column)
        .join(Practice, Practice.id == link.c.practice_id)
        .where(subset.condition)
        .group_by(model.slug)
    )
    return dict(rows.all())


def country_counts(within: Subset | None = None, language: str | None = None) -> list[Count]:
    """Published practices per country, Nordic countries first, then by name in `language`."""
    language = language or current_language()
    subset = within or whole_library()
    numbers = counted(subset, "country", lambda: _country_numbers(subset))
    nordic = set(db.session.scalars(select(Country.code).where(Country.nordic)))
    named = [
        (code in nordic, Count(code, country_name_in(code, language), n))
        for code, n in numbers.items()
    ]
    named.sort(key=lambda pair: (not pair[0], pair[1].label.casefold()))
    return [count for _, count in named]


def _country_numbers(subset: Subset) -> dict[str, int]:
    rows = db.session.execute(
        select(City.country_code, func.count(Practice.id))
        .join(Practice, Practice.city_id == City.id)
        .where(subset.condition)
        .group_by(City.country_code)
    )
    return dict(rows.all())


def counted(subset: Subset, dimension: str, count: Callable[[], dict[str, int]]) -> dict[str, int]:
    """Counts of a subset. When the subset is a search filter, from the search index's facets,
    as fresh as the index and a few bitmap operations each. Else, or when the index is
    unavailable, by `count` from the database, once per change of the public library (in this
    process): any change to a practice that is or was published moves `last_public_change()`."""
    from_index = _index_counts(subset)
    # A search's counts of the dimension it filters on ignore that filter (they offer the other
    # values): the subset's own dimension is counted in the database.
    if from_index is not None and dimension != subset.facet[0]:
        return from_index.get(dimension, {})
    version = last_public_change()
    held = current_app.extensions.get(COUNTS_CACHE)
    if held is None or held[0] != version:
        # A new table, not a cleared one: a request in another thread may be reading the old.
        held = current_app.extensions[COUNTS_CACHE] = (version, {})
    counts = held[1]
    key = (*subset.key, dimension)
    if key not in counts:
        counts[key] = count()
    return counts[key]


def _index_counts(subset: Subset) -> dict[str, dict[str, int]] | None:
    """Every dimension's counts within the subset from one search, kept for the request."""
    if subset.facet is None:
        return None
    held = g.setdefault(INDEX_COUNTS, {})
    if subset.key not in held:
        dimension, value = subset.facet
        query = SearchQuery(filters={dimension: [value]} if dimension else {}, sort="newest")
        try:
            held[subset.key] = search_practices(query).facets
        except SearchUnavailable:
            held[subset.key] = None
    return held[subset.key]


def newest_among(subset: Subset, limit: int) -> list[Practice]:
    return list(
        db.session.scalars(
            select(Practice)
            .where(subset.condition)
            .options(*CARD_LOADS)
            .order_by(Practice.published_at.desc(), Practice.id.desc())
            .limit(limit)
        )
    )


def find_term(dimension: str, slug: str):
    model = TERM_MODELS[dimension]
    return db.session.scalar(select(model).where(model.slug == slug))


def find_country(code: str) -> Country | None:
    return db.session.get(Country, code.upper()) if len(code) == 2 else None


def term_labels(dimension: str, language: str | None = None) -> dict[str, str]:
    language = language or current_language()
    model = TERM_MODELS[dimension]
    return {term.slug: term.label_in(language) for term in db.session.scalars(select(model))}


def country_names(language: str | None = None) -> dict[str, str]:
    language = language or current_language()
    codes = db.session.scalars(select(Country.code))
    return {code: country_name_in(code, language) for code in codes}
