"""The shapes that cross the search module's boundary: queries, results, reports, errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

FACET_DIMENSIONS = (
    "theme",
    "approach",
    "target_group",
    "country",
    "prevention_level",
    "evaluation",
    "decade",
)
SORTS = ("relevance", "newest", "title", "start_year")
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
REPAIR_HINT = "rebuild it with `flask --app nsc_library reindex`"


class SearchUnavailable(Exception):  # noqa: N818  (the name the site and API use)
    """The index is missing or unreadable; the message says how to repair it."""


@dataclass
class SearchQuery:
    """What the user asked for. Any text is accepted; filters use slugs, ISO codes and decades."""

    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    correct: bool = True


@dataclass
class SearchHit:
    practice_id: int
    slug: str
    score: float
    highlight: Markup = field(default_factory=Markup)
    title_highlight: Markup = field(default_factory=Markup)


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    pages: int
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    corrected_from: str | None = None
    # How many of `total` contain every word of the query, and how many more some of them; the
    # rest are close in meaning only.
    all_words: int = 0
    some_words: int = 0
    # Text was typed but has no searchable word (only common words such as "the" or "och").
    unsearchable: bool = False

    @property
    def word_matches(self) -> int:
        """How many contain at least one word of the query (the others are close in meaning)."""
        return self.all_words + self.some_words


@dataclass
class IndexReport:
    """Differences between the published practices and the index (slugs, or ids when unknown)."""

    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.error)
