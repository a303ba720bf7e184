"""Member cities: finding one by the name a person types, and adding one without a practice."""

from __future__ import annotations

import difflib
import json
import math
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from flask_babel import gettext as _
from slugify import slugify
from sqlalchemy import select

from nsc_library.exchange.checks import normalise_text
from nsc_library.extensions import db
from nsc_library.models import City, Country, User
from nsc_library.models.places import CITY_DESCRIPTION_MAX, CITY_SLUG_MAX, NORDIC_CODES
from nsc_library.practice_rules import EARLIEST_YEAR, latest_year
from nsc_library.quoting import quoted
from nsc_library.services import audit

PLACES_FILE = "places.json"

# English (and Swedish) names of member cities, folded, to the local name, folded.
EXONYMS = {
    "gothenburg": "goteborg",
    "copenhagen": "kobenhavn",
    "elsinore": "helsingor",
    "helsingfors": "helsinki",
    "abo": "turku",
    "tammerfors": "tampere",
    "vasa": "vaasa",
    "uleaborg": "oulu",
    "thorshavn": "torshavn",
    "godthab": "nuuk",
    "trondhjem": "trondheim",
}
LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ð": "d", "þ": "th", "ß": "ss", "œ": "oe"})


def fold(name: str) -> str:
    """A city name for matching: no case, no accents, Nordic letters spelt in Latin."""
    text = unicodedata.normalize("NFKD", name.strip().casefold().translate(LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("aa", "a").split())


class CityError(ValueError):
    """A city that cannot be found or added; the message says why."""


def find_city(text: str) -> City:
    """The one city meant by 'Name' or 'Name, CC', matched loosely; CityError says why not."""
    name, _comma, country = (part.strip() for part in text.partition(","))
    wanted = fold(name)
    wanted = EXONYMS.get(wanted, wanted)
    query = select(City)
    if country:
        query = query.where(City.country_code == country.upper())
    cities = list(db.session.scalars(query))
    matches = [c for c in cities if fold(c.name) == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CityError(f"city {quoted(text)}: several match; add ', CODE' (e.g. '{name}, SE')")
    folded = {fold(c.name): c for c in cities}
    close = difflib.get_close_matches(wanted, list(folded), n=3, cutoff=0.75)
    hint = (
        "; did you mean "
        + " or ".join(f"{folded[k].name}, {folded[k].country_code}" for k in close)
        if close
        else "; an administrator can add it on the accounts page"
    )
    raise CityError(f"city {quoted(text)}: no such city in the library{hint}")


def add_city(name: str, country_code: str, actor: User | None) -> City:
    """A member city without practices yet, so that it can be given contributors. Flushes."""
    name = normalise_text(name).strip()
    if not name or len(name) > 100:
        raise CityError(_("Give the city's name (at most 100 characters)."))
    country = db.session.get(Country, country_code.strip().upper())
    if country is None:
        raise CityError(_("Choose the city's country."))
    same = [c for c in country.cities if fold(c.name) == fold(name)]
    if same:
        existing = f"{same[0].name}, {country.code}"
        raise CityError(_("%(city)s is in the library already.", city=existing))
    city = new_city(name, country.code)
    audit.record(actor, "city.added", f"{name}, {country.code}")
    return city


@cache
def known_places() -> dict[tuple[str, str], tuple[float, float]]:
    """(name, country) -> (latitude, longitude) of the cities shipped in data/places.json."""
    text = resources.files("nsc_library.data").joinpath(PLACES_FILE).read_text("utf-8")
    return {
        (p["name"], p["country"]): (p["latitude"], p["longitude"])
        for p in json.loads(text)["cities"]
    }


def unique_city_slug(name: str, country_code: str) -> str:
    """A slug from the name; the country code, then a number, is added when it is taken."""
    base = slugify(name, max_length=CITY_SLUG_MAX - 10) or "city"
    taken = set(db.session.scalars(select(City.slug).where(City.slug.like(f"{base}%"))))
    slug, n = base, 2
    if slug in taken:
        slug = base = f"{base}-{country_code.lower()}"
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def new_city(name: str, country_code: str) -> City:
    """A city with a stable slug; a Nordic one is a member, and known places get coordinates."""
    latitude, longitude = known_places().get((name, country_code), (None, None))
    city = City(
        name=name,
        country_code=country_code,
        slug=unique_city_slug(name, country_code),
        latitude=latitude,
        longitude=longitude,
        member=country_code in NORDIC_CODES,
    )
    db.session.add(city)
    db.session.flush()
    return city


@dataclass(frozen=True)
class CityDetails:
    """What an editor may change about a city; the slug stays as it was made."""

    name: str
    country_code: str
    latitude: float | None
    longitude: float | None
    description: str
    member: bool
    member_since: int | None


def check_details(city: City, details: CityDetails) -> list[str]:
    """Every problem with these details, in words; empty when they may be saved."""
    problems = []
    name = details.name.strip()
    country = db.session.get(Country, details.country_code.strip().upper()[:2])
    if country is None:
        problems.append(_("Choose the city's country."))
    if not name or len(name) > 100:
        problems.append(_("Give the city's name (at most 100 characters)."))
    elif country and any(c.id != city.id and fold(c.name) == fold(name) for c in country.cities):
        problems.append(
            _("Another city in %(country)s is called %(name)s.", country=country.name, name=name)
        )
    coordinates = [c for c in (details.latitude, details.longitude) if c is not None]
    if not all(math.isfinite(c) for c in coordinates):
        problems.append(_("Latitude and longitude must be numbers."))
        return problems
    if (details.latitude is None) != (details.longitude is None):
        problems.append(_("Give both latitude and longitude, or neither."))
    if details.latitude is not None and not -90 <= details.latitude <= 90:
        problems.append(_("The latitude must be between -90 and 90."))
    if details.longitude is not None and not -180 <= details.longitude <= 180:
        problems.append(_("The longitude must be between -180 and 180."))
    if len(details.description) > CITY_DESCRIPTION_MAX:
        problems.append(
            _("The description may be %(limit)s characters at most.", limit=CITY_DESCRIPTION_MAX)
        )
    since = details.member_since
    if since is not None and not EARLIEST_YEAR <= since <= latest_year():
        problems.append(
            _(
                "'Member since' must be a year from %(first)s to %(last)s.",
                first=EARLIEST_YEAR,
                last=latest_year(),
            )
        )
    return problems


def update_city(city: City, details: CityDetails, actor: User) -> None:
    """Save an editor's changes to a city, with an audit entry; CityError lists the problems."""
    problems = check_details(city, details)
    if problems:
        raise CityError(" ".join(problems))
    city.name = normalise_text(details.name).strip()
    city.country_code = details.country_code.strip().upper()
    city.latitude, city.longitude = details.latitude, details.longitude
    city.description = normalise_text(details.description).strip()
    city.member, city.member_since = details.member, details.member_since
    audit.record(actor, "city.edited", f"{city.name}, {city.country_code}")
    db.session.flush()
