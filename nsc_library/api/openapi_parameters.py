"""The OpenAPI parameters of /api/v1: search words, filters, years, paging, slugs."""

from __future__ import annotations

from typing import Any

from nsc_library.api.openapi_curation import gap_parameters
from nsc_library.api.openapi_shapes import filter_values
from nsc_library.api.params import (
    DEFAULT_LISTING_PER_PAGE,
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_LENGTH,
)
from nsc_library.evidence import EVIDENCE_LABELS
from nsc_library.i18n import LANGUAGES
from nsc_library.practice_rules import EARLIEST_YEAR
from nsc_library.search import FACET_DIMENSIONS
from nsc_library.search.interface import MAX_PAGE, SORTS
from nsc_library.search_args import latest_year

FILTER_HELP = {
    "theme": "Theme slug, as listed by /themes (e.g. hate-crime).",
    "approach": "Approach slug, as listed by /approaches.",
    "target_group": "Target group slug, as listed by /target-groups.",
    "country": "ISO 3166-1 alpha-2 country code (e.g. SE); /countries lists those with practices.",
    "prevention_level": "Prevention level.",
    "evaluation": "Kind of evaluation.",
    "decade": "Decade the practice started in (e.g. 2010).",
    "evidence_level": "Level on the library's evidence scale (described at /evidence), as an "
    "editor assessed it: "
    + "; ".join(f"{level.value} = {label}" for level, label in EVIDENCE_LABELS.items())
    + ". did_not_work finds practices that were evaluated and did not work, with the lessons "
    "their cities drew.",
}
# No NUL character anywhere: the app refuses one with a 400 before any view runs.
NO_NUL = "^[^\\x00]*$"
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"


def parameters() -> dict[str, Any]:
    years = {"type": "integer", "minimum": EARLIEST_YEAR, "maximum": latest_year()}
    params: dict[str, Any] = {
        "q": query_param(
            "q",
            "Search words, as on the search page.",
            {"type": "string", "maxLength": MAX_QUERY_LENGTH, "pattern": NO_NUL},
        ),
        "year_from": query_param(
            "year_from",
            "Practices running in or after this year. With an "
            "earlier year_to: those running throughout.",
            years,
        ),
        "year_to": query_param("year_to", "Practices that started in or before this year.", years),
        "sort": query_param(
            "sort",
            "Order of results.",
            {"type": "string", "enum": list(SORTS), "default": "relevance"},
        ),
        "page": query_param(
            "page",
            "Page of results, from 1. A page after the last is empty.",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        ),
        "per_page": query_param(
            "per_page",
            "Results per page.",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
        ),
        "correct": query_param(
            "correct",
            "1 (default): when nothing matches, search for the "
            "suggested spelling instead and say so in corrected_from; 0: never.",
            {"type": "integer", "enum": [0, 1], "default": 1},
        ),
        "lang": query_param(
            "lang",
            "Language of the labels and names: English unless asked "
            "otherwise. Slugs and codes are the same in every language.",
            {"type": "string", "enum": list(LANGUAGES), "default": "en"},
        ),
        "slug": {
            "name": "slug",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "pattern": SLUG_PATTERN},
            "description": "The practice's slug, as in its page's address.",
        },
        "city_slug": {
            "name": "slug",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "pattern": SLUG_PATTERN},
            "description": "The city's slug, as in its page's address (/cities/...).",
        },
        "model_slug": {
            "name": "slug",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "pattern": SLUG_PATTERN},
            "description": "The model's slug, as in its page's address (/models/...).",
        },
        "list_per_page": query_param(
            "per_page",
            "Items per page.",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "default": DEFAULT_LISTING_PER_PAGE,
            },
        ),
    }
    params.update(gap_parameters())
    for dimension in FACET_DIMENSIONS:
        item = {"type": "string", "enum": filter_values(dimension)}
        params[dimension] = {
            **query_param(
                dimension,
                FILTER_HELP.get(dimension, "Filter.") + " Repeat the "
                "parameter for several values: a practice matches any of them.",
                {"type": "array", "items": item},
            ),
            "style": "form",
            "explode": True,
        }
    return params


def query_param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }
