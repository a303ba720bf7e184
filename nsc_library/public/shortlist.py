"""The shortlist: practices a visitor keeps in their browser session to compare later."""

from __future__ import annotations

from flask import session

MAX_SHORTLIST = 12
KEY = "shortlist"


def shortlisted() -> list[str]:
    value = session.get(KEY, [])
    return [slug for slug in value if isinstance(slug, str)] if isinstance(value, list) else []


def add(slug: str) -> bool:
    """Add a slug; False when the shortlist is full."""
    slugs = shortlisted()
    if slug in slugs:
        return True
    if len(slugs) >= MAX_SHORTLIST:
        return False
    session[KEY] = [*slugs, slug]
    return True


def remove(slug: str) -> None:
    session[KEY] = [s for s in shortlisted() if s != slug]


def clear() -> None:
    session.pop(KEY, None)
