"""Comparing the index with the database: what `flask check-index` reports."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session

from nsc_library.extensions import db
from nsc_library.search import storage
from nsc_library.search.interface import IndexReport, SearchUnavailable
from nsc_library.search.state import SearchState
from nsc_library.search.writer import all_published_documents


def check_index() -> IndexReport:
    """Published practices missing from the index, indexed from an older version, or indexed
    although not published (or twice). An unreadable index is reported as `error`."""
    state = SearchState()  # a private snapshot: the process's own may be busy or stale
    try:
        snapshot = state.open(storage.index_root())
    except SearchUnavailable as exc:
        return IndexReport(error=str(exc))
    try:
        indexed = {}
        copies: Counter[int] = Counter()
        for fields in snapshot.reader.all_stored_fields():
            indexed[fields["pid"]] = fields
            copies[fields["pid"]] += 1
        report = IndexReport()
        with Session(db.engine) as session:
            for document in all_published_documents(session):
                found = indexed.pop(document["pid"], None)
                if found is None:
                    report.missing.append(document["slug"])
                elif found["fingerprint"] != document["fingerprint"] or copies[document["pid"]] > 1:
                    report.stale.append(document["slug"])
        report.extra = sorted(fields.get("slug") or str(pid) for pid, fields in indexed.items())
        return report
    finally:
        state.close()
