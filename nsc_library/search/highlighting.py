"""Snippets with the matched words marked: everything HTML-escaped except the <mark> tags.

A word matches when its index term (see analysis.normalise) is one of the query's terms, so
`malmo` marks "Malmö" and `mentoring` marks "mentors". This is a small highlighter of our own:
Whoosh's re-runs the whole analyzer chain token by token, which cost more than the search itself
for a page of twenty long write-ups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain

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


@lru_cache(maxsize=100_000)
def index_term(word: str) -> str | None:
    """The index term of a word as written, or None for a word that is not indexed."""
    lower = word.lower()
    if len(lower) < 2 or len(lower) > MAX_TOKEN_CHARS or lower in STOP_WORDS:
        return None
    return normalise(lower)


def iter_spans(text: str, terms: frozenset[str]) -> Iterator[Span]:
    """Where the words whose index terms are in `terms` stand in `text`, in order."""
    for match in _WORD.finditer(text):
        if index_term(match.group()) in terms:
            yield match.span()


def matched_spans(text: str, terms: frozenset[str]) -> list[Span]:
    return list(iter_spans(text, terms))


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


def fragments(text: str, spans: Iterable[Span]) -> Markup:
    """Windows of the text around its first matches (up to FRAGMENTS), joined by ' … '.

    Windows never overlap: one that would start inside the previous one continues it instead, so
    no text is shown twice. `spans` is read only as far as the last window: a long text is not
    scanned to its end.
    """
    windows: list[Span] = []
    seen: list[Span] = []
    for left, right in spans:
        if windows and left >= windows[-1][1] and len(windows) == FRAGMENTS:
            break  # past every window (each ends further than the one before)
        seen.append((left, right))
        if windows and left < windows[-1][1]:
            continue  # already shown
        start, end = _window(text, left, right)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    pieces = [
        ("… " if left else "") + mark(text, seen, left, right) + (" …" if right < len(text) else "")
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
    summary = one_line(summary)
    found = _marked_fragments(summary, terms)
    if found is None:
        found = _marked_fragments(one_line(body[:BODY_CHARS]), terms)
    if found is not None:
        return found
    if len(summary) > SNIPPET_CHARS:
        summary = summary[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(summary)


def _marked_fragments(text: str, terms: frozenset[str]) -> Markup | None:
    spans = iter_spans(text, terms)
    first = next(spans, None)
    return None if first is None else fragments(text, chain((first,), spans))


def marked_title(title: str, terms: frozenset[str]) -> Markup:
    """The whole title with matched words marked."""
    return mark(title, matched_spans(title, terms))
