"""The OpenAPI 3.1 description of /api/v1, built from the same constants the API checks with."""

from __future__ import annotations

from typing import Any

from flask import url_for

from nsc_library.api.openapi_curation import collection_schemas, gap_parameters, gap_schema
from nsc_library.api.params import (
    DEFAULT_LISTING_PER_PAGE,
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_LENGTH,
)
from nsc_library.evidence import EVIDENCE_LABELS, EvidenceLevel
from nsc_library.exchange import EXCHANGE_KEYS, FORMAT_KEY, FORMAT_VERSION, TRANSLATIONS_KEY
from nsc_library.exchange.implementation import COST_KINDS, DECISIONS, MAX_FTE
from nsc_library.i18n import LANGUAGES
from nsc_library.models import TRANSLATED_FIELDS
from nsc_library.practice_rules import EARLIEST_YEAR
from nsc_library.responses import READ_METHODS
from nsc_library.search import FACET_DIMENSIONS
from nsc_library.search.interface import MAX_PAGE, SORTS
from nsc_library.search_args import allowed_values, latest_year

VERSION = "1.0.0"
FILTER_HELP = {
    "theme": "Theme slug, as listed by /themes (e.g. hate-crime).",
    "approach": "Approach slug, as listed by /approaches.",
    "target_group": "Target group slug, as listed by /target-groups.",
    "country": "ISO 3166-1 alpha-2 country code (e.g. SE); /countries lists those with practices.",
    "prevention_level": "Prevention level.",
    "evaluation": "Kind of evaluation.",
    "decade": "Decade the practice started in (e.g. 2010).",
    "evidence_level": "Level on the library's evidence scale (described at /evidence), as an "
    "editor assessed it: "
    + "; ".join(f"{level.value} = {label}" for level, label in EVIDENCE_LABELS.items())
    + ". did_not_work finds practices that were evaluated and did not work, with the lessons "
    "their cities drew.",
}
# No NUL character anywhere: the app refuses one with a 400 before any view runs.
NO_NUL = "^[^\\x00]*$"
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
RETRY_AFTER = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "integer", "minimum": 0},
}


def filter_values(dimension: str) -> list[str]:
    """Every value a filter accepts, read where the API checks it (decades in numeric order)."""
    return sorted(allowed_values(dimension), key=lambda v: (len(v), v))


def ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def nullable(type_: str, **extra: Any) -> dict[str, Any]:
    return {"type": [type_, "null"], **extra}


def strings(**extra: Any) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", **extra}}


def obj(properties: dict[str, Any], required: list[str] | None = None, **extra) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        **extra,
    }


