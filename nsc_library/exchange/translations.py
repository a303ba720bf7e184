"""The `translations` of an exchange record: each a language, the translated text, and the
number of the original's revision it was made from (docs/exchange-format.md)."""

from __future__ import annotations

from typing import Any

from nsc_library.exchange.checks import FieldError, json_type, text
from nsc_library.i18n import LANGUAGES
from nsc_library.models import TRANSLATED_FIELDS, Practice
from nsc_library.models.columns import as_utc
from nsc_library.practice_rules import MAX_LENGTH
from nsc_library.quoting import quoted

TRANSLATIONS_KEY = "translations"
TRANSLATION_KEYS = ("language", *TRANSLATED_FIELDS, "source_revision")
# Written by exports and the API, ignored on import: whether the original changed since.
TRANSLATION_EXPORT_ONLY_KEYS = ("outdated", "updated_at")


def check_text_fields(raw: dict[str, Any]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The translated fields cleaned as the original's are (line endings, invisible marks,
    lengths); the title is required."""
    cleaned: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for key in TRANSLATED_FIELDS:
        try:
            cleaned[key] = text(MAX_LENGTH[key], required=key == "title")(raw.get(key), None)
        except FieldError as exc:
            problems.append((key, str(exc)))
    return cleaned, problems


def check_translations(value: Any, original_language: str) -> list[dict[str, Any]]:
    """Normalised translations of one record, or a FieldError listing every problem."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldError(f"expected a list of translations, got {json_type(value)}")
    problems: list[str] = []
    found: list[dict[str, Any]] = []
    for number, raw in enumerate(value, start=1):
        translation, wrong = check_translation(raw, original_language)
        if any(t["language"] == translation.get("language") for t in found):
            wrong.append(("language", f"{quoted(translation['language'])} is translated twice"))
        problems.extend(f"translation {number}: {key}: {message}" for key, message in wrong)
        if not wrong:
            found.append(translation)
    if problems:
        raise FieldError("; ".join(problems))
    return found


def check_translation(raw: Any, original_language: str) -> tuple[dict[str, Any], list]:
    if not isinstance(raw, dict):
        return {}, [("translation", f"expected an object, got {json_type(raw)}")]
    known = (*TRANSLATION_KEYS, *TRANSLATION_EXPORT_ONLY_KEYS)
    problems = [(key, "unknown field") for key in raw if key not in known]
    language = raw.get("language")
    if language not in LANGUAGES:
        choices = ", ".join(LANGUAGES)
        problems.append(
            ("language", f"{quoted(language)} is not a language of the library ({choices})")
        )
    elif language == original_language:
        problems.append(("language", f"{quoted(language)} is the language of the original"))
    cleaned, wrong = check_text_fields(raw)
    problems.extend(wrong)
    revision = raw.get("source_revision")
    if revision is not None and (
        isinstance(revision, bool) or not isinstance(revision, int) or revision < 1
    ):
        problems.append(("source_revision", f"expected a revision number, got {quoted(revision)}"))
    return {"language": language, **cleaned, "source_revision": revision}, problems


def translation_records(practice: Practice) -> list[dict[str, Any]]:
    """The practice's translations as exports and the API write them."""
    return [
        {
            "language": t.language,
            **{key: getattr(t, key) for key in TRANSLATED_FIELDS},
            "source_revision": t.source_revision.number,
            "outdated": t.outdated,
            "updated_at": as_utc(t.updated_at).isoformat() if t.updated_at else None,
        }
        for t in practice.translations
    ]
