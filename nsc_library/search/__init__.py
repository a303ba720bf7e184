"""Full-text search of the published practices, on Whoosh. The rest of the app uses only this.

`search_practices` and `related_practices` read the index; `apply_pending_changes` brings it up
to date with the database's change log (the index outbox); `rebuild_index` and `check_index`
are the operations behind `flask reindex` and `flask check-index`. See docs/search.md.
"""

from nsc_library.search.checking import check_index
from nsc_library.search.interface import (
    FACET_DIMENSIONS,
    IndexReport,
    SearchHit,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
)
from nsc_library.search.query import search_practices, warm_up
from nsc_library.search.related import related_practices
from nsc_library.search.writer import apply_pending_changes, rebuild_index

__all__ = [
    "FACET_DIMENSIONS",
    "IndexReport",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "SearchUnavailable",
    "apply_pending_changes",
    "check_index",
    "rebuild_index",
    "related_practices",
    "search_practices",
    "warm_up",
]
