"""Browsing from the database: counts and lists that work even when the search index does not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import and_, func, select
from sqlalchemy.orm import InstrumentedAttribute

from nsc_library.extensions import db
from nsc_library.i18n import country_name_in, current_language
from nsc_library.models import City, Country, Practice
from nsc_library.practice_rules import Status
from nsc_library.services.catalogue import CARD_LOADS, TERM_MODELS, Subset, last_public_change

# Where an app keeps its counts of the library (see counted()).
COUNTS_CACHE = "nsc_library_counts"
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


def whole_library() -> Subset:
    return Subset(("library",), Practice.status == Status.PUBLISHED)


def with_term(dimension: str, slug: str) -> Subset:
    model = TERM_MODELS[dimension]
    condition = TERM_RELATIONS[dimension].any(model.slug == slug)
    return Subset((dimension, slug), and_(Practice.status == Status.PUBLISHED, condition))


def in_country(code: str) -> Subset:
    cities = select(City.id).where(City.country_code == code)
    condition = and_(Practice.status == Status.PUBLISHED, Practice.city_id.in_(cities))
    return Subset(("country", code), condition)


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
            numbers.get(term.id, 0),
            term.description_in(language),
        )
        for term in db.session.scalars(select(model))
        if numbers.get(term.id) or keep_empty
    ]
    return sorted(counts, key=lambda c: c.label.casefold())


def _term_numbers(dimension: str, subset: Subset) -> dict[int, int]:
    link = TERM_RELATIONS[dimension].property.secondary
    column = next(c for c in link.c if c.name != "practice_id")
    rows = db.session.execute(
        select(column, func.count())
        .select_from(link)
        .join(Practice, Practice.id == link.c.practice_id)
        .where(subset.condition)
        .group_by(column)
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


def counted(subset: Subset, dimension: str, count: Callable[[], dict]) -> dict:
    """Counts of a subset, computed once per change of the public library (in this process):
    any change to a practice that is or was published moves `last_public_change()`."""
    version = last_public_change()
    held = current_app.extensions.get(COUNTS_CACHE)
    if held is None or held[0] != version:
        # A new table, not a cleared one: a request in another thread may be reading the old.
        held = current_app.extensions[COUNTS_CACHE] = (version, {})
    counts = held[1]
    key = (*subset.key, dimension)
    found = counts.get(key)
    if found is None:
        found = counts[key] = count()
    return found


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
