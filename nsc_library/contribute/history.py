"""A readable difference between two revisions of a practice, field by field."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from nsc_library.exchange import EXCHANGE_KEYS
from nsc_library.models import Practice

WORDS = re.compile(r"\s+|[^\s]+")


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


def word_diff(old: str, new: str) -> Markup:
    """Removed words in <del>, added words in <ins>, the rest as it was; all escaped."""
    before, after = WORDS.findall(old), WORDS.findall(new)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
        if op == "equal":
            parts.append(str(escape("".join(before[a1:a2]))))
    return Markup("".join(parts))  # noqa: S704  (every piece is escaped above)


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
