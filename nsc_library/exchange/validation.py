"""Validating exchange records: every field checked and normalised, every problem reported."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pycountry
from email_validator import EmailNotValidError, validate_email

from nsc_library.exchange.fields import EXCHANGE_KEYS, EXPORT_ONLY_KEYS
from nsc_library.practice_rules import (
    EARLIEST_YEAR,
    MAX_LENGTH,
    MAX_LINKS,
    MAX_PARTNERS,
    Evaluation,
    PreventionLevel,
    latest_year,
)

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


@dataclass
class RecordProblem:
    number: int
    title: str
    field: str
    message: str

    def __str__(self) -> str:
        return f'record {self.number} ("{self.title}"): {self.field}: {self.message}'


@dataclass
class ValidatedRecords:
    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[RecordProblem] = field(default_factory=list)


def validate_records(raw_records: list[Any], known: KnownTerms) -> ValidatedRecords:
    """Check every record, collecting all problems rather than stopping at the first."""
    result = ValidatedRecords()
    for number, raw in enumerate(raw_records, start=1):
        record, problems = validate_record(raw, known)
        title = raw.get("title") if isinstance(raw, dict) else None
        label = title if isinstance(title, str) and title.strip() else "untitled"
        result.problems.extend(RecordProblem(number, label[:80], f, m) for f, m in problems)
        if not problems:
            result.records.append(record)
    return result


def validate_record(raw: Any, known: KnownTerms) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Normalise one record; returns it with a list of (field, message) problems."""
    if not isinstance(raw, dict):
        return {}, [("record", f"expected a JSON object, got {json_type(raw)}")]
    problems = [
        (key, "unknown field")
        for key in raw
        if key not in EXCHANGE_KEYS and key not in EXPORT_ONLY_KEYS
    ]
    record: dict[str, Any] = {}
    for key in EXCHANGE_KEYS:
        try:
            record[key] = FIELD_CHECKS[key](raw.get(key), known)
        except FieldError as exc:
            problems.append((key, str(exc)))
    if not problems:
        problems.extend(check_years(record))
    return record, problems


def check_years(record: dict[str, Any]) -> list[tuple[str, str]]:
    start, end = record["start_year"], record["end_year"]
    if start is not None and end is not None and end < start:
        return [("end_year", f"{end} is before the start year, {start}")]
    return []


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


def slugs(vocabulary: str, required: bool = False) -> Callable[[Any, KnownTerms], list[str]]:
    def check(value: Any, known: KnownTerms) -> list[str]:
        value = [] if value is None else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise FieldError(f"expected a list of slugs, got {json_type(value)}")
        if required and not value:
            raise FieldError("at least one is required")
        allowed = getattr(known, vocabulary)
        unknown = [v for v in value if v not in allowed]
        if unknown:
            names = ", ".join(f"'{v}'" for v in unknown)
            raise FieldError(f"{names}: not in the library's {vocabulary.replace('_', ' ')}")
        return list(dict.fromkeys(value))

    return check


def choice(enum_class: type) -> Callable[[Any, KnownTerms], str | None]:
    allowed = [member.value for member in enum_class]

    def check(value: Any, _known: KnownTerms) -> str | None:
        if value is None or value == "":
            return None
        if value not in allowed:
            raise FieldError(f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    return check


def check_country(value: Any, known: KnownTerms) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldError("is required (an ISO 3166-1 alpha-2 code such as 'SE')")
    code = value.strip().upper()
    if code not in known.countries:
        raise FieldError(f"{value!r} is not an ISO 3166 country code")
    return code


def year(value: Any, _known: KnownTerms) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f"expected a whole year such as 2019, got {json_type(value)}")
    if value < EARLIEST_YEAR:
        raise FieldError(f"{value} is before {EARLIEST_YEAR}")
    if value > latest_year():
        raise FieldError(f"{value} is in the future; leave it empty (null) while ongoing")
    return value


def check_partners(value: Any, known: KnownTerms) -> list[str]:
    value = [] if value is None else value
    if not isinstance(value, list):
        raise FieldError(f"expected a list of names, got {json_type(value)}")
    if len(value) > MAX_PARTNERS:
        raise FieldError(f"has {len(value)} partners; the limit is {MAX_PARTNERS}")
    partner = text(MAX_LENGTH["partner"])
    return [name for name in (partner(v, known) for v in value) if name]


def check_email(value: Any, known: KnownTerms) -> str:
    value = text(MAX_LENGTH["contact_email"])(value, known)
    if not value:
        return ""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise FieldError(f"{value!r} is not a valid e-mail address ({exc})") from None


def check_url(value: Any, known: KnownTerms) -> str:
    value = text(MAX_LENGTH["link_url"], required=True)(value, known)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise FieldError(f"{value!r} is not an http(s) URL")
    return value


def check_links(value: Any, known: KnownTerms) -> list[dict[str, str]]:
    value = [] if value is None else value
    if not isinstance(value, list):
        raise FieldError(f"expected a list of {{title, url}} objects, got {json_type(value)}")
    if len(value) > MAX_LINKS:
        raise FieldError(f"has {len(value)} links; the limit is {MAX_LINKS}")
    links = []
    for link in value:
        if not isinstance(link, dict) or set(link) - {"title", "url"}:
            raise FieldError("each link must be an object with 'title' and 'url'")
        url = check_url(link.get("url"), known)
        title = text(MAX_LENGTH["link_title"])(link.get("title"), known)
        links.append({"title": title or urlsplit(url).hostname, "url": url})
    return links


def check_language(value: Any, _known: KnownTerms) -> str:
    if value is None or value == "":
        return "en"
    if not isinstance(value, str) or pycountry.languages.get(alpha_2=value.lower()) is None:
        raise FieldError(f"{value!r} is not an ISO 639-1 language code such as 'en' or 'sv'")
    return value.lower()


FIELD_CHECKS: dict[str, Callable[[Any, KnownTerms], Any]] = {
    "title": text(MAX_LENGTH["title"], required=True),
    "summary": text(MAX_LENGTH["summary"], required=True),
    "description": text(MAX_LENGTH["description"], required=True),
    "city": text(MAX_LENGTH["city"], required=True),
    "country": check_country,
    "themes": slugs("themes", required=True),
    "approaches": slugs("approaches"),
    "target_groups": slugs("target_groups"),
    "prevention_level": choice(PreventionLevel),
    "organisation": text(MAX_LENGTH["organisation"]),
    "partners": check_partners,
    "start_year": year,
    "end_year": year,
    "evaluation": choice(Evaluation),
    "evaluation_summary": text(MAX_LENGTH["evaluation_summary"]),
    "results": text(MAX_LENGTH["results"]),
    "resources": text(MAX_LENGTH["resources"]),
    "contact_name": text(MAX_LENGTH["contact_name"]),
    "contact_email": check_email,
    "contact_role": text(MAX_LENGTH["contact_role"]),
    "links": check_links,
    "language": check_language,
    "english_summary": text(MAX_LENGTH["english_summary"]),
}
