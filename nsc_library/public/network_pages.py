"""The network's pages (cities, the map, Nordic models) and the editors' curation (collections,
the evidence-gap map).

Views of the `public` blueprint; public/views.py lists their URLs with the others.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _

from nsc_library.lookups import model_or_404, published_collection_or_404
from nsc_library.models.places import NORDIC_CODES
from nsc_library.search_args import DIMENSION_NAMES
from nsc_library.services import browse, collections, gaps, maps, network


def collections_page():
    """The published collections the editors curate."""
    return render_template(
        "public/collections.html", collections=collections.published_collections()
    )


def collection(slug: str):
    found = published_collection_or_404(slug)
    return render_template(
        "public/collection.html", collection=found, practices=collections.practices_in(found)
    )


def cities():
    """Member cities and every city with published practices, by country."""
    groups = network.cities_by_country(network.listed_cities())
    return render_template("public/cities.html", groups=groups)


def city(slug: str):
    """A city's profile: its practices, themes, contact points and lineage."""
    found = network.city_by_slug(slug)
    if found is None:
        abort(404, description=_("The library has no city with this address."))
    return render_template("public/city.html", profile=network.city_profile(found))


def nordic_map():
    """The Nordic cities on a map drawn by the server, other countries listed beside it."""
    listed = network.listed_cities()
    others = [c for c in browse.country_counts() if c.key not in NORDIC_CODES]
    return render_template("public/map.html", nordic_map=maps.nordic_map(listed), others=others)


def models():
    """The Nordic models with their counts of local versions."""
    counts = network.model_counts()
    return render_template("public/models.html", models=network.models(), counts=counts)


def model(slug: str):
    """A Nordic model with its local versions."""
    found = model_or_404(slug)
    return render_template("public/model.html", model=found, items=network.implementations(found))


def gaps_page():
    """The evidence-gap map: where the library has few, or no evaluated, practices."""
    try:
        found = gaps.gap_map(request.args.get("view"))
    except gaps.UnknownView as exc:
        abort(400, description=_("This map cannot be drawn: %(reason)s.", reason=exc))
    return render_template(
        "public/gaps.html", gap_map=found, gaps=gaps, dimension_names=DIMENSION_NAMES
    )
