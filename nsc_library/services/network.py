"""The read side of the network: member cities, their profiles, and the Nordic models.

Views, the API and the sitemap ask here; every practice read is limited to published ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from nsc_library.extensions import db
from nsc_library.models import City, Country, NordicModel, Practice
from nsc_library.practice_rules import Status
from nsc_library.services.browse import Count, in_city, term_counts
from nsc_library.services.catalogue import FULL_LOADS, LIST_LOADS, published
from nsc_library.services.cities import fold


@dataclass(frozen=True)
class CityCount:
    city: City
    count: int


@dataclass
class CountryGroup:
    country: Country
    cities: list[CityCount] = field(default_factory=list)


@dataclass(frozen=True)
class LineageLink:
    """A practice of this city and one of another city that it was inspired by, or inspired."""

    own: Practice
    other: Practice


@dataclass
class CityProfile:
    city: City
    practices: list[Practice]
    themes: list[Count]
    inspired_by: list[LineageLink]
    inspired: list[LineageLink]


def practice_counts() -> dict[int, int]:
    """Published practices per city id."""
    rows = db.session.execute(
        select(Practice.city_id, func.count(Practice.id))
        .where(Practice.status == Status.PUBLISHED)
        .group_by(Practice.city_id)
    )
    return dict(rows.all())


def listed_cities() -> list[CityCount]:
    """Member cities and every city with a published practice, Nordic countries first."""
    counts = practice_counts()
    cities = db.session.scalars(
        select(City).join(City.country).order_by(Country.nordic.desc(), Country.name, City.name)
    )
    return [CityCount(c, counts.get(c.id, 0)) for c in cities if c.member or counts.get(c.id)]


def cities_by_country(cities: list[CityCount]) -> list[CountryGroup]:
    """The same cities in one group per country, in the order given."""
    groups: dict[str, CountryGroup] = {}
    for entry in cities:
        code = entry.city.country_code
        groups.setdefault(code, CountryGroup(entry.city.country)).cities.append(entry)
    return list(groups.values())


def city_by_slug(slug: str) -> City | None:
    return db.session.scalar(select(City).where(City.slug == slug))


def city_profile(city: City) -> CityProfile:
    """A city's published practices (newest first), their themes and lineage to other cities."""
    subset = in_city(city.id)
    practices = list(
        db.session.scalars(
            select(Practice)
            .where(subset.condition)
            .options(
                *LIST_LOADS,
                selectinload(Practice.inspired_by),
                selectinload(Practice.inspired),
                selectinload(Practice.model),
            )
            .order_by(Practice.published_at.desc(), Practice.id.desc())
        )
    )
    return CityProfile(
        city=city,
        practices=practices,
        themes=sorted(term_counts("theme", within=subset), key=lambda c: (-c.count, c.label)),
        inspired_by=lineage(practices, "inspired_by", city),
        inspired=lineage(practices, "inspired", city),
    )


def lineage(practices: list[Practice], relation: str, city: City) -> list[LineageLink]:
    return [
        LineageLink(own, other)
        for own in practices
        for other in getattr(own, relation)
        if other.is_published and other.city_id != city.id
    ]


def models() -> list[NordicModel]:
    return list(db.session.scalars(select(NordicModel).order_by(NordicModel.name)))


def model_counts() -> dict[int, int]:
    """Published local implementations per model id."""
    rows = db.session.execute(
        select(Practice.model_id, func.count(Practice.id))
        .where(Practice.status == Status.PUBLISHED, Practice.model_id.is_not(None))
        .group_by(Practice.model_id)
    )
    return dict(rows.all())


def model_by_slug(slug: str) -> NordicModel | None:
    return db.session.scalar(select(NordicModel).where(NordicModel.slug == slug))


def implementations(model: NordicModel) -> list[Practice]:
    """The published local versions of a model, by country and city."""
    return list(
        db.session.scalars(
            published()
            .where(Practice.model_id == model.id)
            .join(Practice.city)
            .join(City.country)
            .options(*FULL_LOADS)
            .order_by(Country.nordic.desc(), Country.name, City.name, Practice.start_year)
        )
    )


def model_named_in(text: str) -> NordicModel | None:
    """The model whose name or other name the search text contains as whole words, if any.

    The longest name wins, so that "SSP+" or "SaLTo" are not taken for a shorter one.
    """
    wanted = f" {words(text)} "
    if not wanted.strip():
        return None
    best: tuple[int, NordicModel] | None = None
    for model in models():
        for name in (model.name, model.slug.replace("-", " "), *model.other_names):
            phrase = words(name)
            if phrase and f" {phrase} " in wanted and (best is None or len(phrase) > best[0]):
                best = (len(phrase), model)
    return best[1] if best else None


def words(text: str) -> str:
    """Folded text with punctuation as spaces, for whole-word matching of names."""
    return " ".join(re.sub(r"[^\w+]+", " ", fold(text)).split())
