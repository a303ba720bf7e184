"""Browsing from the database: counts and lists that work even when the search index does not."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute

from nsc_library.extensions import db
from nsc_library.i18n import country_name_in, current_language
from nsc_library.models import City, Country, Practice
from nsc_library.practice_rules import Status
from nsc_library.services.catalogue import LIST_LOADS, TERM_MODELS

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


def published_ids() -> Select:
    return select(Practice.id).where(Practice.status == Status.PUBLISHED)


def term_counts(
    dimension: str,
    within: Select | None = None,
    keep_empty: bool = False,
    language: str | None = None,
) -> list[Count]:
    """Published practices per theme, approach or target group, optionally within a subset,
    labelled in `language` (default: the page's), sorted by label."""
    language = language or current_language()
    model = TERM_MODELS[dimension]
    ids = within if within is not None else published_ids()
    relation = TERM_RELATIONS[dimension]
    link = relation.property.secondary
    column = next(c for c in link.c if c.name != "practice_id")
    counted = (
        select(column.label("term_id"), func.count().label("n"))
        .where(link.c.practice_id.in_(ids))
        .group_by(column)
        .subquery()
    )
    rows = db.session.execute(
        select(model, func.coalesce(counted.c.n, 0)).outerjoin(
            counted, counted.c.term_id == model.id
        )
    )
    counts = [
        Count(term.slug, term.label_in(language), n, term.description_in(language))
        for term, n in rows
        if n or keep_empty
    ]
    return sorted(counts, key=lambda c: c.label.casefold())


def country_counts(within: Select | None = None, language: str | None = None) -> list[Count]:
    """Published practices per country, Nordic countries first, then by name in `language`."""
    language = language or current_language()
    ids = within if within is not None else published_ids()
    rows = db.session.execute(
        select(Country, func.count(Practice.id))
        .join(City, City.country_code == Country.code)
        .join(Practice, Practice.city_id == City.id)
        .where(Practice.id.in_(ids))
        .group_by(Country.code)
    )
    named = [
        (country.nordic, Count(country.code, country_name_in(country.code, language), n))
        for country, n in rows
    ]
    named.sort(key=lambda pair: (not pair[0], pair[1].label.casefold()))
    return [count for _, count in named]


def practices_with_term(dimension: str, slug: str) -> Select:
    model = TERM_MODELS[dimension]
    return published_ids().where(TERM_RELATIONS[dimension].any(model.slug == slug))


def practices_in_country(code: str) -> Select:
    return published_ids().join(Practice.city).where(City.country_code == code)


def newest_among(ids: Select, limit: int) -> list[Practice]:
    return list(
        db.session.scalars(
            select(Practice)
            .where(Practice.id.in_(ids))
            .options(*LIST_LOADS)
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
