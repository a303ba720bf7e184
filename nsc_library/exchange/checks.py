"""The checks every exchange field is built from: text, URLs, countries, and their errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from nsc_library.practice_rules import MAX_LENGTH
from nsc_library.quoting import quoted
from nsc_library.rates import SHIPPED_CURRENCIES

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Invisible characters that change how text is shown or compared without being seen: bidi
# embeddings, overrides and isolates (which can make a title read backwards), the left-to-right
# and right-to-left marks, zero-width space, word joiner and a stray byte-order mark.
# Zero-width (non-)joiners stay: some scripts and emoji need them.
INVISIBLE = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def normalise_text(value: str) -> str:
    """Line endings as LF (browsers send CRLF) and no invisible direction or spacing marks."""
    return INVISIBLE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


class FieldError(ValueError):
    """One field of one record is wrong; the message says how."""


@dataclass(frozen=True)
class KnownTerms:
    """What a record may refer to: vocabulary slugs and country codes in the library."""

    themes: frozenset[str]
    approaches: frozenset[str]
    target_groups: frozenset[str]
    countries: frozenset[str]
    currencies: frozenset[str] = SHIPPED_CURRENCIES
    models: frozenset[str] = frozenset()


def json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def text(max_length: int, required: bool = False) -> Callable[[Any, KnownTerms], str]:
    def check(value: Any, _known: KnownTerms) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise FieldError(f"expected text, got {json_type(value)}")
        value = normalise_text(value).strip()
        if required and not value:
            raise FieldError("is required")
        if len(value) > max_length:
            raise FieldError(f"is {len(value)} characters long; the limit is {max_length}")
        if CONTROL_CHARACTERS.search(value):
            raise FieldError("contains control characters")
        return value

    return check


def check_country(value: Any, known: KnownTerms) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldError("is required (an ISO 3166-1 alpha-2 code such as 'SE')")
    code = value.strip().upper()
    if code not in known.countries:
        raise FieldError(f"{quoted(value)} is not an ISO 3166 country code")
    return code


def check_url(value: Any, known: KnownTerms) -> str:
    value = text(MAX_LENGTH["link_url"], required=True)(value, known)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise FieldError(f"{quoted(value)} is not an http(s) URL")
    return value
