"""Adaptation reports on lineage: what the copying city kept, changed or dropped, and why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nsc_library.exchange import source_key
from nsc_library.extensions import db
from nsc_library.models import Adaptation, Practice

Finder = Callable[[str, str, str], Practice | None]


class UnknownSource(ValueError):
    """An adaptation names a practice the library does not have."""


def set_adaptations(practice: Practice, reports: list[dict[str, Any]], find: Finder) -> None:
    """Make the practice's adaptation reports these; each source also becomes 'inspired by'."""
    sources = [resolve(report["inspired_by"], practice, find) for report in reports]
    current = {a.source_id: a for a in practice.adaptations if a.source_id}
    kept = []
    # Nothing is flushed half-built: the new practice joins the session after this returns.
    with db.session.no_autoflush:
        for source, report in zip(sources, reports, strict=True):
            # An existing report is changed in place: a delete and insert of the same pair in
            # one flush would break the unique constraint (SQLAlchemy inserts before deleting).
            adaptation = current.get(source.id) or Adaptation(source=source)
            adaptation.components = list(report["components"])
            adaptation.context = dict(report["context"])
            adaptation.what_happened = report["what_happened"]
            kept.append(adaptation)
            if source not in practice.inspired_by:
                practice.inspired_by.append(source)
        practice.adaptations = kept


def resolve(wanted: dict[str, str], practice: Practice, find: Finder) -> Practice:
    source = find(wanted["title"], wanted["city"], wanted["country"])
    if source is None or source is practice:
        raise UnknownSource(
            f"inspired_by: the library has no other practice '{wanted['title']}' in "
            f"{wanted['city']} ({wanted['country']})"
        )
    return source


def keep_lineage_only(practice: Practice) -> None:
    """Drop the reports on practices that are no longer among those it was inspired by."""
    sources = {p.id for p in practice.inspired_by}
    practice.adaptations = [a for a in practice.adaptations if a.source_id in sources]


def dependency_order(records: list[dict[str, Any]]) -> list[int]:
    """Positions of the records, each practice before those in the file that adapted it."""
    position = {source_key(r): i for i, r in enumerate(records)}
    done: list[int] = []
    seen: set[int] = set()

    def visit(index: int, path: frozenset[int]) -> None:
        if index in seen or index in path:
            return  # a cycle: the later record finds the earlier one once it is written
        for report in records[index].get("adaptations") or []:
            source = position.get(source_key(report["inspired_by"]))
            if source is not None:
                visit(source, path | {index})
        seen.add(index)
        done.append(index)

    for index in range(len(records)):
        visit(index, frozenset())
    return done


def source_record(source: Practice) -> dict[str, str]:
    """How a report names the practice it is about (the exchange format's `inspired_by`)."""
    return {"title": source.title, "city": source.city.name, "country": source.city.country_code}


def current_report(record: dict[str, Any], source: Practice) -> dict[str, Any] | None:
    """The report on `source` in a practice's record (its waiting edit, if it has one)."""
    wanted = source_key(source_record(source))
    for report in record.get("adaptations") or []:
        if source_key(report["inspired_by"]) == wanted:
            return report
    return None


def with_report(record: dict[str, Any], source: Practice, report: dict[str, Any]) -> dict:
    """The record with its report on `source` replaced by `report` (or added); the others kept."""
    wanted = source_key(source_record(source))
    others = [r for r in record.get("adaptations") or [] if source_key(r["inspired_by"]) != wanted]
    return {**record, "adaptations": [*others, {**report, "inspired_by": source_record(source)}]}
