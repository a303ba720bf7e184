"""OpenAPI schemas of the network: cities and Nordic models (services/network.py)."""

from __future__ import annotations

from typing import Any

from nsc_library.api.openapi_shapes import (
    COUNTRY_CODE,
    COUNTRY_PATTERN,
    nullable,
    obj,
    ref,
    strings,
)
from nsc_library.api.params import MAX_PER_PAGE


def listing_schema(item: str) -> dict[str, Any]:
    return obj(
        {
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "pages": {"type": "integer", "minimum": 1},
            "results": {"type": "array", "items": ref("schemas", item)},
        },
        additionalProperties=False,
    )


def network_schemas(exchange: dict[str, Any]) -> dict[str, Any]:
    """Cities and Nordic models (services/network.py)."""
    text, uri = {"type": "string"}, {"type": "string", "format": "uri"}
    count = {"type": "integer", "minimum": 0}
    link = obj({"slug": text, "title": text, "url": uri}, additionalProperties=False)
    city = {
        "slug": text,
        "name": text,
        "country": COUNTRY_CODE,
        "country_name": text,
        "latitude": nullable("number", minimum=-90, maximum=90),
        "longitude": nullable("number", minimum=-180, maximum=180),
        "member": {"type": "boolean"},
        "member_since": nullable("integer"),
        "count": count,
        "url": uri,
        "api_url": uri,
    }
    lineage = {"practice": text, "city": text}
    profile = obj(
        {
            **city,
            "description": text,
            "practices": {
                "type": "array",
                "items": obj(
                    {**link["properties"], "model": nullable("string")}, additionalProperties=False
                ),
            },
            "themes": {
                "type": "array",
                "items": obj(
                    {"slug": text, "label": text, "count": count}, additionalProperties=False
                ),
            },
            "contacts": {
                "type": "array",
                "items": obj(
                    {"name": text, "role": text, "practice": text}, additionalProperties=False
                ),
            },
            "inspired_by": {
                "type": "array",
                "items": obj({**lineage, "source": link}, additionalProperties=False),
            },
            "inspired": {
                "type": "array",
                "items": obj({**lineage, "copy": link}, additionalProperties=False),
            },
        },
        additionalProperties=False,
    )
    model = {
        "slug": text,
        "name": text,
        "other_names": strings(),
        "origin_country": nullable("string", pattern=COUNTRY_PATTERN),
        "origin_year": nullable("integer"),
        "idea": text,
        "url": uri,
        "api_url": uri,
    }
    implementation = obj({"slug": text, "url": uri, **exchange}, additionalProperties=False)
    detail = obj(
        {
            **model,
            "count": count,
            "origin": text,
            "how_it_works": text,
            "legal_basis": text,
            "materials": {
                "type": "array",
                "items": obj({"title": text, "url": text}, additionalProperties=False),
            },
            "implementations": {"type": "array", "items": implementation},
        },
        additionalProperties=False,
    )
    return {
        "CitySummary": obj(city, additionalProperties=False),
        "CityList": listing_schema("CitySummary"),
        "City": profile,
        "ModelSummary": obj(model, additionalProperties=False),
        "ModelListItem": obj({**model, "count": count}, additionalProperties=False),
        "ModelList": listing_schema("ModelListItem"),
        "Model": detail,
    }
