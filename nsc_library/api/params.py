"""The API's query parameters: the search page's, checked strictly so that a typo is a 400."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from werkzeug.datastructures import MultiDict

from nsc_library.downloads import download_query
from nsc_library.i18n import LANGUAGE_PARAMETER, LANGUAGES
from nsc_library.quoting import quoted
from nsc_library.search import FACET_DIMENSIONS, SearchQuery
from nsc_library.search.interface import MAX_PAGE, MAX_PER_PAGE
from nsc_library.search_args import MAX_SEARCH_TEXT as MAX_QUERY_LENGTH
from nsc_library.search_args import BadSearchArgument, search_query_from_args

DEFAULT_PER_PAGE = 20
# Cities and models are few: one page holds them all unless per_page asks for less.
DEFAULT_LISTING_PER_PAGE = 100
SINGLE_VALUED = ("q", "year_from", "year_to", "sort", "page", "per_page", "correct")
SEARCH_PARAMETERS = frozenset((*FACET_DIMENSIONS, *SINGLE_VALUED))
EXPORT_PARAMETERS = SEARCH_PARAMETERS - {"page", "per_page"}


def check_names(args: MultiDict, allowed: frozenset[str]) -> None:
    """Refuse unknown and repeated single-valued parameters instead of silently ignoring them."""
    unknown = sorted(name for name in args if name not in allowed)
    if unknown:
        hint = (
            " (an export holds every result, so it has no pages)"
            if unknown[0] in ("page", "per_page")
            else ""
        )
        raise BadSearchArgument(f"unknown parameter {quoted(unknown[0][:40])}{hint}")
    for name in SINGLE_VALUED:
        if len(args.getlist(name)) > 1:
            raise BadSearchArgument(f"{name} may be given only once")
    # The site's forms send empty fields; the API documents none, so an empty value is a 400.
    empty = sorted(name for name, value in args.items(multi=True) if name != "q" and not value)
    if empty:
        raise BadSearchArgument(f"{empty[0]} is empty; leave it out for the default")
    if len(args.get("q", "")) > MAX_QUERY_LENGTH:
        raise BadSearchArgument(f"q is longer than {MAX_QUERY_LENGTH} characters")
    if args.get("correct", "1") not in ("0", "1"):
        raise BadSearchArgument(f"correct must be 0 or 1; got {quoted(args['correct'][:20])}")


def check_language(args: MultiDict) -> None:
    """The lists' only parameter: `lang`, the language of the labels (English by default)."""
    unknown = sorted(name for name in args if name != LANGUAGE_PARAMETER)
    if unknown:
        raise BadSearchArgument(f"unknown parameter {quoted(unknown[0][:40])}")
    values = args.getlist(LANGUAGE_PARAMETER)
    if len(values) > 1:
        raise BadSearchArgument(f"{LANGUAGE_PARAMETER} may be given only once")
    if values and values[0] not in LANGUAGES:
        raise BadSearchArgument(
            f"{LANGUAGE_PARAMETER} must be one of: {', '.join(LANGUAGES)}; "
            f"got {quoted(values[0][:20])}"
        )


def search_query(args: MultiDict) -> SearchQuery:
    """The query of GET /api/v1/practices; raises BadSearchArgument with a clear message."""
    check_names(args, SEARCH_PARAMETERS)
    return search_query_from_args(args, DEFAULT_PER_PAGE, MAX_PER_PAGE)


def export_query(args: MultiDict) -> SearchQuery:
    """The query of an API export, checked strictly (the site's download links are lenient)."""
    check_names(args, EXPORT_PARAMETERS)
    return download_query(args)


LISTING_PARAMETERS = frozenset(("page", "per_page"))
Item = TypeVar("Item")


@dataclass(frozen=True)
class ListingPage(Generic[Item]):
    """One page of a short list (cities, models), paginated like the search answers."""

    items: list[Item]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def listing_page(args: MultiDict, items: list[Item]) -> ListingPage[Item]:
    """The page of `items` that page and per_page ask for; a bad value is a 400."""
    unknown = sorted(name for name in args if name not in LISTING_PARAMETERS)
    if unknown:
        raise BadSearchArgument(f"unknown parameter {quoted(unknown[0][:40])}")
    page = whole_number(args, "page", 1, MAX_PAGE)
    per_page = whole_number(args, "per_page", DEFAULT_LISTING_PER_PAGE, MAX_PER_PAGE)
    start = (page - 1) * per_page
    return ListingPage(items[start : start + per_page], len(items), page, per_page)


def whole_number(args: MultiDict, name: str, default: int, largest: int) -> int:
    values = args.getlist(name)
    if not values:
        return default
    if len(values) > 1:
        raise BadSearchArgument(f"{name} may be given only once")
    raw = values[0]
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= largest:
        raise BadSearchArgument(
            f"{name} must be a whole number from 1 to {largest}; got {quoted(raw[:20])}"
        )
    return int(raw)
