"""Translations of a practice's write-up, each pinned to the revision of the original it came from.

A translation goes live with its practice without a review of its own: it says what the reviewed
original says, its translator is a contributor of the practice's city or an editor, and every
save is in the audit log. When the original changes, the translation shows as out of date (with
the words changed since its revision) until a translator updates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from nsc_library.extensions import db
from nsc_library.i18n import LANGUAGES
from nsc_library.models import TRANSLATED_FIELDS, Practice, PracticeTranslation, Revision, User
from nsc_library.models.columns import utcnow
from nsc_library.practice_rules import MAX_LENGTH, Status
from nsc_library.services import audit
from nsc_library.services.policy import Action, may
from nsc_library.services.workflow import InvalidPractice, NotAllowed, require
from nsc_library.textdiff import word_diff, words_changed

# Translations are into the interface languages: a reader is shown the one of their language.
TRANSLATION_LANGUAGES = tuple(LANGUAGES)
# The description, results and the rest are Text columns; these caps keep them the original's.
MAX_TRANSLATED_LENGTH = {
    "title": MAX_LENGTH["title"],
    "summary": MAX_LENGTH["summary"],
    "description": MAX_LENGTH["description"],
    "results": MAX_LENGTH["results"],
    "evaluation_summary": MAX_LENGTH["evaluation_summary"],
    "resources": MAX_LENGTH["resources"],
}


class InvalidTranslation(InvalidPractice):
    """A translation that cannot be saved; `problems` name the fields."""


@dataclass
class OriginalChange:
    field: str
    html: Any  # Markup
    words: int


@dataclass
class QueueEntry:
    translation: PracticeTranslation
    words: int


def find(practice: Practice, language: str) -> PracticeTranslation | None:
    return next((t for t in practice.translations if t.language == language), None)


def text_of(source: Practice | Revision) -> dict[str, str]:
    """The translated fields of a practice as it is now, or as a revision saved it."""
    if isinstance(source, Revision):
        return {k: str(source.content.get(k) or "") for k in TRANSLATED_FIELDS}
    return {k: getattr(source, k) or "" for k in TRANSLATED_FIELDS}


def current_revision(practice: Practice) -> Revision | None:
    """The newest revision holding the practice's present text (a pending or declined edit
    is newer but is not the text readers see)."""
    now = text_of(practice)
    for revision in reversed(practice.revisions):
        if not revision.pending and text_of(revision) == now:
            return revision
    return practice.revisions[-1] if practice.revisions else None


def revision_numbered(practice: Practice, number: int | None) -> Revision | None:
    if number is None:
        return current_revision(practice)
    return next((r for r in practice.revisions if r.number == number), None)


def original_changes(translation: PracticeTranslation) -> list[OriginalChange]:
    """What changed in the original since the translation's revision, field by field."""
    old, new = text_of(translation.source_revision), text_of(translation.practice)
    return [
        OriginalChange(key, word_diff(old[key], new[key]), words_changed(old[key], new[key]))
        for key in TRANSLATED_FIELDS
        if old[key] != new[key]
    ]


def changed_words(translation: PracticeTranslation) -> int:
    """Words of the original removed or added since the translation was made; 0: up to date."""
    return sum(change.words for change in original_changes(translation))


def is_outdated(translation: PracticeTranslation) -> bool:
    old, new = text_of(translation.source_revision), text_of(translation.practice)
    return any(old[key] != new[key] for key in TRANSLATED_FIELDS)


def check_text(practice: Practice, language: str, text: dict[str, Any]) -> dict[str, str]:
    """The cleaned text, or InvalidTranslation naming every field that needs attention."""
    problems: list[tuple[str, str]] = []
    if language not in TRANSLATION_LANGUAGES:
        problems.append(("language", gettext("choose one of the library's languages")))
    elif language == practice.language:
        problems.append(("language", gettext("this is the language of the original")))
    cleaned: dict[str, str] = {}
    for key in TRANSLATED_FIELDS:
        value = text.get(key) or ""
        if not isinstance(value, str):
            problems.append((key, gettext("expected text")))
            continue
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(value) > MAX_TRANSLATED_LENGTH[key]:
            limit = MAX_TRANSLATED_LENGTH[key]
            problems.append((key, gettext("at most %(limit)d characters", limit=limit)))
        cleaned[key] = value
    if not cleaned.get("title") and "title" not in dict(problems):
        problems.append(("title", gettext("is required")))
    if problems:
        raise InvalidTranslation(problems)
    return cleaned


def save_translation(
    practice: Practice,
    language: str,
    text: dict[str, Any],
    user: User | None,
    source_revision: int | None = None,
    new: bool = False,
) -> PracticeTranslation:
    """Add or update the translation into `language`, made from revision `source_revision` of
    the original (its present text when None). `new`: refuse if one exists already."""
    require(may(user, Action.EDIT, practice), gettext("You may not translate this practice."))
    cleaned = check_text(practice, language, text)
    source = revision_numbered(practice, source_revision)
    if source is None:
        raise InvalidTranslation(
            [("source_revision", gettext("this practice has no revision %(n)s", n=source_revision))]
        )
    translation = find(practice, language)
    if translation is not None and new:
        message = gettext("there is a translation into this language already: edit it")
        raise InvalidTranslation([("language", message)])
    if translation is None:
        translation = PracticeTranslation(language=language)
        practice.translations.append(translation)
    for key, value in cleaned.items():
        setattr(translation, key, value)
    translation.source_revision = source
    translation.translator = user
    translation.updated_at = utcnow()  # also when only the pinned revision moves
    audit.record(
        user, "practice.translated", practice.slug, language=language, revision=source.number
    )
    db.session.flush()
    return translation


def delete_translation(practice: Practice, language: str, user: User) -> None:
    require(may(user, Action.EDIT, practice), gettext("You may not translate this practice."))
    translation = find(practice, language)
    if translation is None:
        raise NotAllowed(gettext("This practice has no translation into this language."))
    practice.translations.remove(translation)
    audit.record(user, "practice.translation_deleted", practice.slug, language=language)
    db.session.flush()


def outdated_queue() -> list[QueueEntry]:
    """Out-of-date translations of published practices, the most changed original first."""
    translations = db.session.scalars(
        select(PracticeTranslation)
        .join(PracticeTranslation.practice)
        .where(Practice.status == Status.PUBLISHED)
        .options(
            selectinload(PracticeTranslation.source_revision),
            selectinload(PracticeTranslation.practice).selectinload(Practice.revisions),
        )
    )
    entries = [QueueEntry(t, changed_words(t)) for t in translations if is_outdated(t)]
    return sorted(entries, key=lambda e: (-e.words, e.translation.practice.title))


def untranslated(language: str, limit: int = 100) -> list[Practice]:
    """Published practices written in another language with no translation into `language`."""
    translated = select(PracticeTranslation.practice_id).where(
        PracticeTranslation.language == language
    )
    return list(
        db.session.scalars(
            select(Practice)
            .where(
                Practice.status == Status.PUBLISHED,
                Practice.language != language,
                Practice.id.not_in(translated),
            )
            .order_by(Practice.title)
            .limit(limit)
        )
    )
