"""What the search page shows: results, chips and facet links for a parsed query."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, current_app, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from nsc_library.evidence import EVIDENCE_LABELS
from nsc_library.models import NordicModel, Practice
from nsc_library.rendering import evaluation_label, prevention_level_label
from nsc_library.search import SearchQuery, SearchResults, search_practices
from nsc_library.search.interface import MAX_PAGE
from nsc_library.services import browse, catalogue, network


@dataclass
class Chip:
    dimension: str
    label: str
    remove_url: str


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    dimension: str
    title: str
    options: list[FacetOption]


FACET_TITLES = {
    "theme": _l("Theme"),
    "approach": _l("Approach"),
    "target_group": _l("Target group"),
    "country": _l("Country"),
    "prevention_level": _l("Prevention level"),
    "evaluation": _l("Evaluation"),
    "decade": _l("Started in"),
    "evidence_level": _l("Evidence level"),
}
# A chip's dimension, for screen readers ("Remove filter country: Sweden"); the API's error
# messages name them in English (search_args.DIMENSION_NAMES).
CHIP_NAMES = {
    "theme": _l("theme"),
    "approach": _l("approach"),
    "target_group": _l("target group"),
    "country": _l("country"),
    "prevention_level": _l("prevention level"),
    "evaluation": _l("evaluation type"),
    "decade": _l("start decade"),
    "evidence_level": _l("evidence level"),
}


@dataclass
class ResultsPage:
    query: SearchQuery
    results: SearchResults
    practices: list[Practice]
    highlights: dict[int, str]
    chips: list[Chip] = field(default_factory=list)
    facets: list[FacetGroup] = field(default_factory=list)
    # The Nordic model the words name, shown above the practices on the first page.
    model: NordicModel | None = None


def value_labels() -> dict[str, dict[str, str]]:
    """Readable names for every facet value, for chips and filter lists."""
    labels = {dim: browse.term_labels(dim) for dim in ("theme", "approach", "target_group")}
    labels["country"] = browse.country_names()
    labels["prevention_level"] = {
        v: prevention_level_label(v) for v in ("universal", "selective", "indicated")
    }
    labels["evaluation"] = {
        v: evaluation_label(v) for v in ("none", "process", "outcome", "impact")
    }
    labels["evidence_level"] = {level.value: label for level, label in EVIDENCE_LABELS.items()}
    return labels


def url_with(args: MultiDict, drop: tuple[str, str] | None = None, **changes: str) -> str:
    """The search URL for these arguments, minus one filter value, with changes; page resets."""
    kept = MultiDict(
        (k, v)
        for k, v in args.items(multi=True)
        if (k, v) != drop and k != "page" and k not in changes
    )
    for key, value in changes.items():
        if value:
            kept[key] = value
    return url_for("public.practices", **kept.to_dict(flat=False))


def label_of(labels: dict[str, dict[str, str]], dimension: str, value: str) -> str:
    if dimension == "decade":
        return _("%(decade)ss", decade=value)  # 2010s
    return labels.get(dimension, {}).get(value, value)


def facet_groups(query: SearchQuery, results: SearchResults, labels) -> list[FacetGroup]:
    """Every dimension's values with counts; selected values stay listed even at zero."""
    groups = []
    for dimension, title in FACET_TITLES.items():
        counts = results.facets.get(dimension, {})
        selected = query.filters.get(dimension, [])
        values = [v for v, n in counts.items() if n] + [v for v in selected if not counts.get(v)]
        options = [
            FacetOption(v, label_of(labels, dimension, v), counts.get(v, 0), v in selected)
            for v in values
        ]
        if dimension == "decade":
            options.sort(key=lambda o: o.value, reverse=True)
        else:
            options.sort(key=lambda o: o.label.casefold())
        if options:
            groups.append(FacetGroup(dimension, title, options))
    return groups


def results_page(query: SearchQuery) -> ResultsPage:
    results = search_practices(query)
    practices = catalogue.cards_by_ids([hit.practice_id for hit in results.hits])
    labels = value_labels()
    chips = [
        Chip(
            str(CHIP_NAMES[dim]),
            label_of(labels, dim, value),
            url_with(request.args, drop=(dim, value)),
        )
        for dim, values in query.filters.items()
        for value in values
    ]
    return ResultsPage(
        query=query,
        results=results,
        practices=practices,
        highlights={hit.practice_id: hit.highlight for hit in results.hits},
        chips=chips,
        facets=facet_groups(query, results, labels),
        model=network.model_named_in(query.text) if query.page == 1 else None,
    )


def per_page() -> int:
    return current_app.config["PRACTICES_PER_PAGE"]


def page_or_400() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        message = _("The page number must be a whole number from 1; got “%(page)s”.", page=raw[:20])
        abort(400, description=message)
    return int(raw)
