"""The OpenAPI 3.1 description of /api/v1, built from the same constants the API checks with."""

from __future__ import annotations

from typing import Any

from flask import url_for

from nsc_library.api.openapi_parameters import NO_NUL, parameters
from nsc_library.api.openapi_schemas import schemas
from nsc_library.api.openapi_shapes import ref
from nsc_library.responses import READ_METHODS
from nsc_library.search import FACET_DIMENSIONS

VERSION = "1.0.0"
RETRY_AFTER = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "integer", "minimum": 0},
}


def responses() -> dict[str, Any]:
    def error(description: str, retry: bool = False) -> dict[str, Any]:
        headers = {**cors_header(), **({"Retry-After": RETRY_AFTER} if retry else {})}
        return {
            "description": description,
            "headers": headers,
            "content": {"application/json": {"schema": ref("schemas", "Error")}},
        }

    return {
        "NotModified": {
            "description": "Unchanged since the ETag or date the client sent.",
            "headers": caching_headers(),
        },
        "BadParameter": error(
            "A parameter is unknown, repeated or out of range; the message says which and why."
        ),
        "NotFound": error("No published practice, or no API address, by this name."),
        "TooManyRequests": error(
            "Too many requests from this address in a short time "
            "(NSC_RATE_LIMIT_API); wait Retry-After seconds.",
            retry=True,
        ),
        "Unavailable": error(
            "The search index is being rebuilt, or the database cannot be "
            "reached; try again after Retry-After seconds.",
            retry=True,
        ),
    }


def cors_header() -> dict[str, Any]:
    return {"Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}}}


def caching_headers() -> dict[str, Any]:
    return {
        "ETag": {
            "description": "Send it back in If-None-Match to get a 304 when unchanged.",
            "schema": {"type": "string"},
        },
        "Last-Modified": {
            "description": "Send it back in If-Modified-Since.",
            "schema": {"type": "string"},
        },
        **cors_header(),
    }


def answer(description: str, media_type: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "description": description,
        "headers": caching_headers(),
        "content": {media_type: {"schema": schema}},
    }


def operation(summary: str, ok: dict[str, Any], names: list[str], *errors: str) -> dict:
    codes = {"BadParameter": "400", "NotFound": "404"}
    result = {
        "summary": summary,
        "operationId": summary.lower().replace(" ", "_").replace(",", ""),
        "parameters": [ref("parameters", name) for name in names],
        "responses": {"200": ok, "304": ref("responses", "NotModified")},
    }
    result["responses"].update({codes[e]: ref("responses", e) for e in errors})
    # Any answer may be a 429 (rate limit) or a 503 (index or database unavailable).
    result["responses"]["429"] = ref("responses", "TooManyRequests")
    result["responses"]["503"] = ref("responses", "Unavailable")
    path_names = ["slug" for name in names if name.endswith("slug")]
    return {"get": result, "options": preflight(path_names)}


def preflight(path_names: list[str]) -> dict[str, Any]:
    """OPTIONS: the methods allowed, for CORS preflight requests; no body."""
    headers = {"Allow": {"schema": {"type": "string", "const": READ_METHODS}}, **cors_header()}
    # Any address under a documented path is answered, whether or not it exists.
    any_value = {"type": "string", "pattern": NO_NUL}
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": any_value} for name in path_names
    ]
    no_content = {"description": "No content; Allow lists the methods.", "headers": headers}
    return {
        "summary": "Allowed methods",
        "parameters": parameters,
        "responses": {"204": no_content},
    }


