"""Member cities: finding one by the name a person types, and adding one without a practice."""

from __future__ import annotations

import difflib
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import select

from nsc_library.exchange.checks import normalise_text
from nsc_library.extensions import db
from nsc_library.models import City, Country, User
from nsc_library.services import audit

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
        raise CityError(f"city {text!r}: several match; add ', CODE' (e.g. '{name}, SE')")
    folded = {fold(c.name): c for c in cities}
    close = difflib.get_close_matches(wanted, list(folded), n=3, cutoff=0.75)
    hint = (
        "; did you mean "
        + " or ".join(f"{folded[k].name}, {folded[k].country_code}" for k in close)
        if close
        else "; an administrator can add it on the accounts page"
    )
    raise CityError(f"city {text!r}: no such city in the library{hint}")


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
        raise CityError(f"{same[0].name}, {country.code} is in the library already.")
    city = City(name=name, country_code=country.code)
    db.session.add(city)
    audit.record(actor, "city.added", f"{name}, {country.code}")
    db.session.flush()
    return city
