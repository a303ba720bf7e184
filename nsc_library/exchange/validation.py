"""Validating exchange records: every field checked and normalised, every problem reported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pycountry
from email_validator import EmailNotValidError, validate_email

from nsc_library.exchange.checks import (
    FieldError,
    KnownTerms,
    check_country,
    check_url,
    json_type,
    text,
)
from nsc_library.exchange.fields import EXCHANGE_KEYS, EXPORT_ONLY_KEYS, FORMAT_KEY
from nsc_library.exchange.implementation import (
    check_adaptations,
    check_evidence_level,
    check_implementation,
)
from nsc_library.exchange.translations import TRANSLATIONS_KEY, check_translations
from nsc_library.practice_rules import (
    EARLIEST_YEAR,
    MAX_LENGTH,
    MAX_LINKS,
    MAX_PARTNERS,
    Evaluation,
    PreventionLevel,
    latest_year,
)
from nsc_library.quoting import quoted


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
        if key not in EXCHANGE_KEYS
        and key not in EXPORT_ONLY_KEYS
        and key not in (FORMAT_KEY, TRANSLATIONS_KEY)
    ]
    if raw.get(FORMAT_KEY, 1) not in (1, 2):
        problems.append(
            (FORMAT_KEY, f"{quoted(raw[FORMAT_KEY])} is not a format this library reads (1, 2)")
        )
    record: dict[str, Any] = {}
    for key in EXCHANGE_KEYS:
        try:
            record[key] = FIELD_CHECKS[key](raw.get(key), known)
        except FieldError as exc:
            problems.append((key, str(exc)))
    if TRANSLATIONS_KEY in raw:
        # Kept apart from the practice's own fields: revisions and comparisons never see it.
        try:
            record[TRANSLATIONS_KEY] = check_translations(
                raw[TRANSLATIONS_KEY], record.get("language", "en")
            )
        except FieldError as exc:
            problems.append((TRANSLATIONS_KEY, str(exc)))
    if not problems:
        problems.extend(check_years(record))
    return record, problems


def check_years(record: dict[str, Any]) -> list[tuple[str, str]]:
    start, end = record["start_year"], record["end_year"]
    if start is not None and end is not None and end < start:
        return [("end_year", f"{end} is before the start year, {start}")]
    return []


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
            raise FieldError(f"{quoted(value)} is not one of: {', '.join(allowed)}")
        return value

    return check


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
        raise FieldError(f"{quoted(value)} is not a valid e-mail address ({exc})") from None


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
        raise FieldError(f"{quoted(value)} is not an ISO 639-1 language code such as 'en' or 'sv'")
    return value.lower()


def check_model(value: Any, known: KnownTerms) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise FieldError(f"expected the slug of a Nordic model, got {json_type(value)}")
    if value not in known.models:
        raise FieldError(f"{quoted(value[:80])} is not a Nordic model of the library (see /models)")
    return value


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
    "evidence_level": check_evidence_level,
    "implementation": check_implementation,
    "adaptations": check_adaptations,
    "model": check_model,
}
