"""A readable difference between two revisions of a practice, field by field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from nsc_library.exchange import EXCHANGE_KEYS
from nsc_library.models import Practice
from nsc_library.textdiff import word_diff

EMPTY = (None, "", [], {})


@dataclass
class FieldChange:
    field: str
    html: Markup


def as_text(value: Any) -> str:
    """A field's value as lines of text to compare: links, lists, and the nested parts of the
    implementation and adaptation reports."""
    if isinstance(value, list):
        return "\n".join(as_text(v) for v in value)
    if isinstance(value, dict) and set(value) == {"title", "url"}:
        return f"{value['title']} <{value['url']}>"
    if isinstance(value, dict):
        return "\n".join(
            f"{key.replace('_', ' ')}: {as_text(v)}" for key, v in value.items() if v not in EMPTY
        )
    return "" if value is None else str(value)


def compare(practice: Practice, a: int, b: int) -> list[FieldChange] | None:
    """Changes from revision a to revision b, or None if either does not exist."""
    revisions = {r.number: r for r in practice.revisions}
    if a not in revisions or b not in revisions:
        return None
    old, new = revisions[a].content, revisions[b].content
    return [
        FieldChange(key.replace("_", " "), word_diff(as_text(old.get(key)), as_text(new.get(key))))
        for key in EXCHANGE_KEYS
        if old.get(key) != new.get(key)
    ]
