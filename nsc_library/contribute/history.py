"""A readable difference between two revisions of a practice, field by field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from nsc_library.exchange import EXCHANGE_KEYS
from nsc_library.models import Practice
from nsc_library.textdiff import word_diff


@dataclass
class FieldChange:
    field: str
    html: Markup


def as_text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(
            f"{v['title']} <{v['url']}>" if isinstance(v, dict) else str(v) for v in value
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
