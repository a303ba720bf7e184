"""What a public address names, or a 404 in the reader's language.

Shared by the pages (public/) and the feeds (opendata/) that answer at the same kind of address.
"""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _

from nsc_library.models import Collection, Country, NordicModel
from nsc_library.services import browse, collections, network


def theme_or_404(slug: str):
    """The theme with this slug."""
    term = browse.find_term("theme", slug)
    if term is None:
        abort(404, description=_("The library has no theme with this address."))
    return term


def country_or_404(code: str) -> Country:
    """The country with this code, in any case (the caller redirects to the canonical one)."""
    found = browse.find_country(code)
    if found is None:
        abort(404, description=_("The library has no country with this code."))
    return found


def published_collection_or_404(slug: str) -> Collection:
    """The published collection with this slug."""
    found = collections.collection_by_slug(slug)
    if found is None:
        abort(404, description=_("No published collection has this address."))
    return found


def model_or_404(slug: str) -> NordicModel:
    """The Nordic model with this slug."""
    found = network.model_by_slug(slug)
    if found is None:
        abort(404, description=_("The library has no Nordic model with this address."))
    return found
