"""Related practices for a practice page: similar words, plus shared themes and approaches."""

from __future__ import annotations

import logging

from whoosh import query as wq

from nsc_library.search.interface import SearchUnavailable
from nsc_library.search.snapshot import Snapshot
from nsc_library.search.state import open_snapshot

log = logging.getLogger(__name__)

KEY_TERMS = 15
TEXT_FIELDS = {"title": 2.0, "summary": 1.5, "body": 1.0}
SHARED_TERM_SCORE = {"theme": 2.0, "approach": 1.5}


def related_practices(practice_id: int, limit: int = 4) -> list[int]:
    """Ids of up to `limit` published practices like this one, never itself; [] without an index."""
    try:
        with open_snapshot() as snapshot:
            return _related(snapshot, practice_id, max(0, min(int(limit), 50)))
    except SearchUnavailable:
        return []


def _related(snapshot: Snapshot, practice_id: int, limit: int) -> list[int]:
    docnum = snapshot.document_number(practice_id)
    if docnum is None or limit == 0:
        return []
    stored = snapshot.stored(docnum)
    text = "\n".join(stored.get(f, "") for f in ("title", "summary", "body"))
    searcher = snapshot.searcher
    key_terms = searcher.key_terms_from_text("body", text, numterms=KEY_TERMS)
    similar: list[wq.Query] = [
        wq.Term(field, term, boost=weight * field_weight)
        for term, weight in key_terms
        for field, field_weight in TEXT_FIELDS.items()
    ]
    for dimension, score in SHARED_TERM_SCORE.items():
        for value, docs in snapshot.values(dimension).items():
            if docnum in docs.docs:
                similar.append(wq.ConstantScoreQuery(wq.Term(dimension, value), score))
    if not similar:
        return []
    others = set(snapshot.live.docs - {docnum})
    found = searcher.search(wq.Or(similar), filter=others, limit=limit, terms=False)
    return [searcher.stored_fields(hit.docnum)["pid"] for hit in found]
