"""The exchange format's fields as OpenAPI properties, for a practice, an export, a model."""

from __future__ import annotations

from typing import Any

from nsc_library.api.openapi_shapes import COUNTRY_CODE, nullable, obj, strings
from nsc_library.exchange import EXCHANGE_KEYS
from nsc_library.exchange.implementation import COST_KINDS, DECISIONS, MAX_FTE


def exchange_properties(summary: dict[str, Any]) -> dict[str, Any]:
    """A record's fields; the vocabularies and years as in a search result's summary."""
    year = summary["start_year"]
    link = obj(
        {"title": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
        additionalProperties=False,
    )
    return {
        **{key: {"type": "string"} for key in EXCHANGE_KEYS},
        "country": COUNTRY_CODE,
        "themes": strings(),
        "approaches": strings(),
        "target_groups": strings(),
        "partners": strings(),
        "links": {"type": "array", "items": link},
        "prevention_level": summary["prevention_level"],
        "evaluation": summary["evaluation"],
        "start_year": year,
        "end_year": year,
        **format_2_properties(summary["evidence_level"]),
    }


def format_2_properties(evidence_level: dict[str, Any]) -> dict[str, Any]:
    """Exchange format 2: evidence level, structured implementation, adaptation reports."""
    text = {"type": "string"}
    amount = {"type": "number", "minimum": 0}
    phase = obj(
        {"name": text, "duration_months": nullable("number", minimum=0), "description": text},
        additionalProperties=False,
    )
    staff = obj(
        {"role": text, "fte": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_FTE}},
        additionalProperties=False,
    )
    cost = obj(
        {
            "kind": {"type": "string", "enum": list(COST_KINDS)},
            "amount": amount,
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "year": nullable("integer"),
            "note": text,
        },
        additionalProperties=False,
    )
    material = obj({"title": text, "url": text}, additionalProperties=False)
    implementation = obj(
        {
            "phases": {"type": "array", "items": phase},
            "staffing": {"type": "array", "items": staff},
            "costs": {"type": "array", "items": cost},
            "materials": {"type": "array", "items": material},
            "legal_basis": text,
            "preconditions": strings(),
            "core_components": strings(),
            "adaptable_components": strings(),
        },
        additionalProperties=False,
    )
    component = obj(
        {"component": text, "decision": {"type": "string", "enum": list(DECISIONS)}, "how": text},
        additionalProperties=False,
    )
    adaptation = obj(
        {
            "inspired_by": obj(
                {
                    "title": text,
                    "city": text,
                    "country": COUNTRY_CODE,
                },
                additionalProperties=False,
            ),
            "components": {"type": "array", "items": component},
            "context": obj(
                {key: text for key in ("size", "legal_basis", "budget", "other")},
                additionalProperties=False,
            ),
            "what_happened": text,
        },
        additionalProperties=False,
    )
    return {
        "evidence_level": evidence_level,
        "implementation": implementation,
        "adaptations": {"type": "array", "items": adaptation},
        "model": nullable(
            "string",
            description="Slug of the Nordic model (/models) the practice is a local version of.",
        ),
    }