def parameters() -> dict[str, Any]:
    years = {"type": "integer", "minimum": EARLIEST_YEAR, "maximum": latest_year()}
    params: dict[str, Any] = {
        "q": query_param("q", "Search words, as on the search page.",
                         {"type": "string", "maxLength": MAX_QUERY_LENGTH, "pattern": NO_NUL}),
        "year_from": query_param("year_from", "Practices running in or after this year. With an "
                                 "earlier year_to: those running throughout.", years),
        "year_to": query_param("year_to", "Practices that started in or before this year.",
                               years),
        "sort": query_param("sort", "Order of results.",
                            {"type": "string", "enum": list(SORTS), "default": "relevance"}),
        "page": query_param("page", "Page of results, from 1. A page after the last is empty.",
                            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
        "per_page": query_param("per_page", "Results per page.",
                                {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                 "default": DEFAULT_PER_PAGE}),
        "correct": query_param("correct", "1 (default): when nothing matches, search for the "
                               "suggested spelling instead and say so in corrected_from; 0: never.",
                               {"type": "integer", "enum": [0, 1], "default": 1}),
        "lang": query_param("lang", "Language of the labels and names: English unless asked "
                            "otherwise. Slugs and codes are the same in every language.",
                            {"type": "string", "enum": list(LANGUAGES), "default": "en"}),
        "slug": {"name": "slug", "in": "path", "required": True,
                 "schema": {"type": "string", "pattern": SLUG_PATTERN},
                 "description": "The practice's slug, as in its page's address."},
        "city_slug": {"name": "slug", "in": "path", "required": True,
                      "schema": {"type": "string", "pattern": SLUG_PATTERN},
                      "description": "The city's slug, as in its page's address (/cities/...)."},
        "model_slug": {"name": "slug", "in": "path", "required": True,
                       "schema": {"type": "string", "pattern": SLUG_PATTERN},
                       "description": "The model's slug, as in its page's address (/models/...)."},
        "list_per_page": query_param("per_page", "Items per page.",
                                     {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                      "default": DEFAULT_LISTING_PER_PAGE}),
    }  # fmt: skip
    params.update(gap_parameters())
    for dimension in FACET_DIMENSIONS:
        item = {"type": "string", "enum": filter_values(dimension)}
        params[dimension] = {
            **query_param(dimension, FILTER_HELP.get(dimension, "Filter.") + " Repeat the "
                          "parameter for several values: a practice matches any of them.",
                          {"type": "array", "items": item}),
            "style": "form",
            "explode": True,
        }  # fmt: skip
    return params


def query_param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


def translation_schema(timestamp: dict[str, Any]) -> dict[str, Any]:
    return obj({
        "language": {"type": "string", "enum": list(LANGUAGES)},
        **{key: {"type": "string"} for key in TRANSLATED_FIELDS},
        "source_revision": {"type": "integer", "minimum": 1, "description": "The revision of "
                            "the original the translation was made from."},
        "outdated": {"type": "boolean", "description": "True when the original has changed "
                     "since that revision: the translation is of an earlier version."},
        "updated_at": nullable("string", format="date-time"),
        "url": {"type": "string", "format": "uri", "description": "The translated page."},
    }, required=["language", "title", "source_revision", "outdated"],
       additionalProperties=False)  # fmt: skip


def schemas() -> dict[str, Any]:
    timestamp = {"type": "string", "format": "date-time"}
    year = nullable("integer")
    summary = obj({
        "slug": {"type": "string"}, "url": {"type": "string", "format": "uri"},
        "title": {"type": "string"}, "summary": {"type": "string"},
        "language": {"type": "string", "description": "ISO 639-1 code of the write-up."},
        "english_summary": {"type": "string", "description": "For a write-up in another "
                            "language: its summary in English (may be empty)."},
        "city": {"type": "string"}, "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "themes": strings(), "approaches": strings(), "target_groups": strings(),
        "prevention_level": nullable("string",
                                     enum=[*filter_values("prevention_level"), None]),
        "start_year": year, "end_year": year,
        "evaluation": nullable("string", enum=[*filter_values("evaluation"), None]),
        "published_at": timestamp, "updated_at": timestamp,
        "highlight": {"type": "string", "description": "HTML: the matching passage, the "
                      "search words in <mark>. Only when the search has words."},
    }, required=["slug", "url", "title", "summary", "language", "english_summary", "city",
                 "country", "themes", "approaches",
                 "target_groups", "prevention_level", "start_year", "end_year", "evaluation",
                 "published_at", "updated_at"], additionalProperties=False)  # fmt: skip
    summary["properties"]["evidence_level"] = {
        "type": "string",
        "enum": [level.value for level in EvidenceLevel],
    }  # fmt: skip
    summary["required"].append("evidence_level")
    link = obj({"title": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
               additionalProperties=False)  # fmt: skip
    exchange = {
        **{key: {"type": "string"} for key in EXCHANGE_KEYS},
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "themes": strings(), "approaches": strings(), "target_groups": strings(),
        "partners": strings(), "links": {"type": "array", "items": link},
        "prevention_level": summary["properties"]["prevention_level"],
        "evaluation": summary["properties"]["evaluation"],
        "start_year": year, "end_year": year,
    }  # fmt: skip
    exchange.update(format_2_properties(summary["properties"]["evidence_level"]))
    related = obj(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
        },
        additionalProperties=False,
    )
    translations = {"type": "array", "items": translation_schema(timestamp), "description":
                    "The write-up in other languages, each with the revision of the original "
                    "it was made from and whether the original has changed since."}  # fmt: skip
    detail = obj({
        "slug": {"type": "string"}, "url": {"type": "string", "format": "uri"}, **exchange,
        "published_at": timestamp, "updated_at": timestamp,
        "related": {"type": "array", "items": related}, TRANSLATIONS_KEY: translations,
    }, additionalProperties=False)  # fmt: skip
    export = obj({
        "slug": {"type": "string"}, "url": {"type": "string", "format": "uri"}, **exchange,
        FORMAT_KEY: {"type": "integer", "const": FORMAT_VERSION},
        "status": {"type": "string", "const": "published"},
        "published_at": timestamp, "updated_at": timestamp, TRANSLATIONS_KEY: translations,
    }, additionalProperties=False)  # fmt: skip
    counts = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
    search = obj({
        "total": {"type": "integer", "minimum": 0}, "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "pages": {"type": "integer", "minimum": 0},
        "results": {"type": "array", "items": ref("schemas", "PracticeSummary")},
        "facets": obj({dim: counts for dim in FACET_DIMENSIONS}, required=[],
                      additionalProperties=counts),
        "suggestion": nullable("string", description="A better spelling of the search words."),
        "corrected_from": nullable("string", description="When set, nothing matched these "
                                   "words and the results are for `suggestion` instead."),
        "all_words": {"type": "integer", "minimum": 0, "description": "How many of `total` "
                      "contain every search word (or a synonym or translation of it)."},
        "some_words": {"type": "integer", "minimum": 0, "description": "How many more contain "
                       "some of them; the rest of `total` are close in meaning only."},
        "unsearchable": {"type": "boolean", "description": "True when the text has no "
                         "searchable word (only words such as 'the' or 'och')."},
        "model": ref("schemas", "ModelSummary"),
    }, required=["total", "page", "per_page", "pages", "results", "facets", "suggestion",
                 "corrected_from", "all_words", "some_words", "unsearchable"],
       additionalProperties=False)  # fmt: skip
    search["properties"]["model"] = {
        **ref("schemas", "ModelSummary"),
        "description": "On the first page, when the words name a Nordic model (e.g. SLT, "
        "Ankkuri): that model, to show before the practices.",
    }
    term = obj({
        "slug": {"type": "string"}, "label": {"type": "string"}, "description": {"type": "string"},
        "count": {"type": "integer", "minimum": 0, "description": "Published practices."},
        "practices": {"type": "string", "format": "uri"},
        "feed": {"type": "string", "format": "uri", "description": "Atom feed (themes only)."},
    }, required=["slug", "label", "description", "count", "practices"],
       additionalProperties=False)  # fmt: skip
    country = obj({
        "code": {"type": "string", "pattern": "^[A-Z]{2}$"}, "name": {"type": "string"},
        "nordic": {"type": "boolean"}, "count": {"type": "integer", "minimum": 1},
        "practices": {"type": "string", "format": "uri"},
        "feed": {"type": "string", "format": "uri", "description": "Atom feed."},
    }, additionalProperties=False)  # fmt: skip
    error = obj(
        {
            "error": obj(
                {"code": {"type": "string"}, "message": {"type": "string"}},
                additionalProperties=False,
            )
        },
        additionalProperties=False,
    )
    return {
        **network_schemas(exchange),
        "PracticeSummary": summary,
        "SearchAnswer": search,
        "Practice": detail,
        "ExportRecord": export,
        "Export": {"type": "array", "items": ref("schemas", "ExportRecord")},
        "TermList": obj({"results": {"type": "array", "items": term}}),
        "CountryList": obj({"results": {"type": "array", "items": country}}),
        "Error": error,
        **collection_schemas(ref("schemas", "PracticeSummary")),
        "GapMap": gap_schema(),
    }


def responses() -> dict[str, Any]:
    def error(description: str, retry: bool = False) -> dict[str, Any]:
        headers = {**cors_header(), **({"Retry-After": RETRY_AFTER} if retry else {})}
        return {"description": description, "headers": headers,
                "content": {"application/json": {"schema": ref("schemas", "Error")}}}  # fmt: skip

    return {
        "NotModified": {"description": "Unchanged since the ETag or date the client sent.",
                        "headers": caching_headers()},
        "BadParameter": error("A parameter is unknown, repeated or out of range; the message "
                              "says which and why."),
        "NotFound": error("No published practice, or no API address, by this name."),
        "TooManyRequests": error("Too many requests from this address in a short time "
                                 "(NSC_RATE_LIMIT_API); wait Retry-After seconds.", retry=True),
        "Unavailable": error("The search index is being rebuilt, or the database cannot be "
                             "reached; try again after Retry-After seconds.", retry=True),
    }  # fmt: skip


def cors_header() -> dict[str, Any]:
    return {"Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}}}


def caching_headers() -> dict[str, Any]:
    return {
        "ETag": {"description": "Send it back in If-None-Match to get a 304 when unchanged.",
                 "schema": {"type": "string"}},
        "Last-Modified": {"description": "Send it back in If-Modified-Since.",
                          "schema": {"type": "string"}},
        **cors_header(),
    }  # fmt: skip


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
            "Search practices", answer("One page of results, with facet counts.",
                                       "application/json", schema),
            paged, "BadParameter"),
        "/practices/{slug}": operation(
            "Get a practice", answer("The practice in the exchange format, with related "
                                     "practices.", "application/json", ref("schemas", "Practice")),
            ["slug"], "NotFound"),
        "/practices.csv": operation(
            "Export search results as CSV", answer(
                "Every result: UTF-8 with a byte-order mark, lists joined with '; ', cells "
                "that a spreadsheet would run as a formula prefixed with an apostrophe.",
                "text/csv", {"type": "string"}),
            export, "BadParameter"),
        "/practices.json": operation(
            "Export search results as JSON", answer(
                "Every result in the exchange format; the file re-imports as it is.",
                "application/json", ref("schemas", "Export")),
            export, "BadParameter"),
        "/themes": operation("List themes", answer("Every theme with its published count.",
                                                    "application/json", vocabulary),
                             ["lang"], "BadParameter"),
        "/approaches": operation("List approaches", answer(
            "Every approach with its published count.", "application/json", vocabulary),
            ["lang"], "BadParameter"),
        "/target-groups": operation("List target groups", answer(
            "Every target group with its published count.", "application/json", vocabulary),
            ["lang"], "BadParameter"),
        "/countries": operation("List countries", answer(
            "Countries with published practices, Nordic ones first.", "application/json",
            ref("schemas", "CountryList")), ["lang"], "BadParameter"),
        "/cities": operation("List cities", answer(
            "Member cities and every city with published practices, Nordic ones first.",
            "application/json", ref("schemas", "CityList")), ["page", "list_per_page"],
            "BadParameter"),
        "/cities/{slug}": operation("Get a city", answer(
            "A city's profile: practices newest first, themes, contact points, lineage.",
            "application/json", ref("schemas", "City")), ["city_slug"], "NotFound"),
        "/models": operation("List Nordic models", answer(
            "The Nordic models (SSP, SLT, Exit, ...) with their published local versions.",
            "application/json", ref("schemas", "ModelList")), ["page", "list_per_page"],
            "BadParameter"),
        "/models/{slug}": operation("Get a Nordic model", answer(
            "A model with its origin, idea, legal basis and local versions in the exchange "
            "format.", "application/json", ref("schemas", "Model")), ["model_slug"], "NotFound"),
        "/collections": operation("List collections", answer(
            "The published collections the editors curate.", "application/json",
            ref("schemas", "CollectionList")), []),
        "/collections/{slug}": operation("Get a collection", answer(
            "A collection's introduction and its published practices, in its order.",
            "application/json", ref("schemas", "Collection")), ["slug"], "NotFound"),
        "/gaps": gap_operation("Get the evidence-gap map", ["view", "format"]),
        "/gaps.csv": gap_operation("Get the evidence-gap map as CSV", ["view"]),
        "/openapi.json": operation("Get this description", answer(
            "This OpenAPI 3.1 document.", "application/json", {"type": "object"}), []),
    }  # fmt: skip