def paths() -> dict[str, Any]:
    search = ["q", *FACET_DIMENSIONS, "year_from", "year_to", "sort"]
    paged = [*search, "page", "per_page", "correct"]
    export = [*search, "correct"]
    schema = ref("schemas", "SearchAnswer")
    vocabulary = ref("schemas", "TermList")
    return {
        "/practices": operation(
            "Search practices",
            answer("One page of results, with facet counts.", "application/json", schema),
            paged,
            "BadParameter",
        ),
        "/practices/{slug}": operation(
            "Get a practice",
            answer(
                "The practice in the exchange format, with related practices.",
                "application/json",
                ref("schemas", "Practice"),
            ),
            ["slug"],
            "NotFound",
        ),
        "/practices.csv": operation(
            "Export search results as CSV",
            answer(
                "Every result: UTF-8 with a byte-order mark, lists joined with '; ', cells "
                "that a spreadsheet would run as a formula prefixed with an apostrophe.",
                "text/csv",
                {"type": "string"},
            ),
            export,
            "BadParameter",
        ),
        "/practices.json": operation(
            "Export search results as JSON",
            answer(
                "Every result in the exchange format; the file re-imports as it is.",
                "application/json",
                ref("schemas", "Export"),
            ),
            export,
            "BadParameter",
        ),
        "/themes": operation(
            "List themes",
            answer("Every theme with its published count.", "application/json", vocabulary),
            ["lang"],
            "BadParameter",
        ),
        "/approaches": operation(
            "List approaches",
            answer("Every approach with its published count.", "application/json", vocabulary),
            ["lang"],
            "BadParameter",
        ),
        "/target-groups": operation(
            "List target groups",
            answer("Every target group with its published count.", "application/json", vocabulary),
            ["lang"],
            "BadParameter",
        ),
        "/countries": operation(
            "List countries",
            answer(
                "Countries with published practices, Nordic ones first.",
                "application/json",
                ref("schemas", "CountryList"),
            ),
            ["lang"],
            "BadParameter",
        ),
        "/cities": operation(
            "List cities",
            answer(
                "Member cities and every city with published practices, Nordic ones first.",
                "application/json",
                ref("schemas", "CityList"),
            ),
            ["page", "list_per_page"],
            "BadParameter",
        ),
        "/cities/{slug}": operation(
            "Get a city",
            answer(
                "A city's profile: practices newest first, themes, contact points, lineage.",
                "application/json",
                ref("schemas", "City"),
            ),
            ["city_slug"],
            "NotFound",
        ),
        "/models": operation(
            "List Nordic models",
            answer(
                "The Nordic models (SSP, SLT, Exit, ...) with their published local versions.",
                "application/json",
                ref("schemas", "ModelList"),
            ),
            ["page", "list_per_page"],
            "BadParameter",
        ),
        "/models/{slug}": operation(
            "Get a Nordic model",
            answer(
                "A model with its origin, idea, legal basis and local versions in the exchange "
                "format.",
                "application/json",
                ref("schemas", "Model"),
            ),
            ["model_slug"],
            "NotFound",
        ),
        "/collections": operation(
            "List collections",
            answer(
                "The published collections the editors curate.",
                "application/json",
                ref("schemas", "CollectionList"),
            ),
            [],
        ),
        "/collections/{slug}": operation(
            "Get a collection",
            answer(
                "A collection's introduction and its published practices, in its order.",
                "application/json",
                ref("schemas", "Collection"),
            ),
            ["slug"],
            "NotFound",
        ),
        "/gaps": gap_operation("Get the evidence-gap map", ["view", "format"]),
        "/gaps.csv": gap_operation("Get the evidence-gap map as CSV", ["view"]),
        "/openapi.json": operation(
            "Get this description",
            answer("This OpenAPI 3.1 document.", "application/json", {"type": "object"}),
            [],
        ),
    }


def gap_operation(summary: str, names: list[str]) -> dict[str, Any]:
    """The map as JSON or CSV, one cell per line in CSV, empty cells included."""
    csv_only = "format" not in names
    found = operation(
        summary,
        answer(
            "Published practices per cell, by evaluation and evidence level.",
            "text/csv",
            {"type": "string"},
        ),
        names,
        "BadParameter",
    )
    if not csv_only:
        found["get"]["responses"]["200"]["content"] = {
            "application/json": {"schema": ref("schemas", "GapMap")},
            "text/csv": {"schema": {"type": "string"}},
        }
    return found


def document() -> dict[str, Any]:
    """The whole OpenAPI document, with this site's address as its server."""
    server = url_for("api.openapi_document", _external=True).rsplit("/", 1)[0]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Nordic Safe Cities Practice Library API",
            "version": VERSION,
            "summary": "Published prevention practices from Nordic cities, read-only.",
            "description": DESCRIPTION,
            "license": {"name": "Open data; cite the library and the practice's city."},
        },
        "servers": [{"url": server}],
        "paths": paths(),
        "components": {
            "parameters": parameters(),
            "schemas": schemas(),
            "responses": responses(),
        },
    }


DESCRIPTION = (
    "Read-only: GET and HEAD (and OPTIONS, answered 204 with Allow); any other method is "
    "answered 405 with Allow. Only published practices "
    'appear. Errors are JSON: {"error": {"code", "message"}}. Every answer carries ETag '
    "and Last-Modified: send If-None-Match or If-Modified-Since to get 304 Not Modified. Any "
    "origin may read the API (CORS, no credentials). Atom feeds of new and updated practices "
    "are listed by /themes and /countries. Each address may make a limited number of requests "
    "a minute (300 unless the site says otherwise); more are answered 429 with Retry-After. "
    "Everything is in English; the lists of themes, approaches, target groups and countries "
    "take lang=da|sv|nb|fi|is for their labels in another language, with the same slugs."
)
