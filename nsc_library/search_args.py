"""Turning request parameters into a SearchQuery, with a clear message for every bad value."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from werkzeug.datastructures import MultiDict

from nsc_library.evidence import EvidenceLevel
from nsc_library.practice_rules import EARLIEST_YEAR, Evaluation, PreventionLevel
from nsc_library.quoting import quoted
from nsc_library.search import FACET_DIMENSIONS, SearchQuery
from nsc_library.search.interface import MAX_PAGE, SORTS
from nsc_library.services import catalogue

DATABASE_DIMENSIONS = ("theme", "approach", "target_group", "country")
YEARS_AHEAD = 10  # a practice may be planned this many years ahead of today
DIMENSION_NAMES = {
    "theme": "theme",
    "approach": "approach",
    "target_group": "target group",
    "country": "country",
    "prevention_level": "prevention level",
    "evaluation": "evaluation type",
    "decade": "start decade",
    "evidence_level": "evidence level",
}


class BadSearchArgument(ValueError):
    """A parameter the library cannot search with; the message names it and says why."""


def unknown_values(dimension: str, values: list[str]) -> list[str]:
    """The values the library does not know, in the order given; one query at most."""
    if dimension in DATABASE_DIMENSIONS:
        known = catalogue.known_values(dimension, values)
    else:
        known = fixed_values(dimension)
    return [v for v in values if v not in known]


def allowed_values(dimension: str) -> set[str]:
    """Every value a filter accepts (the OpenAPI document lists them)."""
    if dimension in DATABASE_DIMENSIONS:
        return catalogue.all_values(dimension)
    return fixed_values(dimension)


def fixed_values(dimension: str) -> set[str]:
    if dimension == "prevention_level":
        return {level.value for level in PreventionLevel}
    if dimension == "evaluation":
        return {kind.value for kind in Evaluation}
    if dimension == "evidence_level":
        return {level.value for level in EvidenceLevel}
    return {str(decade) for decade in range(EARLIEST_YEAR, date.today().year + 1, 10)}


def latest_year() -> int:
    """The last year year_from and year_to accept; the first is EARLIEST_YEAR."""
    return date.today().year + YEARS_AHEAD


def whole_number(args: Mapping[str, str], name: str, default: int | None, low: int, high: int):
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise BadSearchArgument(
            f"{name} must be a whole number from {low} to {high}; got {quoted(raw[:20])}"
        )
    return int(raw)


# The search box's maxlength; a longer q (typed into the address bar) is answered politely.
MAX_SEARCH_TEXT = 500


def search_query_from_args(args: MultiDict, per_page: int, max_per_page: int | None = None):
    """Build the query a search page or API call asks for; raises BadSearchArgument."""
    if len(args.get("q", "")) > MAX_SEARCH_TEXT:
        raise BadSearchArgument(
            f"the search text is {len(args.get('q', '')):,} characters long; the library "
            f"searches with at most {MAX_SEARCH_TEXT}. Use a few words that matter most"
        )
    filters: dict[str, list[str]] = {}
    for dimension in FACET_DIMENSIONS:
        values = [v.strip() for v in args.getlist(dimension) if v.strip()]
        if dimension == "country":
            values = [v.upper() for v in values]
        unknown = unknown_values(dimension, values) if values else []
        if unknown:
            raise BadSearchArgument(
                f"unknown {DIMENSION_NAMES[dimension]}: {quoted(unknown[0][:40])}"
            )
        if values:
            filters[dimension] = list(dict.fromkeys(values))
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise BadSearchArgument(f"sort must be one of {', '.join(SORTS)}; got {quoted(sort[:20])}")
    year_from = whole_number(args, "year_from", None, EARLIEST_YEAR, latest_year())
    year_to = whole_number(args, "year_to", None, EARLIEST_YEAR, latest_year())
    # year_from after year_to is not refused: the two conditions are independent (practices
    # running throughout those years), and OpenAPI could not describe a bound between them.
    if max_per_page:
        per_page = whole_number(args, "per_page", per_page, 1, max_per_page)
    return SearchQuery(
        text=args.get("q", ""),
        filters=filters,
        year_from=year_from,
        year_to=year_to,
        sort=sort,
        page=whole_number(args, "page", 1, 1, MAX_PAGE),
        per_page=per_page,
        correct=args.get("correct") != "0",
    )