def gap_operation(summary: str, names: list[str]) -> dict[str, Any]:
    """The map as JSON or CSV, one cell per line in CSV, empty cells included."""
    csv_only = "format" not in names
    found = operation(summary, answer(
        "Published practices per cell, by evaluation and evidence level.", "text/csv",
        {"type": "string"}), names, "BadParameter")  # fmt: skip
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


def format_2_properties(evidence_level: dict[str, Any]) -> dict[str, Any]:
    """Exchange format 2: evidence level, structured implementation, adaptation reports."""
    text = {"type": "string"}
    amount = {"type": "number", "minimum": 0}
    phase = obj({"name": text, "duration_months": nullable("number", minimum=0),
                 "description": text}, additionalProperties=False)  # fmt: skip
    staff = obj({"role": text, "fte": {"type": "number", "exclusiveMinimum": 0,
                 "maximum": MAX_FTE}}, additionalProperties=False)  # fmt: skip
    cost = obj({"kind": {"type": "string", "enum": list(COST_KINDS)}, "amount": amount,
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                "year": nullable("integer"), "note": text},
               additionalProperties=False)  # fmt: skip
    material = obj({"title": text, "url": text}, additionalProperties=False)
    implementation = obj({
        "phases": {"type": "array", "items": phase},
        "staffing": {"type": "array", "items": staff},
        "costs": {"type": "array", "items": cost},
        "materials": {"type": "array", "items": material},
        "legal_basis": text, "preconditions": strings(),
        "core_components": strings(), "adaptable_components": strings(),
    }, additionalProperties=False)  # fmt: skip
    component = obj({"component": text, "decision": {"type": "string", "enum": list(DECISIONS)},
                     "how": text}, additionalProperties=False)  # fmt: skip
    adaptation = obj({
        "inspired_by": obj({"title": text, "city": text,
                            "country": {"type": "string", "pattern": "^[A-Z]{2}$"}},
                           additionalProperties=False),
        "components": {"type": "array", "items": component},
        "context": obj({key: text for key in ("size", "legal_basis", "budget", "other")},
                       additionalProperties=False),
        "what_happened": text,
    }, additionalProperties=False)  # fmt: skip
    return {
        "evidence_level": evidence_level,
        "implementation": implementation,
        "adaptations": {"type": "array", "items": adaptation},
        "model": nullable(
            "string",
            description="Slug of the Nordic model (/models) the practice is a local version of.",
        ),
    }


