"""The OpenAPI schemas of /api/v1's answers: practices, search, vocabularies, errors."""

from __future__ import annotations

from typing import Any

from nsc_library.api.openapi_curation import collection_schemas, gap_schema
from nsc_library.api.openapi_exchange import exchange_properties
from nsc_library.api.openapi_network import network_schemas
from nsc_library.api.openapi_shapes import COUNTRY_CODE, filter_values, nullable, obj, ref, strings
from nsc_library.api.params import MAX_PER_PAGE
from nsc_library.evidence import EvidenceLevel
from nsc_library.exchange import FORMAT_KEY, FORMAT_VERSION, TRANSLATIONS_KEY
from nsc_library.i18n import LANGUAGES
from nsc_library.models import TRANSLATED_FIELDS
from nsc_library.search import FACET_DIMENSIONS

TIMESTAMP = {"type": "string", "format": "date-time"}


def translation_schema() -> dict[str, Any]:
    """A translation of a write-up, pinned to the revision of the original it was made from."""
    return obj(
        {
            "language": {"type": "string", "enum": list(LANGUAGES)},
            **{key: {"type": "string"} for key in TRANSLATED_FIELDS},
            "source_revision": {
                "type": "integer",
                "minimum": 1,
                "description": "The revision of the original the translation was made from.",
            },
            "outdated": {
                "type": "boolean",
                "description": "True when the original has changed "
                "since that revision: the translation is of an earlier version.",
            },
            "updated_at": nullable("string", format="date-time"),
            "url": {"type": "string", "format": "uri", "description": "The translated page."},
        },
        required=["language", "title", "source_revision", "outdated"],
        additionalProperties=False,
    )


def schemas() -> dict[str, Any]:
    """Every schema of the document, by name."""
    summary = summary_schema()
    exchange = exchange_properties(summary["properties"])
    detail, export = practice_schemas(exchange)
    return {
        **network_schemas(exchange),
        "PracticeSummary": summary,
        "SearchAnswer": search_schema(),
        "Practice": detail,
        "ExportRecord": export,
        "Export": {"type": "array", "items": ref("schemas", "ExportRecord")},
        "TermList": obj({"results": {"type": "array", "items": term_schema()}}),
        "CountryList": obj({"results": {"type": "array", "items": country_schema()}}),
        "Error": error_schema(),
        **collection_schemas(ref("schemas", "PracticeSummary")),
        "GapMap": gap_schema(),
    }


def summary_schema() -> dict[str, Any]:
    """A practice in a list of search results."""
    year = nullable("integer")
    summary = obj(
        {
            "slug": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "summary": {"type": "string"},
            "language": {"type": "string", "description": "ISO 639-1 code of the write-up."},
            "english_summary": {
                "type": "string",
                "description": "For a write-up in another "
                "language: its summary in English (may be empty).",
            },
            "city": {"type": "string"},
            "country": COUNTRY_CODE,
            "themes": strings(),
            "approaches": strings(),
            "target_groups": strings(),
            "prevention_level": nullable("string", enum=[*filter_values("prevention_level"), None]),
            "start_year": year,
            "end_year": year,
            "evaluation": nullable("string", enum=[*filter_values("evaluation"), None]),
            "published_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
            "highlight": {
                "type": "string",
                "description": "HTML: the matching passage, the "
                "search words in <mark>. Only when the search has words.",
            },
        },
        additionalProperties=False,
    )
    summary["required"].remove("highlight")  # only a search with words has one
    summary["properties"]["evidence_level"] = {
        "type": "string",
        "enum": [level.value for level in EvidenceLevel],
    }
    summary["required"].append("evidence_level")
    return summary


def practice_schemas(exchange: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A practice as /practices/{slug} gives it, and as an export record."""
    related = obj(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
        },
        additionalProperties=False,
    )
    translations = {
        "type": "array",
        "items": translation_schema(),
        "description": "The write-up in other languages, each with the revision of the original "
        "it was made from and whether the original has changed since.",
    }
    detail = obj(
        {
            "slug": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            **exchange,
            "published_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
            "related": {"type": "array", "items": related},
            TRANSLATIONS_KEY: translations,
        },
        additionalProperties=False,
    )
    export = obj(
        {
            "slug": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            **exchange,
            FORMAT_KEY: {"type": "integer", "const": FORMAT_VERSION},
            "status": {"type": "string", "const": "published"},
            "published_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
            TRANSLATIONS_KEY: translations,
        },
        additionalProperties=False,
    )
    return detail, export


def search_schema() -> dict[str, Any]:
    """One page of search results with facet counts and corrections."""
    counts = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
    search = obj(
        {
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "pages": {"type": "integer", "minimum": 0},
            "results": {"type": "array", "items": ref("schemas", "PracticeSummary")},
            "facets": obj(
                {dim: counts for dim in FACET_DIMENSIONS}, required=[], additionalProperties=counts
            ),
            "suggestion": nullable("string", description="A better spelling of the search words."),
            "corrected_from": nullable(
                "string",
                description="When set, nothing matched these "
                "words and the results are for `suggestion` instead.",
            ),
            "all_words": {
                "type": "integer",
                "minimum": 0,
                "description": "How many of `total` "
                "contain every search word (or a synonym or translation of it).",
            },
            "some_words": {
                "type": "integer",
                "minimum": 0,
                "description": "How many more contain "
                "some of them; the rest of `total` are close in meaning only.",
            },
            "unsearchable": {
                "type": "boolean",
                "description": "True when the text has no "
                "searchable word (only words such as 'the' or 'och').",
            },
            "model": {
                **ref("schemas", "ModelSummary"),
                "description": "On the first page, when the words name a Nordic model (e.g. SLT, "
                "Ankkuri): that model, to show before the practices.",
            },
        },
        additionalProperties=False,
    )
    search["required"].remove("model")  # only on a first page whose words name a model
    return search


def term_schema() -> dict[str, Any]:
    term = obj(
        {
            "slug": {"type": "string"},
            "label": {"type": "string"},
            "description": {"type": "string"},
            "count": {"type": "integer", "minimum": 0, "description": "Published practices."},
            "practices": {"type": "string", "format": "uri"},
            "feed": {"type": "string", "format": "uri", "description": "Atom feed (themes only)."},
        },
        required=["slug", "label", "description", "count", "practices"],
        additionalProperties=False,
    )
    return term


def country_schema() -> dict[str, Any]:
    country = obj(
        {
            "code": COUNTRY_CODE,
            "name": {"type": "string"},
            "nordic": {"type": "boolean"},
            "count": {"type": "integer", "minimum": 1},
            "practices": {"type": "string", "format": "uri"},
            "feed": {"type": "string", "format": "uri", "description": "Atom feed."},
        },
        additionalProperties=False,
    )
    return country


def error_schema() -> dict[str, Any]:
    error = obj(
        {
            "error": obj(
                {"code": {"type": "string"}, "message": {"type": "string"}},
                additionalProperties=False,
            )
        },
        additionalProperties=False,
    )
    return error
