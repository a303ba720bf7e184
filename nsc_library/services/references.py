"""What a practice record names: its city, vocabulary terms and Nordic model.

Saving one practice looks each of them up in the database. An import of many records reads them
all once instead (`References.preloaded`): a query per record would also flush the session once
per record, which made imports several times slower.
"""

from __future__ import annotations

from sqlalchemy import func, select

from nsc_library.extensions import db
from nsc_library.models import Approach, City, NordicModel, TargetGroup, Theme
from nsc_library.services import cities

TERM_TYPES = (Theme, Approach, TargetGroup)


class References:
    """Looks up what records name; from the database each time unless preloaded."""

    def __init__(self) -> None:
        self._cities: dict[tuple[str, str], City] | None = None
        self._terms: dict[type, dict[str, object]] | None = None
        self._models: dict[str, NordicModel] | None = None

    @classmethod
    def preloaded(cls) -> References:
        references = cls()
        references._cities = {
            (city.name.lower(), city.country_code): city
            for city in db.session.scalars(select(City))
        }
        references._terms = {
            kind: {term.slug: term for term in db.session.scalars(select(kind))}
            for kind in TERM_TYPES
        }
        references._models = {m.slug: m for m in db.session.scalars(select(NordicModel))}
        return references

    def city(self, name: str, country_code: str) -> City:
        """The city of this name in this country, added if the library does not have it yet."""
        if self._cities is None:
            return get_or_create_city(name, country_code)
        key = (name.lower(), country_code)
        if key not in self._cities:
            self._cities[key] = get_or_create_city(name, country_code)
        return self._cities[key]

    def terms(self, kind: type, slugs: list[str]) -> list:
        """The vocabulary terms of one kind with these slugs (unknown slugs are left out)."""
        if not slugs:
            return []
        if self._terms is None:
            return list(db.session.scalars(select(kind).where(kind.slug.in_(slugs))))
        known = self._terms[kind]
        return [known[slug] for slug in dict.fromkeys(slugs) if slug in known]

    def model(self, slug: str | None) -> NordicModel | None:
        if not slug:
            return None
        if self._models is None:
            return db.session.scalar(select(NordicModel).where(NordicModel.slug == slug))
        return self._models.get(slug)


def get_or_create_city(name: str, country_code: str) -> City:
    city = db.session.scalar(
        select(City).where(func.lower(City.name) == name.lower(), City.country_code == country_code)
    )
    return city if city is not None else cities.new_city(name, country_code)
