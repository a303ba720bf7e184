"""Redirect targets taken from user input stay within the site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_target(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, otherwise `fallback` (refuses //host and schemes)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(c in target for c in "\r\n\t\\"):
        return fallback
    return target
