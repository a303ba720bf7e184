"""A value quoted for a message people read, in place of Python's repr."""

from __future__ import annotations

import re

# Control characters stay visible and harmless (a terminal or a log line is not rewritten by them).
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def quoted(value: object) -> str:
    """The value between typographic quotes, control characters escaped as repr would."""
    text = CONTROL.sub(lambda found: repr(found.group())[1:-1], str(value))
    return f"“{text}”"
