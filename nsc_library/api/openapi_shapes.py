"""Building blocks of the OpenAPI schemas: references, objects, nullable and list types."""

from __future__ import annotations

from typing import Any

from nsc_library.search_args import allowed_values

# ISO 3166-1 alpha-2, as the exchange format stores a country.
COUNTRY_PATTERN = "^[A-Z]{2}$"
COUNTRY_CODE = {"type": "string", "pattern": COUNTRY_PATTERN}


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
