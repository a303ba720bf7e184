"""Word-level differences between two texts: shown coloured, or counted."""

from __future__ import annotations

import difflib
import re

from markupsafe import Markup, escape

WORDS = re.compile(r"\s+|[^\s]+")


def _opcodes(before: list[str], after: list[str]):
    return difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()


def word_diff(old: str, new: str) -> Markup:
    """Removed words in <del>, added words in <ins>, the rest as it was; all escaped."""
    before, after = WORDS.findall(old), WORDS.findall(new)
    parts: list[str] = []
    for op, a1, a2, b1, b2 in _opcodes(before, after):
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
        if op == "equal":
            parts.append(str(escape("".join(before[a1:a2]))))
    return Markup("".join(parts))  # noqa: S704  (every piece is escaped above)


def words_changed(old: str, new: str) -> int:
    """How many words were removed or added (a replaced word counts on both sides)."""
    before, after = old.split(), new.split()
    if before == after:
        return 0
    return sum(
        (a2 - a1) + (b2 - b1) for op, a1, a2, b1, b2 in _opcodes(before, after) if op != "equal"
    )
