"""The JSON shapes of the API: search answers, one practice, vocabularies."""

from __future__ import annotations

from typing import Any

from flask import url_for

from nsc_library.exchange import TRANSLATIONS_KEY, practice_record, translation_records
from nsc_library.models import Practice
from nsc_library.models.places import NORDIC_CODES
from nsc_library.responses import timestamp
from nsc_library.search import SearchQuery, SearchResults
from nsc_library.services.browse import Count


def permalink(practice: Practice) -> str:
    return url_for("public.practice", slug=practice.slug, _external=True)


def practice_summary(practice: Practice, highlight: str | None) -> dict[str, Any]:
    """One search result; `highlight` is left out when the search had no words."""
    summary = {
        "slug": practice.slug,
        "url": permalink(practice),
        "title": practice.title,
        "summary": practice.summary,
        "language": practice.language,
        "english_summary": practice.english_summary,
        "city": practice.city.name,
        "country": practice.city.country_code,
        "themes": sorted(t.slug for t in practice.themes),
        "approaches": sorted(a.slug for a in practice.approaches),
        "target_groups": sorted(g.slug for g in practice.target_groups),
        "prevention_level": practice.prevention_level and practice.prevention_level.value,
        "start_year": practice.start_year,
        "end_year": practice.end_year,
        "evaluation": practice.evaluation and practice.evaluation.value,
        "evidence_level": practice.evidence_level.value,
        "published_at": timestamp(practice.published_at),
        "updated_at": timestamp(practice.updated_at),
    }
    if highlight is not None:
        summary["highlight"] = highlight
    return summary


def search_answer(
    query: SearchQuery, results: SearchResults, practices: list[Practice]
) -> dict[str, Any]:
    highlights = {hit.practice_id: str(hit.highlight or "") for hit in results.hits}
    with_words = bool(query.text.strip())
    return {
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "pages": results.pages,
        "results": [
            practice_summary(p, highlights.get(p.id, "") if with_words else None) for p in practices
        ],
        "facets": {dim: dict(counts) for dim, counts in results.facets.items()},
        "suggestion": results.suggestion,
        "corrected_from": results.corrected_from,
        "all_words": results.all_words,
        "some_words": results.some_words,
        "unsearchable": results.unsearchable,
    }


def practice_detail(practice: Practice, related: list[Practice]) -> dict[str, Any]:
    """The exchange record of one practice, with its address, dates and related practices."""
    return {
        "slug": practice.slug,
        "url": permalink(practice),
        **practice_record(practice),
        "published_at": timestamp(practice.published_at),
        "updated_at": timestamp(practice.updated_at),
        "related": [{"slug": p.slug, "title": p.title, "url": permalink(p)} for p in related],
        TRANSLATIONS_KEY: [
            {**record, "url": translated_page(practice, record["language"])}
            for record in translation_records(practice)
        ],
    }


def translated_page(practice: Practice, language: str) -> str:
    return url_for("public.practice_in", slug=practice.slug, language=language, _external=True)


def term_list(dimension: str, counts: list[Count]) -> dict[str, Any]:
    """A vocabulary with labels, published counts and where to find its practices."""
    results = []
    for c in counts:
        term = {
            "slug": c.key,
            "label": c.label,
            "description": c.description,
            "count": c.count,
            "practices": url_for("api.practices", _external=True, **{dimension: c.key}),
        }
        if dimension == "theme":
            term["feed"] = url_for("opendata.theme_feed", slug=c.key, _external=True)
        results.append(term)
    return {"results": results}


def country_list(counts: list[Count]) -> dict[str, Any]:
    return {
        "results": [
            {
                "code": c.key,
                "name": c.label,
                "nordic": c.key in NORDIC_CODES,
                "count": c.count,
                "practices": url_for("api.practices", _external=True, country=c.key),
                "feed": url_for("opendata.country_feed", code=c.key, _external=True),
            }
            for c in counts
        ]
    }
