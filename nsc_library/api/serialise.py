"""The JSON shapes of the API: search answers, one practice, vocabularies, cities, models,
collections, gaps."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import url_for

from nsc_library.api.params import ListingPage
from nsc_library.exchange import (
    TRANSLATIONS_KEY,
    practice_record,
    public_record,
    translation_records,
)
from nsc_library.models import City, Collection, NordicModel, Practice
from nsc_library.models.places import NORDIC_CODES
from nsc_library.responses import timestamp
from nsc_library.search import SearchQuery, SearchResults
from nsc_library.services.browse import Count
from nsc_library.services.gaps import EVALUATION_KEYS, EVIDENCE_KEYS, GapMap
from nsc_library.services.network import CityCount, CityProfile


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
        **public_record(practice_record(practice)),
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


def listing(page: ListingPage, results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "results": results,
    }


def city_summary(city: City, count: int) -> dict[str, Any]:
    return {
        "slug": city.slug,
        "name": city.name,
        "country": city.country_code,
        "country_name": city.country.name,
        "latitude": city.latitude,
        "longitude": city.longitude,
        "member": city.member,
        "member_since": city.member_since,
        "count": count,
        "url": url_for("public.city", slug=city.slug, _external=True),
        "api_url": url_for("api.city", slug=city.slug, _external=True),
    }


def city_list(page: ListingPage[CityCount]) -> dict[str, Any]:
    return listing(page, [city_summary(e.city, e.count) for e in page.items])


def city_detail(profile: CityProfile) -> dict[str, Any]:
    """A city's profile: its practices newest first, themes, contact points and lineage."""

    def link(practice: Practice) -> dict[str, Any]:
        return {"slug": practice.slug, "title": practice.title, "url": permalink(practice)}

    return {
        **city_summary(profile.city, len(profile.practices)),
        "description": profile.city.description,
        "practices": [
            {**link(p), "model": p.model.slug if p.model else None} for p in profile.practices
        ],
        "themes": [{"slug": c.key, "label": c.label, "count": c.count} for c in profile.themes],
        # Names and roles only: questions go through the practice page, never a printed address.
        "contacts": [
            {"name": p.contact_name, "role": p.contact_role, "practice": p.slug}
            for p in profile.practices
            if p.contact_name
        ],
        "inspired_by": [
            {"practice": x.own.slug, "source": link(x.other), "city": x.other.city.slug}
            for x in profile.inspired_by
        ],
        "inspired": [
            {"practice": x.own.slug, "copy": link(x.other), "city": x.other.city.slug}
            for x in profile.inspired
        ],
    }


def model_summary(model: NordicModel, count: int | None = None) -> dict[str, Any]:
    summary = {
        "slug": model.slug,
        "name": model.name,
        "other_names": list(model.other_names or []),
        "origin_country": model.origin_country_code,
        "origin_year": model.origin_year,
        "idea": model.idea,
        "url": url_for("public.model", slug=model.slug, _external=True),
        "api_url": url_for("api.model", slug=model.slug, _external=True),
    }
    if count is not None:
        summary["count"] = count
    return summary


def model_list(page: ListingPage[NordicModel], counts: dict[int, int]) -> dict[str, Any]:
    return listing(page, [model_summary(m, counts.get(m.id, 0)) for m in page.items])


def model_detail(model: NordicModel, practices: list[Practice]) -> dict[str, Any]:
    """A model with its text and its local implementations in the exchange format."""
    return {
        **model_summary(model, len(practices)),
        "origin": model.origin,
        "how_it_works": model.how_it_works,
        "legal_basis": model.legal_basis,
        "materials": list(model.materials or []),
        "implementations": [
            {"slug": p.slug, "url": permalink(p), **practice_record(p)} for p in practices
        ],
    }


def collection_summary(collection: Collection, count: int) -> dict[str, Any]:
    return {
        "slug": collection.slug,
        "title": collection.title,
        "url": url_for("public.collection", slug=collection.slug, _external=True),
        "api_url": url_for("api.collection", slug=collection.slug, _external=True),
        "feed": url_for("opendata.collection_feed", slug=collection.slug, _external=True),
        "count": count,
        "updated_at": timestamp(collection.updated_at),
    }


def collection_detail(collection: Collection, practices: list[Practice]) -> dict[str, Any]:
    """A collection with its Markdown introduction and its practices, in the editors' order."""
    return {
        **collection_summary(collection, len(practices)),
        "introduction": collection.introduction,
        "practices": [practice_summary(p, None) for p in practices],
    }


def gap_cell(gap_map: GapMap, row: str, column: str) -> dict[str, Any]:
    cell = gap_map.cell(row, column)
    search = {gap_map.row_dimension: row, gap_map.column_dimension: column}
    return {
        "row": row,
        "column": column,
        "total": cell.total,
        "evaluated": cell.evaluated,
        "state": cell.state,
        "evaluation": {key: cell.evaluation[key] for key in EVALUATION_KEYS},
        "evidence_level": {key: cell.evidence_level[key] for key in EVIDENCE_KEYS},
        "practices": url_for("public.practices", _external=True, **search),
    }


def gap_answer(gap_map: GapMap) -> dict[str, Any]:
    """Every cell of the map, empty ones included, rows by rows."""
    return {
        "view": gap_map.view,
        "rows": {
            "dimension": gap_map.row_dimension,
            "terms": [{"slug": t.slug, "label": str(t.label)} for t in gap_map.rows],
        },
        "columns": {
            "dimension": gap_map.column_dimension,
            "terms": [{"slug": t.slug, "label": str(t.label)} for t in gap_map.columns],
        },
        "cells": [gap_cell(gap_map, r.slug, c.slug) for r in gap_map.rows for c in gap_map.columns],
    }


GAP_CSV_COLUMNS = (
    "row_dimension",
    "row",
    "column_dimension",
    "column",
    "total",
    "evaluated",
    "state",
    *(f"evaluation_{key}" for key in EVALUATION_KEYS),
    *(f"evidence_{key}" for key in EVIDENCE_KEYS),
)


def gap_csv(gap_map: GapMap) -> str:
    """The map as CSV, one line per cell; slugs only, so no cell starts like a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(GAP_CSV_COLUMNS)
    for cell in gap_answer(gap_map)["cells"]:
        writer.writerow(
            [
                gap_map.row_dimension,
                cell["row"],
                gap_map.column_dimension,
                cell["column"],
                cell["total"],
                cell["evaluated"],
                cell["state"],
                *cell["evaluation"].values(),
                *cell["evidence_level"].values(),
            ]
        )
    return out.getvalue()
