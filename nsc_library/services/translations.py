"""Translations of a practice's write-up, each pinned to the revision of the original it came from.

A translation goes live with its practice without a review of its own: it says what the reviewed
original says, its translator is a contributor of the practice's city or an editor, and every
save is in the audit log. When the original changes, the translation shows as out of date (with
the words changed since its revision) until a translator updates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from nsc_library.exchange.translations import check_text_fields
from nsc_library.extensions import db
from nsc_library.i18n import LANGUAGES
from nsc_library.models import TRANSLATED_FIELDS, Practice, PracticeTranslation, Revision, User
from nsc_library.models.columns import as_utc, utcnow
from nsc_library.practice_rules import Status
from nsc_library.services import audit
from nsc_library.services.policy import Action, may
from nsc_library.textdiff import word_diff, words_changed

# Translations are into the interface languages: a reader is shown the one of their language.
TRANSLATION_LANGUAGES = tuple(LANGUAGES)

FIELD_LABELS = {
    "title": _l("Title"),
    "summary": _l("Summary"),
    "description": _l("How it works"),
    "results": _l("Results and lessons"),
    "evaluation_summary": _l("Evaluation summary"),
    "resources": _l("Resources (staffing and cost)"),
}


class TranslationError(ValueError):
    """A translation that cannot be saved; the message tells the user why."""


class NotAllowedToTranslate(TranslationError):
    pass


class TranslationConflict(TranslationError):
    pass


class InvalidTranslation(TranslationError):
    """`problems` name the fields that need attention."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))
        self.problems = problems


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


def states(practice: Practice) -> list[QueueEntry]:
    """Each translation of the practice with the words of the original changed since it."""
    return [QueueEntry(t, changed_words(t)) for t in practice.translations]


def check_text(practice: Practice, language: str, text: dict[str, Any]) -> dict[str, str]:
    """The cleaned text, or InvalidTranslation naming every field that needs attention."""
    problems: list[tuple[str, str]] = []
    if language not in TRANSLATION_LANGUAGES:
        problems.append(("language", _("choose one of the library's languages")))
    elif language == practice.language:
        problems.append(("language", _("this is the language of the original")))
    cleaned, wrong = check_text_fields(text)
    if problems or wrong:
        raise InvalidTranslation(problems + wrong)
    return cleaned


def save_translation(
    practice: Practice,
    language: str,
    text: dict[str, Any],
    user: User | None,
    source_revision: int | None = None,
    new: bool = False,
    base_saved: str | None = None,
) -> PracticeTranslation:
    """Add or update the translation into `language`, made from revision `source_revision` of
    the original (its present text when None). `new`: refuse if one exists already.
    `base_saved`: the `saved_stamp` the translator's form was filled from; a save based on an
    older one is refused instead of overwriting someone else's."""
    if user is not None and not may(user, Action.EDIT, practice):
        raise NotAllowedToTranslate(_("You may not translate this practice."))
    cleaned = check_text(practice, language, text)
    source = revision_numbered(practice, source_revision)
    if source is None:
        raise InvalidTranslation(
            [("source_revision", _("this practice has no revision %(n)s", n=source_revision))]
        )
    translation = find(practice, language)
    if translation is not None and new:
        message = _("there is a translation into this language already: edit it")
        raise InvalidTranslation([("language", message)])
    if base_saved is not None and saved_stamp(translation) != base_saved:
        raise TranslationConflict(
            _(
                "Someone else saved this translation while you were editing it. Your text is "
                "kept below: compare it with theirs on the practice's page, then save again."
            )
        )
    return write(practice, language, cleaned, source, user)


def write(
    practice: Practice,
    language: str,
    cleaned: dict[str, str],
    source: Revision,
    user: User | None,
) -> PracticeTranslation:
    """Store checked text; an audit entry says who translated what from which revision."""
    translation = find(practice, language)
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
    """Remove the translation into `language`; the index drops its words with the commit."""
    if not may(user, Action.EDIT, practice):
        raise NotAllowedToTranslate(_("You may not translate this practice."))
    translation = find(practice, language)
    if translation is None:
        raise TranslationError(_("This practice has no translation into this language."))
    practice.translations.remove(translation)
    audit.record(user, "practice.translation_deleted", practice.slug, language=language)
    db.session.flush()


def import_translations(
    practice: Practice, records: list[dict[str, Any]], user: User | None
) -> list[str]:
    """Add or update the translations of an exchange record (checked by the exchange format);
    unchanged ones are left alone. Returns problems (a revision that does not exist)."""
    problems: list[str] = []
    for record in records:
        number = record["source_revision"]
        source = revision_numbered(practice, number)
        if source is None:
            problems.append(
                f"{record['language']}: the practice has no revision {number} in this library "
                f"(it has {len(practice.revisions)}); leave source_revision out to pin the "
                "translation to the present text"
            )
            continue
        cleaned = {key: record[key] for key in TRANSLATED_FIELDS}
        present = find(practice, record["language"])
        if (
            present
            and text_of_translation(present) == cleaned
            and present.source_revision == source
        ):
            continue
        write(practice, record["language"], cleaned, source, user)
    return problems


def saved_stamp(translation: PracticeTranslation | None) -> str:
    """When the translation was last saved, as the form carries it ("" before the first save)."""
    if translation is None or translation.updated_at is None:
        return ""
    return as_utc(translation.updated_at).isoformat()


def text_of_translation(translation: PracticeTranslation) -> dict[str, str]:
    return {key: getattr(translation, key) or "" for key in TRANSLATED_FIELDS}


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
    entries = [QueueEntry(t, changed_words(t)) for t in translations if t.outdated]
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
