"""Which text of a practice a reader sees: the original, or its translation into their language.

`/practices/<slug>` shows the translation into the reader's interface language when there is one
(else the original); `/practices/<slug>/<language>` always shows that language, the original's
code giving the original. The second addresses are the `hreflang` alternates of the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import abort, url_for
from flask_babel import get_locale, gettext

from nsc_library.models import TRANSLATED_FIELDS, Practice, PracticeTranslation
from nsc_library.services import translations


@dataclass
class ShownText:
    """The text on the page and where it came from."""

    language: str
    text: dict[str, str]
    translation: PracticeTranslation | None = None
    changes: list[Any] = field(default_factory=list)
    changed_words: int = 0
    alternates: list[tuple[str, str]] = field(default_factory=list)
    canonical: str = ""

    def __getattr__(self, name: str) -> str:
        if name in TRANSLATED_FIELDS:
            return self.text[name]
        raise AttributeError(name)


def interface_language() -> str:
    return str(get_locale().language)


def reader_translation(practice: Practice) -> PracticeTranslation | None:
    """The translation into the reader's interface language, unless that is the original's."""
    wanted = interface_language()
    return translations.find(practice, wanted) if wanted != practice.language else None


def negotiated(practice: Practice) -> ShownText:
    """The practice in the reader's language if it has a translation into it, else as written."""
    return shown(practice, reader_translation(practice))


def in_language(practice: Practice, language: str) -> ShownText:
    """The practice in `language`: the original, a translation, or a 404."""
    if language == practice.language:
        return shown(practice, None)
    translation = translations.find(practice, language)
    if translation is None:
        abort(404, description=gettext("This practice has no translation into this language."))
    return shown(practice, translation)


def shown(practice: Practice, translation: PracticeTranslation | None) -> ShownText:
    source = translation if translation is not None else practice
    result = ShownText(
        language=translation.language if translation else practice.language,
        text={key: getattr(source, key) or "" for key in TRANSLATED_FIELDS},
        translation=translation,
        alternates=alternates(practice),
    )
    if translation is not None:
        result.canonical = language_url(practice, translation.language)
        if translation.outdated:
            result.changes = translations.original_changes(translation)
            result.changed_words = sum(change.words for change in result.changes)
    else:
        result.canonical = url_for("public.practice", slug=practice.slug, _external=True)
    return result


def language_url(practice: Practice, language: str) -> str:
    return url_for("public.practice_in", slug=practice.slug, language=language, _external=True)


def alternates(practice: Practice) -> list[tuple[str, str]]:
    """(hreflang, address) of the original and each translation; empty without translations."""
    if not practice.translations:
        return []
    languages = [practice.language, *(t.language for t in practice.translations)]
    return [(code, language_url(practice, code)) for code in languages]
