"""The index schema, and the document a published practice becomes."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import numpy as np
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from nsc_library.models import Practice
from nsc_library.search import semantic
from nsc_library.search.analysis import ANALYZER, SPELLING_ANALYZER, fold
from nsc_library.search.interface import FACET_DIMENSIONS

# Query-time weights of the searchable fields: a word in the title counts most.
# `context` holds the city and country, organisation and partners, theme/approach/group labels.
# `english` holds the English summary of a write-up in another language. The translations
# (docs/search.md): their titles and summaries in `translated_summary`, weighed as a summary, so
# that a word of a translation's title ranks its practice as a word of the original's would;
# the rest in `translated`, weighed as the body.
FIELD_WEIGHTS = {
    "title": 6.0,
    "summary": 3.0,
    "english": 2.5,
    "context": 2.5,
    "translated_summary": 3.0,
    "body": 1.0,
    "translated": 1.0,
}
TEXT_FIELDS = tuple(FIELD_WEIGHTS)
# Long texts: synonyms and glossary forms are not looked for in them (query.py).
LONG_FIELDS = ("body", "translated")
# Stored texts that snippets are cut from.
SNIPPET_FIELDS = ("summary", "body")
UNKNOWN_YEAR = 0
SPELL_BODY = 2000


def build_schema() -> Schema:
    def text(stored: bool = False) -> TEXT:
        return TEXT(analyzer=ANALYZER, stored=stored)

    def keywords() -> KEYWORD:
        return KEYWORD(commas=True, lowercase=False, scorable=False)

    def number(bits: int = 32) -> NUMERIC:
        return NUMERIC(numtype=int, bits=bits, stored=True, sortable=True)

    return Schema(
        key=ID(unique=True, stored=True),
        pid=number(64),
        slug=ID(stored=True),
        title=text(stored=True),
        summary=text(stored=True),
        english=text(stored=True),
        context=text(),
        body=text(stored=True),
        translated_summary=text(),
        translated=text(),
        spell=TEXT(analyzer=SPELLING_ANALYZER, phrase=False),
        published=number(64),
        start_year=number(),
        end_year=number(),
        title_sort=ID(sortable=True),
        fingerprint=STORED(),
        # The practice's meaning vector (see semantic.py), read for all documents at once.
        vector=COLUMN(VarBytesColumn()),
        # One field per facet dimension, of the same name.
        **{name: keywords() for name in FACET_DIMENSIONS},
    )


_MARKDOWN = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[#*_>`|~]+")


def plain_text(markdown: str) -> str:
    """Markdown as readable plain text for snippets: link text kept, markup dropped."""
    return _MARKDOWN.sub(lambda m: m.group(1) or " ", markdown).strip()


def practice_document(practice: Practice, vector: np.ndarray | None = None) -> dict[str, Any]:
    """The index document of a published practice; its relationships must be loadable.
    `vector` is its meaning vector when already computed (see practice_documents)."""
    city = practice.city
    labels = [t.label for t in (*practice.themes, *practice.approaches, *practice.target_groups)]
    body = "\n\n".join(
        part
        for part in (
            plain_text(practice.description),
            practice.results,
            practice.evaluation_summary,
        )
        if part
    )
    organisations = "\n".join([practice.organisation, *practice.partners])
    places = f"{city.name}\n{city.country.name}"
    doc: dict[str, Any] = {
        "key": str(practice.id),
        "pid": practice.id,
        "slug": practice.slug,
        "title": practice.title,
        "summary": practice.summary,
        "english": practice.english_summary,
        "context": "\n".join((places, organisations, *labels)),
        "body": body,
        "translated_summary": "\n".join(
            part for t in practice.translations for part in (t.title, t.summary) if part
        ),
        "translated": translated_text(practice),
        # Suggestions come from the words a reader sees first; the whole body would double
        # the indexing work for little gain.
        "spell": "\n".join(
            (practice.title, practice.summary, places, organisations, *labels, body[:SPELL_BODY])
        ),
        "published": int(practice.published_at.timestamp()) if practice.published_at else 0,
        "start_year": practice.start_year or UNKNOWN_YEAR,
        "end_year": practice.end_year or UNKNOWN_YEAR,
        "title_sort": fold(practice.title)[:100],
        "theme": ",".join(t.slug for t in practice.themes),
        "approach": ",".join(a.slug for a in practice.approaches),
        "target_group": ",".join(g.slug for g in practice.target_groups),
        "country": city.country_code,
        "prevention_level": practice.prevention_level.value if practice.prevention_level else "",
        "evaluation": practice.evaluation.value if practice.evaluation else "",
        "decade": str(practice.start_year // 10 * 10) if practice.start_year else "",
        "evidence_level": practice.evidence_level.value if practice.evidence_level else "",
    }
    if vector is None:
        vector = semantic.embed([meaning_text(practice)])[0]
    doc["vector"] = semantic.to_bytes(vector)
    doc["fingerprint"] = fingerprint(doc)
    return doc


def translated_text(practice: Practice) -> str:
    """The long texts of every translation, as plain text."""
    return "\n\n".join(
        "\n".join(
            part
            for part in (
                plain_text(t.description),
                t.results,
                t.evaluation_summary,
                t.resources,
            )
            if part
        )
        for t in practice.translations
    )


def practice_documents(practices: list[Practice]) -> list[dict[str, Any]]:
    """The index documents of many practices; their meaning vectors computed in one batch."""
    vectors = semantic.embed([meaning_text(p) for p in practices])
    return [practice_document(p, v) for p, v in zip(practices, vectors, strict=True)]


def meaning_text(practice: Practice) -> str:
    labels = [t.label for t in (*practice.themes, *practice.approaches, *practice.target_groups)]
    summaries = (practice.summary, practice.english_summary)
    return semantic.practice_text(practice.title, summaries, labels)


# Derived from the other fields (and the model, which the digest names instead).
UNDIGESTED = ("fingerprint", "vector")


def fingerprint(doc: dict[str, Any]) -> str:
    """A digest of everything indexed: a practice whose digest changed is stale in the index."""
    content = {k: v for k, v in doc.items() if k not in UNDIGESTED}
    content["model"] = semantic.MODEL_ID
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:32]
