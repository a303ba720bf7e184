"""Practices written out in the exchange format, as JSON records or CSV rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from nsc_library.evidence import EvidenceLevel
from nsc_library.exchange.fields import (
    EXCHANGE_KEYS,
    EXPORT_ONLY_KEYS,
    FORMAT_KEY,
    FORMAT_VERSION,
    WITHHELD_IN_PUBLIC,
)
from nsc_library.exchange.implementation import empty_implementation, source_key
from nsc_library.exchange.translations import TRANSLATIONS_KEY, translation_records
from nsc_library.models import Practice

CSV_COLUMNS = EXPORT_ONLY_KEYS[:2] + EXCHANGE_KEYS + EXPORT_ONLY_KEYS[2:]
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def practice_record(practice: Practice) -> dict[str, Any]:
    """The practice's content in the exchange format: what a revision stores and export writes."""
    return {
        "title": practice.title,
        "summary": practice.summary,
        "description": practice.description,
        "city": practice.city.name,
        "country": practice.city.country_code,
        "themes": sorted(t.slug for t in practice.themes),
        "approaches": sorted(a.slug for a in practice.approaches),
        "target_groups": sorted(g.slug for g in practice.target_groups),
        "prevention_level": practice.prevention_level and practice.prevention_level.value,
        "organisation": practice.organisation,
        "partners": list(practice.partners or []),
        "start_year": practice.start_year,
        "end_year": practice.end_year,
        "evaluation": practice.evaluation and practice.evaluation.value,
        "evaluation_summary": practice.evaluation_summary,
        "results": practice.results,
        "resources": practice.resources,
        "contact_name": practice.contact_name,
        "contact_email": practice.contact_email,
        "contact_role": practice.contact_role,
        "links": [{"title": link.title, "url": link.url} for link in practice.links],
        "language": practice.language,
        "english_summary": practice.english_summary,
        "evidence_level": practice.evidence_level.value
        if practice.evidence_level
        else EvidenceLevel.NOT_ASSESSED.value,
        "implementation": {**empty_implementation(), **(practice.implementation or {})},
        "adaptations": adaptation_records(practice),
        "model": practice.model.slug if practice.model else None,
    }


def public_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record as the public reads it: personal data emptied, the keys kept (re-importable)."""
    return {**record, **{key: "" for key in WITHHELD_IN_PUBLIC if key in record}}


def adaptation_records(practice: Practice) -> list[dict[str, Any]]:
    """What the practice took from each it was inspired by, in the order validation sorts."""
    records = [
        {
            "inspired_by": {
                "title": a.source.title,
                "city": a.source.city.name,
                "country": a.source.city.country_code,
            },
            "components": list(a.components or []),
            "context": dict(a.context or {}),
            "what_happened": a.what_happened,
        }
        for a in practice.adaptations
    ]
    return sorted(records, key=lambda r: source_key(r["inspired_by"]))


def export_record(practice: Practice, url: str) -> dict[str, Any]:
    """The exchange record plus what only an export carries."""
    return {
        "slug": practice.slug,
        "url": url,
        **practice_record(practice),
        FORMAT_KEY: FORMAT_VERSION,
        "status": practice.status.value,
        "published_at": iso(practice.published_at),
        "updated_at": iso(practice.updated_at),
        TRANSLATIONS_KEY: translation_records(practice),
    }


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def is_structured(value: Any) -> bool:
    """An implementation or a list of adaptations (links are lists of flat objects too)."""
    if isinstance(value, dict):
        return True
    return (
        bool(value)
        and isinstance(value, list)
        and isinstance(value[0], dict)
        and ("url" not in value[0])
    )


def csv_cell(value: Any) -> str:
    """Flatten lists and make formula-like text inert for spreadsheet programs."""
    if value is None:
        return ""
    if is_structured(value):
        # Structured fields of format 2 stay whole, as compact JSON (empty when they say nothing).
        has_content = any(value.values()) if isinstance(value, dict) else bool(value)
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":")) if has_content else ""
    elif isinstance(value, list):
        value = "; ".join(
            f"{item['title']} <{item['url']}>" if isinstance(item, dict) else str(item)
            for item in value
        )
    value = str(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def records_to_csv(records: Iterable[dict[str, Any]]) -> str:
    """CSV text with a byte-order mark, so spreadsheet programs read Nordic letters as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow(csv_cell(record.get(column)) for column in CSV_COLUMNS)
    return buffer.getvalue()
