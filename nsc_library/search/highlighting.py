"""Snippets with the matched words marked: everything HTML-escaped except the <mark> tags.

A word matches when its index term (see analysis.normalise) is one of the query's terms, so
`malmo` marks "Malmö" and `mentoring` marks "mentors". This is a small highlighter of our own:
Whoosh's re-runs the whole analyzer chain token by token, which cost more than the search itself
for a page of twenty long write-ups.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from nsc_library.search.analysis import MAX_TOKEN_CHARS, STOP_WORDS, normalise

SNIPPET_CHARS = 240
CONTEXT_CHARS = 60
FRAGMENTS = 2
# Long write-ups are searched for a snippet near their start only.
BODY_CHARS = 4000

_WORD = re.compile(r"\w+(?:\.\w+)*")
_LIST_MARKER = re.compile(r"(?m)^\s*(?:[-+]|\d+\.)\s+")

Span = tuple[int, int]


def one_line(text: str) -> str:
    """Text as one line: list markers and line breaks mean nothing in a snippet."""
    return " ".join(_LIST_MARKER.sub(" ", text).split())


def matched_spans(text: str, terms: frozenset[str]) -> list[Span]:
    """Where the words whose index terms are in `terms` stand in `text`."""
    spans = []
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if (
            len(word) >= 2
            and len(word) <= MAX_TOKEN_CHARS
            and word not in STOP_WORDS
            and normalise(word) in terms
        ):
            spans.append(match.span())
    return spans


def mark(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> Markup:
    """text[start:end], escaped, with the spans inside it wrapped in <mark>."""
    end = len(text) if end is None else end
    out, position = [], start
    for left, right in spans:
        if left < start or right > end:
            continue
        out.append(str(escape(text[position:left])))
        out.append(f"<mark>{escape(text[left:right])}</mark>")
        position = right
    out.append(str(escape(text[position:end])))
    return Markup("".join(out))  # noqa: S704  (every piece of text above is escaped)


def fragments(text: str, spans: list[Span]) -> Markup:
    """Windows of the text around its first matches (up to FRAGMENTS), joined by ' … '."""
    windows: list[Span] = []
    for left, right in spans:
        if len(windows) == FRAGMENTS:
            break
        if windows and left < windows[-1][1]:
            continue  # already shown
        windows.append(_window(text, left, right))
    pieces = [
        ("… " if left else "")
        + mark(text, spans, left, right)
        + (" …" if right < len(text) else "")
        for left, right in windows
    ]
    return Markup(" ").join(pieces)


def _window(text: str, left: int, right: int) -> Span:
    """About SNIPPET_CHARS of text with the match near its start, cut at spaces."""
    start = max(0, left - CONTEXT_CHARS)
    if start:
        space = text.find(" ", start, left)
        start = space + 1 if space >= 0 else left
    end = max(right, min(len(text), start + SNIPPET_CHARS))
    if end < len(text):
        space = text.rfind(" ", right, end)
        end = space if space > 0 else end
    return start, end


def snippet(summary: str, body: str, terms: frozenset[str]) -> Markup:
    """Marked fragments of the summary, else of the body, else the start of the summary."""
    for text in (one_line(summary), one_line(body[:BODY_CHARS])):
        spans = matched_spans(text, terms)
        if spans:
            return fragments(text, spans)
    summary = one_line(summary)
    if len(summary) > SNIPPET_CHARS:
        summary = summary[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(summary)


def marked_title(title: str, terms: frozenset[str]) -> Markup:
    """The whole title with matched words marked."""
    return mark(title, matched_spans(title, terms))
