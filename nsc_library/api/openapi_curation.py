"""OpenAPI schemas of the editors' curation: collections and the evidence-gap map."""

from __future__ import annotations

from typing import Any

from nsc_library.services.gaps import (
    EMPTY,
    EVALUATED,
    EVALUATION_KEYS,
    EVIDENCE_KEYS,
    UNEVALUATED_ONLY,
    VIEWS,
)

URI = {"type": "string", "format": "uri"}
COUNT = {"type": "integer", "minimum": 0}


def strict(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def counts(keys: list[str]) -> dict[str, Any]:
    return strict({key: COUNT for key in keys})


def collection_schemas(practice_summary: dict[str, Any]) -> dict[str, Any]:
    summary_properties = {
        "slug": {"type": "string"},
        "title": {"type": "string"},
        "url": URI,
        "api_url": URI,
        "feed": {**URI, "description": "Atom feed of the collection's practices."},
        "count": {**COUNT, "description": "Published practices in the collection."},
        "updated_at": {"type": "string", "format": "date-time"},
    }
    detail = strict(
        {
            **summary_properties,
            "introduction": {"type": "string", "description": "Markdown, by the editors."},
            "practices": {"type": "array", "items": practice_summary},
        }
    )
    listing = strict({"results": {"type": "array", "items": strict(summary_properties)}})
    return {"CollectionList": listing, "Collection": detail}


def gap_schema() -> dict[str, Any]:
    terms = strict(
        {
            "dimension": {"type": "string"},
            "terms": {
                "type": "array",
                "items": strict({"slug": {"type": "string"}, "label": {"type": "string"}}),
            },
        }
    )
    cell = strict(
        {
            "row": {"type": "string"},
            "column": {"type": "string"},
            "total": COUNT,
            "evaluated": {**COUNT, "description": "With a process, outcome or impact evaluation."},
            "state": {"type": "string", "enum": [EMPTY, UNEVALUATED_ONLY, EVALUATED]},
            "evaluation": counts(EVALUATION_KEYS),
            "evidence_level": counts(EVIDENCE_KEYS),
            "practices": {**URI, "description": "The cell's practices on the search page."},
        }
    )
    return strict(
        {
            "view": {"type": "string", "enum": list(VIEWS)},
            "rows": terms,
            "columns": terms,
            "cells": {"type": "array", "items": cell},
        }
    )


def gap_parameters() -> dict[str, Any]:
    view = {
        "name": "view",
        "in": "query",
        "required": False,
        "description": "theme-approach: themes × approaches; group-level: target groups × "
        "prevention levels.",
        "schema": {"type": "string", "enum": list(VIEWS), "default": "theme-approach"},
    }
    answer_format = {
        "name": "format",
        "in": "query",
        "required": False,
        "description": "json (default) or csv, as /gaps.csv answers.",
        "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"},
    }
    return {"view": view, "format": answer_format}