def listing_schema(item: str) -> dict[str, Any]:
    return obj({
        "total": {"type": "integer", "minimum": 0}, "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "pages": {"type": "integer", "minimum": 1},
        "results": {"type": "array", "items": ref("schemas", item)},
    }, additionalProperties=False)  # fmt: skip


def network_schemas(exchange: dict[str, Any]) -> dict[str, Any]:
    """Cities and Nordic models (services/network.py)."""
    text, uri = {"type": "string"}, {"type": "string", "format": "uri"}
    count = {"type": "integer", "minimum": 0}
    link = obj({"slug": text, "title": text, "url": uri}, additionalProperties=False)
    city = {
        "slug": text, "name": text, "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "country_name": text,
        "latitude": nullable("number", minimum=-90, maximum=90),
        "longitude": nullable("number", minimum=-180, maximum=180),
        "member": {"type": "boolean"}, "member_since": nullable("integer"),
        "count": count, "url": uri, "api_url": uri,
    }  # fmt: skip
    lineage = {"practice": text, "city": text}
    profile = obj({
        **city, "description": text,
        "practices": {"type": "array", "items": obj(
            {**link["properties"], "model": nullable("string")}, additionalProperties=False)},
        "themes": {"type": "array", "items": obj(
            {"slug": text, "label": text, "count": count}, additionalProperties=False)},
        "contacts": {"type": "array", "items": obj(
            {"name": text, "role": text, "practice": text}, additionalProperties=False)},
        "inspired_by": {"type": "array", "items": obj(
            {**lineage, "source": link}, additionalProperties=False)},
        "inspired": {"type": "array", "items": obj(
            {**lineage, "copy": link}, additionalProperties=False)},
    }, additionalProperties=False)  # fmt: skip
    model = {
        "slug": text, "name": text, "other_names": strings(),
        "origin_country": nullable("string", pattern="^[A-Z]{2}$"),
        "origin_year": nullable("integer"), "idea": text, "url": uri, "api_url": uri,
    }  # fmt: skip
    implementation = obj({"slug": text, "url": uri, **exchange}, additionalProperties=False)
    detail = obj({
        **model, "count": count, "origin": text, "how_it_works": text, "legal_basis": text,
        "materials": {"type": "array", "items": obj({"title": text, "url": text},
                                                    additionalProperties=False)},
        "implementations": {"type": "array", "items": implementation},
    }, additionalProperties=False)  # fmt: skip
    return {
        "CitySummary": obj(city, additionalProperties=False),
        "CityList": listing_schema("CitySummary"),
        "City": profile,
        "ModelSummary": obj(model, additionalProperties=False),
        "ModelListItem": obj({**model, "count": count}, additionalProperties=False),
        "ModelList": listing_schema("ModelListItem"),
        "Model": detail,
    }
